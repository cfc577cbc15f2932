// When a record that says "running" is really a run nobody is training any more: its process
// died (killed, machine rebooted, disk full at the final write). One rule for the tree, the
// CLI's list and the panels.
import type { RunRecord } from './record';

/** How often a running controller rewrites its record even when no epoch ends. */
export const HEARTBEAT_MS = 60_000;
/** A running record not rewritten for this long is stale even when its pid looks alive (pid reuse, another host). */
export const STALE_AFTER_MS = 10 * HEARTBEAT_MS;

export interface LivenessProbe {
  now: number;
  host: string;
  /** Whether a process with this id exists on this host. */
  pidAlive(pid: number): boolean;
}

export type Liveness = 'live' | 'interrupted' | 'settled';

export function runLiveness(
  record: Pick<RunRecord, 'status' | 'owner' | 'heartbeatAt' | 'createdAt'>,
  probe: LivenessProbe,
): Liveness {
  if (record.status !== 'running' && record.status !== 'queued') return 'settled';
  const beat = Date.parse(record.heartbeatAt ?? record.createdAt);
  const silentFor = Number.isNaN(beat) ? Infinity : probe.now - beat;
  if (record.owner && record.owner.host === probe.host && !probe.pidAlive(record.owner.pid)) return 'interrupted';
  return silentFor > STALE_AFTER_MS ? 'interrupted' : 'live';
}
