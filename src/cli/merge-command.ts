// `mnist-lab merge <records or folders…> [--out <runs folder>]`: a sweep's trial records, from
// whatever engine ran them, into one run. Exit 0 when every trial is there and done, 1 when the
// merged run is incomplete (it is still written; what to rerun is printed), 2 when nothing
// could be merged (no records, records of different sweeps, bad arguments).
import * as path from 'node:path';
import { MergeError, mergeTrialRecords, rerunCommand } from '../cluster/merge';
import { writeMergedRun } from '../cluster/merge-output';
import { findRecordFiles, formatRecordProblem, readTrialRecords } from '../cluster/trial-records';
import { formatTrialList } from '../cluster/trial-select';
import { summary } from './format';

export interface MergeCommandIo {
  log: (line: string) => void;
  error: (line: string) => void;
  /** How the user invokes the CLI, for the rerun command ("mnist-lab"). */
  cli: string;
}

export function mergeCommand(inputs: readonly string[], out: string | undefined, io: MergeCommandIo): number {
  const runsRoot = path.resolve(out ?? path.join('.mnistlab', 'runs'));

  const { files, problems: findProblems } = findRecordFiles(inputs);
  const { records, problems } = readTrialRecords(files);
  const unusable = [...findProblems, ...problems];
  for (const p of unusable) io.error(`unusable trial record: ${formatRecordProblem(p)}`);
  if (records.length === 0) {
    io.error(`no trial records found in ${inputs.join(', ')} (a trial record is the run.json that \`mnist-lab run --trial\` writes)`);
    return 2;
  }
  let outcome;
  try {
    outcome = mergeTrialRecords(records);
  } catch (e) {
    if (e instanceof MergeError) {
      io.error(e.message);
      return 2;
    }
    throw e;
  }
  for (const note of outcome.notes) io.error(`note: ${note}`);
  const written = writeMergedRun(outcome, runsRoot);
  io.log(summary(written.record, written.runDir));
  const done = outcome.part.of - outcome.missing.length - outcome.failed.length;
  io.log(`merged ${done} of ${outcome.part.of} trials from ${records.length} record${records.length === 1 ? '' : 's'}`);
  if (written.modelsMissing.length > 0) io.error(`trained models not found beside the records of trial ${formatTrialList(written.modelsMissing)}; their results are merged without a model`);
  if (outcome.missing.length > 0) io.error(`missing: trial ${formatTrialList(outcome.missing)} (no record found)`);
  for (const f of outcome.failed) io.error(`${f.status}: trial ${f.index}: ${f.reason}`);
  const rerun = rerunCommand(outcome, path.resolve(String(inputs[0])), io.cli);
  if (rerun) {
    io.error(`incomplete: rerun what is missing or failed, then merge again:\n  ${rerun}`);
    const slurm = [...outcome.missing, ...outcome.failed.map((f) => f.index)];
    io.error(`  (on Slurm: sbatch --array=${formatTrialList(slurm)} <the plan's .slurm.sh>)`);
    return 1;
  }
  if (unusable.length > 0) {
    io.error(`every trial is merged, but ${unusable.length} file(s) above could not be read`);
    return 1;
  }
  return 0;
}
