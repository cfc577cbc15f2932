// The machine-specific half of the stale-run rule (src/core/liveness.ts): this host's name and
// whether a pid is alive here.
import * as os from 'node:os';
import { runLiveness, type Liveness, type LivenessProbe } from '../core/liveness';
import type { RunRecord } from '../core/record';

export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function localProbe(now = Date.now()): LivenessProbe {
  return { now, host: os.hostname(), pidAlive };
}

export function liveness(
  record: Pick<RunRecord, 'status' | 'owner' | 'heartbeatAt' | 'createdAt'>,
  probe: LivenessProbe = localProbe(),
): Liveness {
  return runLiveness(record, probe);
}
