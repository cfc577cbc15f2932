// Successive halving (Jamieson & Talwalkar 2016; Li et al. 2018, ASHA): every configuration
// trains for a small epoch budget, the best 1/η of each rung go on to η times the budget, and
// the rest are stopped there. Pure: the run controller asks it what to train next and tells it
// what came out; a synthetic objective tests it without training anything.
import { bestEpoch, improves, monitoredValue, type Monitor } from './best';
import type { HalvingSettings } from './experiment';
import type { EpochRecord } from './record';

export type { HalvingSettings } from './experiment';

/** Epoch budgets of the rungs: minEpochs·η^k, the last one maxEpochs (e.g. 1, 3, 9 or 2, 6, 20). */
export function rungBudgets(minEpochs: number, maxEpochs: number, eta: number): number[] {
  if (!(minEpochs >= 1 && maxEpochs >= minEpochs && eta >= 2))
    throw new Error(
      `successive halving needs 1 ≤ minEpochs ≤ maxEpochs and η ≥ 2 (got ${minEpochs}, ${maxEpochs}, ${eta})`,
    );
  const steps = Math.max(0, Math.round(Math.log(maxEpochs / minEpochs) / Math.log(eta)));
  const budgets: number[] = [];
  for (let k = 0; k < steps; k++) {
    const b = Math.round(minEpochs * eta ** k);
    if (b < maxEpochs && (budgets.length === 0 || b > budgets[budgets.length - 1])) budgets.push(b);
  }
  budgets.push(maxEpochs);
  return budgets;
}

/**
 * The number a rung compares: the monitored value at the epoch early stopping would keep (the
 * best so far), so a trial is judged by the model it would hand back. Null when no epoch has it.
 */
export function rungValue(history: readonly EpochRecord[], metric: Monitor): number | null {
  const epoch = bestEpoch(history, metric);
  const record = history.find((e) => e.epoch === epoch);
  const value = record ? monitoredValue(record, metric) : null;
  return value !== null && Number.isFinite(value) ? value : null;
}

/** One unit of work: train member `member` (a repeat seed) of `candidate` for `epochs` epochs. */
export interface HalvingJob {
  candidate: number;
  member: number;
  rung: number;
  epochs: number;
}

export type CandidateState = 'waiting' | 'running' | 'paused' | 'stopped' | 'completed' | 'failed';

export interface CandidateStatus {
  /** Highest rung reached (or being trained), -1 before the first job. */
  rung: number;
  state: CandidateState;
  /** Mean metric over the members at `rung`, once all reported. */
  value: number | null;
  /** Rungs this candidate was promoted from, in order. */
  promotions: number[];
}

interface Candidate {
  rung: number;
  state: CandidateState;
  /** Value per rung (mean of members), null until complete. */
  values: (number | null)[];
  /** Members still training at `rung`. */
  outstanding: number;
  memberValues: number[];
  converged: boolean;
  promotions: number[];
}

/**
 * ASHA over a fixed set of candidates (grid or random configurations), each trained as
 * `repeats` members (seeds) whose mean decides. Members of a candidate's rung job are handed out
 * together, one per call of next().
 */
export class HalvingScheduler {
  readonly budgets: number[];
  private readonly candidates: Candidate[];
  private readonly queue: HalvingJob[] = [];
  private nextNew = 0;
  private running = 0;
  private cleared = false;
  /** Epochs trained so far, a replayed epoch counted again (see the controller). */
  epochsSpent = 0;
  /** Every promotion in the order it was decided: what the panel replays. */
  readonly log: Array<{ candidate: number; from: number; to: number }> = [];

  constructor(
    count: number,
    private readonly settings: HalvingSettings,
    private readonly repeats = 1,
  ) {
    this.budgets = rungBudgets(settings.minEpochs, settings.maxEpochs, settings.eta);
    this.candidates = Array.from({ length: count }, () => ({
      rung: -1,
      state: 'waiting' as CandidateState,
      values: [],
      outstanding: 0,
      memberValues: [],
      converged: false,
      promotions: [],
    }));
  }

  get topRung(): number {
    return this.budgets.length - 1;
  }

  status(candidate: number): CandidateStatus {
    const c = this.candidates[candidate];
    return {
      rung: c.rung,
      state: c.state,
      value: c.rung >= 0 ? (c.values[c.rung] ?? null) : null,
      promotions: [...c.promotions],
    };
  }

  private better = (a: number, b: number) =>
    improves(a, b, this.settings.metric) ? -1 : improves(b, a, this.settings.metric) ? 1 : 0;

  /** Candidates with a complete value at rung k, best first (ties: lower index). */
  private ranked(k: number): number[] {
    const idx: number[] = [];
    this.candidates.forEach((c, i) => {
      if (c.values[k] !== undefined && c.values[k] !== null) idx.push(i);
    });
    return idx.sort((a, b) => this.better(this.candidates[a].values[k]!, this.candidates[b].values[k]!) || a - b);
  }

  /** Whether every result rung k will ever get is in (the synchronous promotion waits for it). */
  private complete(k: number): boolean {
    const settled = this.candidates.every((c) => c.rung !== k || c.outstanding === 0 || c.state === 'failed');
    if (k === 0) return this.nextNew >= this.candidates.length && settled;
    return this.complete(k - 1) && this.promotable(k - 1).length === 0 && settled;
  }

  /** Candidates paused at rung k that the promotion rule lets go on, best first. */
  private promotable(k: number): number[] {
    if (k >= this.topRung) return [];
    if (!this.settings.asynchronous && !this.complete(k)) return [];
    const ranked = this.ranked(k);
    const quota = Math.floor(ranked.length / this.settings.eta);
    return ranked.slice(0, quota).filter((i) => this.candidates[i].state === 'paused' && this.candidates[i].rung === k);
  }

  private start(candidate: number, rung: number): void {
    const c = this.candidates[candidate];
    if (rung > 0) {
      c.promotions.push(rung - 1);
      this.log.push({ candidate, from: rung - 1, to: rung });
    }
    c.rung = rung;
    c.state = 'running';
    c.outstanding = this.repeats;
    c.memberValues = [];
    for (let m = 0; m < this.repeats; m++) this.queue.push({ candidate, member: m, rung, epochs: this.budgets[rung] });
  }

  /**
   * What a free worker should train: a queued member job, else the best promotable candidate of
   * the highest rung, else a new candidate at rung 0; 'wait' while results that could decide a
   * promotion are outstanding; 'finished' when nothing is left.
   */
  next(): HalvingJob | 'wait' | 'finished' {
    if (this.queue.length === 0 && !this.cleared) {
      let promoted = false;
      for (let k = this.topRung - 1; k >= 0 && !promoted; k--) {
        const [best] = this.promotable(k);
        if (best !== undefined) {
          this.start(best, k + 1);
          promoted = true;
        }
      }
      if (!promoted && this.nextNew < this.candidates.length) this.start(this.nextNew++, 0);
      else if (!promoted && this.running === 0) this.finishOff();
    }
    const job = this.queue.shift();
    if (job) {
      this.running++;
      return job;
    }
    return this.running > 0 ? 'wait' : 'finished';
  }

  // With few candidates the quota floor(n/η) can be 0 at some rung, and nothing would reach the
  // full budget: the best of the highest rung reached goes on, so the pick is always fully trained.
  private finishOff(): void {
    if (
      this.candidates.some((c) => c.rung === this.topRung && c.state !== 'failed') ||
      this.candidates.some((c) => c.converged && c.state === 'completed')
    ) {
      this.stopTheRest();
      return;
    }
    for (let k = this.topRung - 1; k >= 0; k--) {
      const best = this.ranked(k).find((i) => this.candidates[i].state === 'paused' && this.candidates[i].rung === k);
      if (best !== undefined) {
        this.start(best, k + 1);
        return;
      }
    }
    this.stopTheRest();
  }

  private stopTheRest(): void {
    for (const c of this.candidates) if (c.state === 'paused') c.state = 'stopped';
  }

  /**
   * A member's job ended: `value` is its rung value (null when it failed), `epochs` the epochs
   * it actually trained, `converged` true when early stopping ended it before the budget (more
   * epochs would change nothing, so it is complete rather than promotable).
   */
  report(job: HalvingJob, outcome: { value: number | null; epochs: number; converged: boolean }): void {
    const c = this.candidates[job.candidate];
    this.running--;
    this.epochsSpent += outcome.epochs;
    if (c.state === 'failed') return;
    if (outcome.value === null) {
      c.state = 'failed';
      c.values[job.rung] = null;
      // Its other members' queued jobs are dropped; running ones still report (and are ignored).
      for (let i = this.queue.length - 1; i >= 0; i--)
        if (this.queue[i].candidate === job.candidate) this.queue.splice(i, 1);
      return;
    }
    c.memberValues.push(outcome.value);
    c.converged ||= outcome.converged;
    c.outstanding--;
    if (c.outstanding > 0) return;
    c.values[job.rung] = c.memberValues.reduce((a, b) => a + b, 0) / c.memberValues.length;
    c.state = job.rung === this.topRung || c.converged ? 'completed' : 'paused';
  }

  /** Drop everything not yet started (a cancelled or aborted run). */
  clear(): void {
    this.queue.length = 0;
    this.cleared = true;
  }

  /**
   * The configuration the search picks: the best value among the candidates trained to the
   * full budget (or ended by early stopping); null when none completed.
   */
  pick(): number | null {
    let best: number | null = null;
    this.candidates.forEach((c, i) => {
      if (c.state !== 'completed') return;
      const v = c.values[c.rung]!;
      if (best === null || improves(v, this.candidates[best].values[this.candidates[best].rung]!, this.settings.metric))
        best = i;
    });
    return best;
  }
}
