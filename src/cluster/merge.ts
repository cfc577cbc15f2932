// Assembles a sweep's trial records into one run record of exactly the shape a local sweep
// writes (src/runs/controller.ts), and says what is missing, failed or doubtful. Pure: the
// caller reads the records and writes the result.
import type { ExperimentFile } from '../core/schema';
import { RUN_FORMAT, type RunRecord, type RunStatus, type SweepPart, type TrialRecord } from '../core/record';
import { resolveExperiment } from '../experiments/resolve';
import type { FoundRecord, RecordProblem } from './trial-records';
import { formatTrialList } from './trial-select';

const FINAL: ReadonlySet<RunStatus> = new Set(['done', 'failed', 'cancelled']);

export class MergeError extends Error {
  /** Files that could not be used, when the merge stopped because nothing was left. */
  unusable: RecordProblem[] = [];
}

export interface MergedTrialSource {
  index: number;
  /** The record the trial was taken from; null when no record holds it. */
  file: string | null;
  /** How many trials that record holds (its task saved models accordingly). */
  trialsInRecord: number;
}

export interface MergeOutcome {
  record: Omit<RunRecord, 'id' | 'owner'>;
  /** Per index, where its trial came from (to copy the trained models). */
  sources: MergedTrialSource[];
  missing: number[];
  /** Failed, cancelled, or never finished (a killed task). */
  failed: { index: number; status: RunStatus; reason: string }[];
  /** Not fatal, worth telling: duplicates, mixed backends, mixed data. */
  notes: string[];
  part: SweepPart;
}

const finishedAt = (t: TrialRecord, r: RunRecord) => t.finishedAt ?? r.finishedAt ?? r.createdAt;

function pickTrial(candidates: { trial: TrialRecord; found: FoundRecord }[], notes: string[]) {
  // A done attempt wins over a failed one (a rerun after a failure); among equals the newest.
  const rank = (c: (typeof candidates)[number]) => (c.trial.status === 'done' ? 2 : FINAL.has(c.trial.status) ? 1 : 0);
  const sorted = [...candidates].sort(
    (a, b) =>
      rank(b) - rank(a) || finishedAt(b.trial, b.found.record).localeCompare(finishedAt(a.trial, a.found.record)),
  );
  const chosen = sorted[0];
  if (candidates.length > 1) {
    notes.push(
      `trial ${chosen.trial.index}: ${candidates.length} records (${candidates.map((c) => `${c.trial.status} in ${c.found.file}`).join('; ')}); using the ${chosen.trial.status} one from ${chosen.found.file}`,
    );
  }
  return chosen;
}

function placeholder(expected: TrialRecord, reason: string): TrialRecord {
  return { ...expected, status: 'failed', error: reason };
}

/** Groups by sweep key; more than one sweep among the inputs is an error naming each. */
function oneSweep(records: readonly FoundRecord[]): FoundRecord[] {
  const groups = new Map<string, FoundRecord[]>();
  for (const r of records) groups.set(r.record.sweepPart!.key, [...(groups.get(r.record.sweepPart!.key) ?? []), r]);
  if (groups.size <= 1) return [...records];
  const lines = [...groups.values()].map((g) => {
    const { record } = g[0];
    return `  "${record.experiment.name}"${record.sweepPart!.quick ? ' (quick)' : ''}${record.sweepPart!.seed !== null ? ` seed ${record.sweepPart!.seed}` : ''}, key ${record.sweepPart!.key}: ${g.length} record(s), e.g. ${g[0].file}`;
  });
  throw new MergeError(
    `the records belong to ${groups.size} different sweeps (a different experiment text, --quick or --seed); merge each on its own:\n${lines.join('\n')}`,
  );
}

function common<T>(values: T[], what: string, notes: string[]): T {
  const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
  if (distinct.length > 1)
    notes.push(
      `the trials ran with different ${what}: ${distinct.join(', ')}; their numbers are not strictly comparable`,
    );
  return values[0];
}

export function mergeTrialRecords(found: readonly FoundRecord[]): MergeOutcome {
  if (found.length === 0)
    throw new MergeError('no trial records found (a trial record is the run.json that `mnist-lab run --trial` writes)');
  const records = oneSweep(found);
  const first = records[0].record;
  const part = first.sweepPart!;
  const notes: string[] = [];

  // The full trial list, for the labels and configs of trials no record holds.
  const expected = resolveExperiment(first.source as ExperimentFile, first.experiment.file, {
    quick: part.quick,
    seed: part.seed ?? undefined,
  });
  if (expected.trials.length !== part.of)
    throw new MergeError(
      `${records[0].file}: /sweepPart/of: the record says ${part.of} trials, its experiment expands to ${expected.trials.length}`,
    );

  const byIndex = new Map<number, { trial: TrialRecord; found: FoundRecord }[]>();
  for (const f of records)
    for (const t of f.record.trials) byIndex.set(t.index, [...(byIndex.get(t.index) ?? []), { trial: t, found: f }]);

  const trials: TrialRecord[] = [];
  const sources: MergedTrialSource[] = [];
  const missing: number[] = [];
  const failed: MergeOutcome['failed'] = [];
  const used = new Set<FoundRecord>();
  for (const e of expected.trials) {
    const skeleton: TrialRecord = {
      index: e.index,
      label: e.label,
      params: e.params,
      status: 'queued',
      config: e,
      history: [],
      result: null,
      error: null,
      startedAt: null,
      finishedAt: null,
    };
    const candidates = byIndex.get(e.index);
    if (!candidates) {
      missing.push(e.index);
      trials.push(
        placeholder(
          skeleton,
          'no trial record was found for this trial (its task did not run, or its record was lost or unreadable)',
        ),
      );
      sources.push({ index: e.index, file: null, trialsInRecord: 0 });
      continue;
    }
    const { trial, found: from } = pickTrial(candidates, notes);
    used.add(from);
    sources.push({ index: e.index, file: from.file, trialsInRecord: from.record.trials.length });
    if (!FINAL.has(trial.status)) {
      const reason = `the record never reached a final state (${trial.status}): the task was killed or is still running (${from.file})`;
      failed.push({ index: e.index, status: 'failed', reason });
      trials.push({ ...trial, status: 'failed', error: reason });
      continue;
    }
    if (trial.status !== 'done')
      failed.push({ index: e.index, status: trial.status, reason: trial.error ?? trial.status });
    trials.push(trial);
  }

  const usedRecords = [...used].map((f) => f.record);
  const createdAt = usedRecords.map((r) => r.createdAt).sort()[0] ?? first.createdAt;
  // A merged run is settled, so it has an end like any settled local run: the last task's end,
  // else (every task was killed) the last time one of them wrote its record.
  const latest = (times: (string | null | undefined)[]) =>
    times
      .filter((t): t is string => typeof t === 'string')
      .sort()
      .at(-1);
  const end =
    latest(usedRecords.map((r) => r.finishedAt)) ?? latest(usedRecords.map((r) => r.heartbeatAt)) ?? createdAt;
  const backend = common(
    usedRecords.map((r) => r.backend),
    'backends',
    notes,
  );
  common(
    usedRecords.map((r) => r.dataset?.fingerprint ?? null),
    'data (dataset fingerprints)',
    notes,
  );
  const withBackend = usedRecords.find((r) => r.backend === backend) ?? first;

  const anyFailed = missing.length > 0 || failed.some((f) => f.status === 'failed');
  const status: RunStatus = anyFailed ? 'failed' : failed.length > 0 ? 'cancelled' : 'done';
  const problems = [
    missing.length > 0 ? `trial${missing.length === 1 ? '' : 's'} ${formatTrialList(missing)} missing` : null,
    failed.length > 0
      ? `trial${failed.length === 1 ? '' : 's'} ${formatTrialList(failed.map((f) => f.index))} ${anyFailed ? 'did not finish' : 'cancelled'}`
      : null,
  ].filter((p) => p !== null);

  const record: MergeOutcome['record'] = {
    format: RUN_FORMAT,
    experiment: first.experiment,
    status,
    quick: part.quick,
    createdAt,
    finishedAt: end,
    backend,
    backendNote: withBackend.backendNote,
    tfjsVersion: withBackend.tfjsVersion,
    dataset: withBackend.dataset,
    environment: withBackend.environment,
    source: first.source,
    sweepParameters: expected.sweepParameters,
    trials,
    backprop: null,
    error: problems.length > 0 ? `${problems.join('; ')} (of ${part.of}; merged from trial records)` : null,
    wallSeconds: (Date.parse(end) - Date.parse(createdAt)) / 1000,
    // Settled: readers never ask whether it is alive. The writer fills in its own owner.
    heartbeatAt: end,
    // As a local sweep records it (src/runs/trial-jobs.ts): halving never reaches a merge, since
    // its trials cannot be split into tasks, so there are no promotions or pick to carry over.
    ...(expected.search
      ? {
          search: {
            ...expected.search,
            epochsSpent: trials.reduce((sum, t) => sum + t.history.length, 0),
            promotions: [],
            pick: null,
          },
        }
      : {}),
  };
  return { record, sources, missing, failed, notes, part };
}

/** The command that reruns the missing and failed trials the same way, into the same folder. */
export function rerunCommand(
  outcome: Pick<MergeOutcome, 'missing' | 'failed' | 'part' | 'record'>,
  trialsFolder: string,
  cli = 'mnist-lab',
): string | null {
  const indices = [...outcome.missing, ...outcome.failed.map((f) => f.index)];
  if (indices.length === 0) return null;
  const file = outcome.record.experiment.file ?? '<experiment file>';
  const q = (s: string) => (/^[\w./:=@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  // The backend the other trials used: numbers are reproducible per backend.
  const backend = outcome.record.backend ? `--backend ${q(outcome.record.backend)}` : null;
  return [
    cli,
    'run',
    q(file),
    '--trial',
    formatTrialList(indices),
    outcome.part.quick ? '--quick' : null,
    outcome.part.seed !== null ? `--seed ${outcome.part.seed}` : null,
    backend,
    '--out',
    q(trialsFolder),
  ]
    .filter((p) => p !== null)
    .join(' ');
}
