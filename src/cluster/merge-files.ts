// Merging as the CLI and the extension both do it: find the records under the given paths,
// read them, merge, write the new run, and say in plain lines what is wrong or missing.
import { MergeError, mergeTrialRecords, rerunCommand, type MergeOutcome } from './merge';
import { writeMergedRun, type WrittenMerge } from './merge-output';
import { findRecordFiles, formatRecordProblem, readTrialRecords, type RecordProblem } from './trial-records';
import { formatTrialList } from './trial-select';

export interface MergeResult {
  outcome: MergeOutcome;
  written: WrittenMerge;
  /** Files that looked like records and could not be used. */
  unusable: RecordProblem[];
  records: number;
  /** Every trial there and done, and every file readable. */
  complete: boolean;
  /** What to tell the user, one problem a line; empty when complete. */
  problems: string[];
  /** Reruns the missing and failed trials the same way; null when none. */
  rerun: string | null;
}

/** Throws MergeError when nothing can be merged (no records, or records of several sweeps). */
export async function mergeFiles(
  inputs: readonly string[],
  runsRoot: string,
  options: { cli: string; rerunInto: string },
): Promise<MergeResult> {
  const { files, problems: findProblems } = findRecordFiles(inputs);
  const read = await readTrialRecords(files);
  const unusable = [...findProblems, ...read.problems];
  let outcome: MergeOutcome;
  try {
    outcome = mergeTrialRecords(read.records);
  } catch (e) {
    if (e instanceof MergeError) e.unusable = unusable;
    throw e;
  }
  const written = writeMergedRun(outcome, runsRoot);
  const rerun = rerunCommand(outcome, options.rerunInto, options.cli);
  const problems = [
    ...unusable.map(formatRecordProblem),
    ...outcome.notes.map((n) => `note: ${n}`),
    ...(written.modelsMissing.length > 0
      ? [
          `trained models not found beside the records of trial ${formatTrialList(written.modelsMissing)}; their results are merged without a model`,
        ]
      : []),
    ...(outcome.missing.length > 0 ? [`missing: trial ${formatTrialList(outcome.missing)} (no record found)`] : []),
    ...outcome.failed.map((f) => `${f.status}: trial ${f.index}: ${f.reason}`),
  ];
  return {
    outcome,
    written,
    unusable,
    records: read.records.length,
    complete: rerun === null && unusable.length === 0,
    problems,
    rerun,
  };
}

export function mergedCount(result: Pick<MergeResult, 'outcome'>): string {
  const { part, missing, failed } = result.outcome;
  return `${part.of - missing.length - failed.length} of ${part.of} trials`;
}
