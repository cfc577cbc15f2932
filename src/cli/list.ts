// `mnist-lab list`: every run below a runs folder, newest first, and every run.json that cannot
// be read (with why), as a table or as JSON for scripts. Read from the runs' summary.json files.
import * as path from 'node:path';
import { listRunSummaries } from '../runs/summary-index';
import { liveness, localProbe } from '../runs/liveness-probe';
import type { RunRecord } from '../core/record';
import { formatPercent } from '../core/format';
import { table } from './format';
import { terminalSafe } from './terminal-text';

export interface ListedRun {
  runDir: string;
  id: string;
  /** The recorded status, or "interrupted" for a "running" record whose process is gone. */
  status: RunRecord['status'] | 'interrupted';
  experiment: string;
  file: string | null;
  quick: boolean;
  createdAt: string;
  trials: number;
  /** Test accuracy of the best finished trial (core/best.ts), 0…1, or null. */
  testAccuracy: number | null;
  error: string | null;
}

export async function listCommand(out: string | undefined, json: boolean): Promise<number> {
  const root = path.resolve(out ?? path.join('.mnistlab', 'runs'));
  // From each run's summary.json (the record only where there is none or it is stale), and
  // nothing written: listing is a read.
  const { runs, unreadable } = await listRunSummaries(root, { write: false });
  const probe = localProbe();
  const listed: ListedRun[] = runs.map(({ runDir, summary: record }) => ({
    runDir,
    id: record.id,
    status: liveness(record, probe) === 'interrupted' ? 'interrupted' : record.status,
    experiment: record.experiment.name,
    file: record.experiment.file,
    quick: record.quick,
    createdAt: record.createdAt,
    trials: record.trials.length,
    testAccuracy: record.bestTestAccuracy,
    error: record.error,
  }));
  if (json) {
    console.log(
      JSON.stringify(
        {
          root,
          runs: listed,
          unreadable: unreadable.map((u) => ({ runDir: u.runDir, file: u.file, reason: u.reason })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  if (listed.length === 0 && unreadable.length === 0) {
    console.log(`no runs in ${root}`);
    return 0;
  }
  if (listed.length > 0) {
    const rows = listed.map((r) => [
      r.status,
      r.experiment + (r.quick ? ' (quick)' : ''),
      r.createdAt,
      r.trials > 1 ? `${formatPercent(r.testAccuracy)} (best of ${r.trials})` : formatPercent(r.testAccuracy),
      path.relative(root, r.runDir),
    ]);
    console.log(terminalSafe(table(['status', 'experiment', 'created', 'test acc', 'run folder'], rows)));
  }
  for (const u of unreadable) console.log(terminalSafe(`unreadable run: ${u.file}: ${u.reason}`));
  return 0;
}
