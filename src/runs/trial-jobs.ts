// What a free trainer process trains next. A plain sweep hands out its trials in order; a
// halving sweep asks the scheduler (core/halving.ts), which may say to wait for results that
// decide a promotion. A promoted trial is trained again from its seed to the next budget:
// same seed, same first epochs (the trainer is deterministic), so no checkpoint has to cross
// the process boundary, at the price of replaying the earlier epochs (counted in epochsSpent).
import type { ResolvedExperiment, ResolvedTrial } from '../core/experiment';
import type { RunRecord, TrialRecord } from '../core/record';
import { HalvingScheduler, rungValue, type HalvingJob } from '../core/halving';

export interface TrialJob {
  trial: ResolvedTrial;
}

export interface TrialJobs {
  /** The next job, 'wait' while a decision needs results still being trained, null when done. */
  next(): TrialJob | 'wait' | null;
  /** A job ended (done or failed); the record's trial holds its history and result. */
  ended(trial: TrialRecord): void;
  /** Hand out nothing more (cancel, abort). */
  clear(): void;
}

export function trialJobs(experiment: ResolvedExperiment, record: RunRecord): TrialJobs {
  const search = experiment.search;
  if (search) {
    record.search = { ...search, epochsSpent: 0, promotions: [], pick: null };
  }
  if (!search?.halving) {
    const pending = [...experiment.trials];
    return {
      next: () => {
        const trial = pending.shift();
        return trial ? { trial } : null;
      },
      ended: (t) => {
        if (record.search) record.search.epochsSpent += t.history.length;
      },
      clear: () => {
        pending.length = 0;
      },
    };
  }

  const halving = search.halving;
  // The scheduler decides from results which trials run at all: it needs every one of them.
  if (experiment.trials.length !== search.configurations * search.repeats) {
    throw new Error(
      `successive halving picks which trials to train from the results of the others, so its ${search.configurations * search.repeats} trials cannot be split into separate runs (this run holds ${experiment.trials.length})`,
    );
  }
  const scheduler = new HalvingScheduler(search.configurations, halving, search.repeats);
  const running = new Map<number, HalvingJob>();
  const trialOf = (job: HalvingJob) => job.candidate * search.repeats + job.member;
  const sync = () => {
    record.trials.forEach((t, i) => {
      const st = scheduler.status(Math.floor(i / search.repeats));
      t.rung = {
        rung: st.rung,
        epochs: st.rung >= 0 ? scheduler.budgets[st.rung] : 0,
        state: st.state,
        promotions: st.promotions,
        value: st.value,
      };
    });
    record.search!.epochsSpent = scheduler.epochsSpent;
    record.search!.promotions = scheduler.log.map((p) => ({ configuration: p.candidate, from: p.from, to: p.to }));
    record.search!.pick = scheduler.pick();
  };
  sync();
  return {
    next() {
      const job = scheduler.next();
      if (job === 'wait') return 'wait';
      if (job === 'finished') {
        sync();
        return null;
      }
      const index = trialOf(job);
      running.set(index, job);
      const base = experiment.trials[index];
      const t = record.trials[index];
      // A promotion trains again from the start: the earlier rung's epochs are replayed.
      t.history = [];
      t.result = null;
      sync();
      return { trial: { ...base, training: { ...base.training, epochs: job.epochs } } };
    },
    ended(t) {
      const job = running.get(t.index);
      if (!job) return;
      running.delete(t.index);
      const done = t.status === 'done' && t.result !== null;
      const value = done ? rungValue(t.history, halving.metric) : null;
      scheduler.report(job, { value, epochs: t.history.length, converged: done && t.result!.stoppedEarly });
      sync();
    },
    clear() {
      scheduler.clear();
      sync();
    },
  };
}
