// `mnist-lab merge <records or folders…> [--out <runs folder>]`: a sweep's trial records, from
// whatever engine ran them, into one run. Exit 0 when every trial is there and done, 1 when the
// merged run is incomplete or a record was unreadable (the run is still written; what to rerun
// is printed; also when the run cannot be written, e.g. a full disk), 2 when nothing could be
// merged (no records, records of different sweeps).
import * as path from 'node:path';
import { MergeError } from '../cluster/merge';
import { mergeFiles, mergedCount } from '../cluster/merge-files';
import { MergeWriteError } from '../cluster/merge-output';
import { formatRecordProblem } from '../cluster/trial-records';
import { formatTrialList } from '../cluster/trial-select';
import { summary } from './format';
import { terminalSafe } from './terminal-text';

export interface MergeCommandIo {
  log: (line: string) => void;
  error: (line: string) => void;
  /** How the user invokes the CLI, for the rerun command ("mnist-lab"). */
  cli: string;
}

export async function mergeCommand(
  inputs: readonly string[],
  out: string | undefined,
  rawIo: MergeCommandIo,
): Promise<number> {
  // Names, labels, paths and errors all come from records anyone can write.
  const io = {
    log: (line: string) => rawIo.log(terminalSafe(line)),
    error: (line: string) => rawIo.error(terminalSafe(line)),
  };
  const runsRoot = path.resolve(out ?? path.join('.mnistlab', 'runs'));
  let result;
  try {
    result = await mergeFiles(inputs, runsRoot, { cli: rawIo.cli, rerunInto: path.resolve(inputs[0]) });
  } catch (e) {
    if (e instanceof MergeWriteError) {
      io.error(e.message);
      return 1;
    }
    if (!(e instanceof MergeError)) throw e;
    // Nothing merged: say why each file was unusable, then what stopped the merge.
    for (const p of e.unusable) io.error(formatRecordProblem(p));
    io.error(`${inputs.join(', ')}: ${e.message}`);
    return 2;
  }
  io.log(summary(result.written.record, result.written.runDir));
  io.log(`merged ${mergedCount(result)} from ${result.records} record${result.records === 1 ? '' : 's'}`);
  for (const p of result.problems) io.error(p);
  if (result.rerun) {
    io.error(`incomplete: rerun what is missing or failed, then merge again:\n  ${result.rerun}`);
    const indices = [...result.outcome.missing, ...result.outcome.failed.map((f) => f.index)];
    io.error(`  (on Slurm: sbatch --array=${formatTrialList(indices)} <the plan's .slurm.sh>)`);
    return 1;
  }
  if (result.unusable.length > 0) {
    io.error(`every trial is merged, but ${result.unusable.length} file(s) above could not be used`);
    return 1;
  }
  return 0;
}
