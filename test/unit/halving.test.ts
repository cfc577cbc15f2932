// Successive halving on a synthetic objective: no training, just the scheduling rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HalvingScheduler,
  rungBudgets,
  rungValue,
  type HalvingJob,
  type HalvingSettings,
} from '../../src/core/halving';
import { seededRandom } from '../../src/core/random';
import type { EpochRecord } from '../../src/core/record';

const SETTINGS: HalvingSettings = { minEpochs: 1, maxEpochs: 9, eta: 3, metric: 'val_loss', asynchronous: false };

/** Candidate i's validation loss after e epochs: a floor plus a decaying term, so rankings can cross. */
const objective = (i: number, e: number) => 0.05 + ((i * 7) % 11) / 100 + ((i * 3) % 5) / (10 * e);

interface Outcome {
  value: number | null;
  epochs?: number;
  converged?: boolean;
}

/**
 * Runs the scheduler with `workers` simulated workers whose jobs take `epochs × speed` time
 * units (a seeded jitter makes finishing order differ from starting order). Returns the jobs in
 * start order and the largest number running at once.
 */
function simulate(s: HalvingScheduler, workers: number, outcome: (job: HalvingJob) => Outcome, seed = 1) {
  const random = seededRandom(seed);
  const running: Array<{ job: HalvingJob; end: number }> = [];
  const started: HalvingJob[] = [];
  let now = 0;
  let peak = 0;
  for (let guard = 0; guard < 10000; guard++) {
    // Every idle worker asks for work.
    while (running.length < workers) {
      const next = s.next();
      if (next === 'wait' || next === 'finished') break;
      started.push(next);
      running.push({ job: next, end: now + next.epochs * (1 + random()) });
    }
    peak = Math.max(peak, running.length);
    if (running.length === 0) {
      assert.equal(s.next(), 'finished');
      return { started, peak };
    }
    running.sort((a, b) => a.end - b.end);
    const { job, end } = running.shift()!;
    now = end;
    const o = outcome(job);
    s.report(job, { value: o.value, epochs: o.epochs ?? job.epochs, converged: o.converged ?? false });
  }
  throw new Error('the scheduler never finished');
}

const truth = (job: HalvingJob): Outcome => ({ value: objective(job.candidate, job.epochs) });

test('rung budgets grow by η from the minimum and end at the maximum', () => {
  assert.deepEqual(rungBudgets(1, 9, 3), [1, 3, 9]);
  assert.deepEqual(rungBudgets(2, 20, 3), [2, 6, 20]);
  assert.deepEqual(rungBudgets(1, 20, 3), [1, 3, 9, 20]);
  assert.deepEqual(rungBudgets(1, 16, 2), [1, 2, 4, 8, 16]);
  assert.deepEqual(rungBudgets(5, 5, 3), [5]);
  assert.throws(() => rungBudgets(3, 2, 3), /minEpochs ≤ maxEpochs/);
  assert.throws(() => rungBudgets(1, 9, 1), /η ≥ 2/);
});

test('synchronous halving of 27 candidates: 27 → 9 → 3, the best third of each rung, epochs as budgeted', () => {
  const s = new HalvingScheduler(27, SETTINGS);
  const { started } = simulate(s, 1, truth);
  const perRung = [0, 1, 2].map((k) => started.filter((j) => j.rung === k).length);
  assert.deepEqual(perRung, [27, 9, 3]);
  assert.equal(s.epochsSpent, 27 * 1 + 9 * 3 + 3 * 9);
  // Rung 1 holds exactly the 9 best at 1 epoch, promoted best first.
  const byOneEpoch = [...Array(27).keys()].sort((a, b) => objective(a, 1) - objective(b, 1) || a - b);
  const promotedTo1 = s.log.filter((p) => p.to === 1).map((p) => p.candidate);
  assert.deepEqual(promotedTo1, byOneEpoch.slice(0, 9));
  const atTop = started.filter((j) => j.rung === 2).map((j) => j.candidate);
  const pick = s.pick()!;
  assert.ok(atTop.includes(pick));
  assert.equal(pick, [...atTop].sort((a, b) => objective(a, 9) - objective(b, 9))[0]);
  for (let i = 0; i < 27; i++) {
    const st = s.status(i);
    assert.ok(st.state === 'stopped' || st.state === 'completed', `candidate ${i} ended ${st.state}`);
    assert.equal(st.state === 'completed', atTop.includes(i));
  }
});

test('synchronous halving promotes the same candidates with 1, 2 or 5 workers', () => {
  const runs = [1, 2, 5].map((w) => {
    const s = new HalvingScheduler(16, { ...SETTINGS, maxEpochs: 20, minEpochs: 2 });
    const { peak } = simulate(s, w, truth, w * 17);
    assert.ok(peak <= w);
    return {
      log: [...s.log].sort((a, b) => a.to - b.to || a.candidate - b.candidate),
      pick: s.pick(),
      spent: s.epochsSpent,
    };
  });
  assert.deepEqual(runs[1], runs[0]);
  assert.deepEqual(runs[2], runs[0]);
  // 16 at 2 epochs, 5 at 6, 1 at 20: 32 + 30 + 20.
  assert.equal(runs[0].spent, 82);
});

test('asynchronous (ASHA) promotes before a rung is full, keeps every worker busy, and ends', () => {
  const s = new HalvingScheduler(27, { ...SETTINGS, asynchronous: true });
  const { started, peak } = simulate(s, 3, truth, 5);
  assert.equal(peak, 3);
  const firstPromotion = started.findIndex((j) => j.rung === 1);
  const lastNew = started.map((j) => j.rung).lastIndexOf(0);
  assert.ok(firstPromotion < lastNew, 'a promotion happened while new candidates were still starting');
  // Each promotion was in the top third of its rung when decided, so at most ~1/3 go on.
  assert.ok(started.filter((j) => j.rung === 1).length <= 9);
  assert.ok(s.pick() !== null);
  assert.ok(s.epochsSpent < 27 * 9 * 0.5);
});

test('the same seed and worker count give the same asynchronous schedule', () => {
  const once = () => {
    const s = new HalvingScheduler(20, { ...SETTINGS, asynchronous: true });
    return simulate(s, 2, truth, 99).started;
  };
  assert.deepEqual(once(), once());
});

test('a failed candidate is never promoted and a converged one is complete, not promoted', () => {
  const s = new HalvingScheduler(9, SETTINGS);
  // Candidate 0 is the best but fails; candidate 1 converges (early stopping) at rung 0.
  simulate(s, 2, (job) => {
    if (job.candidate === 0) return { value: null };
    if (job.candidate === 1) return { value: 0.001, epochs: 1, converged: true };
    return { value: objective(job.candidate, job.epochs) };
  });
  assert.equal(s.status(0).state, 'failed');
  assert.equal(s.status(1).state, 'completed');
  assert.equal(s.status(1).rung, 0);
  assert.ok(!s.log.some((p) => p.candidate === 0 || p.candidate === 1));
  assert.equal(s.pick(), 1);
});

test('too few candidates for the quota still train the best one to the full budget', () => {
  const s = new HalvingScheduler(2, SETTINGS);
  const { started } = simulate(s, 1, truth);
  const top = started.filter((j) => j.rung === 2);
  assert.equal(top.length, 1);
  const best = [0, 1].sort((a, b) => objective(a, 1) - objective(b, 1))[0];
  assert.equal(top[0].candidate, best);
  assert.equal(s.pick(), best);
});

test('with repeats, each member trains and the mean of the seeds decides', () => {
  const s = new HalvingScheduler(6, { ...SETTINGS, maxEpochs: 3 }, 3);
  // Candidate 2 has the best single seed but the worst mean.
  const noisy = (job: HalvingJob): Outcome => ({
    value: job.candidate === 2 ? (job.member === 0 ? 0 : 1) : objective(job.candidate, job.epochs) + job.member * 0.001,
  });
  const { started } = simulate(s, 2, noisy);
  assert.equal(started.filter((j) => j.rung === 0).length, 18);
  assert.ok(!s.log.some((p) => p.candidate === 2));
  const promoted = s.log.map((p) => p.candidate);
  assert.deepEqual(
    promoted,
    [...Array(6).keys()]
      .filter((i) => i !== 2)
      .sort((a, b) => objective(a, 1) - objective(b, 1))
      .slice(0, 2),
  );
  assert.equal(started.filter((j) => j.rung === 1).length, 6);
});

test('clear() drops what has not started and the scheduler ends once the running jobs report', () => {
  const s = new HalvingScheduler(9, SETTINGS);
  const a = s.next() as HalvingJob;
  s.clear();
  assert.equal(s.next(), 'wait');
  s.report(a, { value: 0.1, epochs: 1, converged: false });
  assert.equal(s.next(), 'finished');
});

test('a rung compares the best epoch so far, as early stopping would keep it', () => {
  const e = (epoch: number, valLoss: number): EpochRecord => ({
    epoch,
    loss: 1,
    accuracy: 0.5,
    valLoss,
    valAccuracy: 1 - valLoss,
    seconds: 1,
    samplesPerSecond: 1,
  });
  assert.equal(rungValue([e(1, 0.5), e(2, 0.3), e(3, 0.4)], 'val_loss'), 0.3);
  assert.equal(rungValue([e(1, 0.5), e(2, 0.3), e(3, 0.4)], 'val_accuracy'), 0.7);
  assert.equal(rungValue([], 'val_loss'), null);
});
