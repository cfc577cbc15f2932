// npm run bench:sweeps: the case study's batch-size × learning-rate grid searched three ways —
// the full grid, successive halving over the same 16 configurations, and random search drawing
// from the same values — each with three seeds. Reports the epochs each spent and the test
// accuracy of the configuration each picks (by validation loss, never by test). Asserts nothing;
// writes bench/results/sweep-strategies-<time>.{json,md}.
//
//   npm run bench:sweeps                       # full data (48,000 training images), seeds 42-44
//   npm run bench:sweeps -- --train 12000      # a stratified subset when the full one is too slow
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveExperiment } from '../src/experiments/resolve';
import { startRun } from '../src/runs/controller';
import { rungValue } from '../src/core/halving';
import { mean, std } from '../src/core/stats';
import { formatDuration, formatPercent } from '../src/core/format';
import { markdownTable } from '../src/core/markdown-table';
import type { ExperimentFile } from '../src/core/schema';
import type { RunRecord } from '../src/core/record';

const argv = process.argv.slice(2);
const value = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ROOT = path.resolve(__dirname, '..');
const seeds = (value('seeds') ?? '42,43,44').split(',').map(Number);
const train = value('train') ? Number(value('train')) : null;
const workers = Number(value('workers') ?? os.cpus().length);
const randomTrials = Number(value('random-trials') ?? 6);
const halving = { minEpochs: Number(value('min-epochs') ?? 2), eta: Number(value('eta') ?? 3), asynchronous: false };
const strategies = (value('strategies') ?? 'grid,halving,random').split(',');

const sample = JSON.parse(
  readFileSync(path.join(ROOT, 'samples', 'batch-lr-grid.mnistexp.json'), 'utf8'),
) as ExperimentFile;
const runsRoot = path.join(os.tmpdir(), `mnistlab-bench-sweeps-${process.pid}`);

function variant(strategy: string, seed: number): ExperimentFile {
  const file: ExperimentFile = structuredClone(sample);
  delete file.$schema;
  file.name = `${sample.name} (${strategy}, seed ${seed})`;
  file.training = { ...file.training, seed };
  file.dynamics = false;
  file.evaluation = { samples: 0 };
  if (train !== null) file.data = { ...file.data, limit: { train } };
  if (strategy === 'halving') file.search = { halving: { ...halving, maxEpochs: file.training.epochs } };
  if (strategy === 'random') file.search = { strategy: 'random', trials: randomTrials, seed };
  return file;
}

interface Outcome {
  strategy: string;
  seed: number;
  epochs: number;
  wallSeconds: number;
  pick: string;
  pickValLoss: number;
  pickTestAccuracy: number;
  /** Configurations the search considered / trained to the end. */
  configurations: number;
  /**
   * The same configuration's test accuracy in the full grid of the same seed: equal to
   * pickTestAccuracy when training is deterministic (same config, seed, backend).
   */
  pickInGrid: number | null;
}

const gridRuns = new Map<number, RunRecord>();

/** The configuration a finished run picks: the lowest best-epoch validation loss among the fully trained trials. */
function pickOf(record: RunRecord) {
  const candidates = record.trials.filter((t) => t.result && (!t.rung || t.rung.state === 'completed'));
  const scored = candidates.map((t) => ({ t, v: rungValue(t.history, 'val_loss') ?? Infinity }));
  scored.sort((a, b) => a.v - b.v || a.t.index - b.t.index);
  return scored[0];
}

async function one(strategy: string, seed: number): Promise<Outcome> {
  const file = variant(strategy, seed);
  const experiment = resolveExperiment(file, null);
  const handle = startRun(experiment, file, {
    runsRoot,
    trainerPath: path.join(ROOT, 'dist', 'trainer.js'),
    backend: 'wasm',
    workers,
  });
  const record = await handle.done;
  if (record.status !== 'done') throw new Error(`${file.name}: ${record.status}: ${record.error}`);
  const pick = pickOf(record);
  if (strategy === 'grid') gridRuns.set(seed, record);
  const twin = gridRuns.get(seed)?.trials.find((t) => JSON.stringify(t.params) === JSON.stringify(pick.t.params));
  const out = {
    pickInGrid: twin?.result?.testAccuracy ?? null,
    strategy,
    seed,
    epochs: record.search!.epochsSpent,
    wallSeconds: record.wallSeconds ?? NaN,
    pick: pick.t.label,
    pickValLoss: pick.v,
    pickTestAccuracy: pick.t.result!.testAccuracy,
    configurations: experiment.search!.configurations,
  };
  console.log(
    `${strategy.padEnd(8)} seed ${seed}: ${out.epochs} epochs, ${formatDuration(out.wallSeconds)}, picks ${out.pick} (val_loss ${out.pickValLoss.toFixed(4)}, test ${formatPercent(out.pickTestAccuracy)}; in the grid run ${formatPercent(out.pickInGrid)})`,
  );
  return out;
}

async function main() {
  const started = Date.now();
  console.log(
    `batch × lr grid, ${train ?? 'all'} training images, seeds ${seeds.join(', ')}, ${workers} workers, halving η ${halving.eta} from ${halving.minEpochs} epochs, random ${randomTrials} of 16`,
  );
  const outcomes: Outcome[] = [];
  for (const seed of seeds) for (const s of strategies) outcomes.push(await one(s, seed));
  const of = (s: string) => outcomes.filter((o) => o.strategy === s);
  const grid = of('grid');
  // Seed noise: how much the grid's own pick moves with the seed.
  const noise = grid.length > 1 ? std(grid.map((o) => o.pickTestAccuracy)) : NaN;
  const rows = strategies.map((s) => {
    const os_ = of(s);
    const epochs = mean(os_.map((o) => o.epochs));
    const acc = os_.map((o) => o.pickTestAccuracy);
    return {
      strategy: s,
      epochs,
      epochsVsGrid: grid.length ? epochs / mean(grid.map((o) => o.epochs)) : NaN,
      testAccuracy: mean(acc),
      testAccuracyStd: std(acc),
      gapToGrid: grid.length ? mean(acc) - mean(grid.map((o) => o.pickTestAccuracy)) : NaN,
      picks: os_.map((o) => `${o.seed}: ${o.pick}`),
    };
  });
  const md = [
    markdownTable(
      [
        'strategy',
        `epochs trained (mean of ${seeds.length} seeds)`,
        '× grid',
        'test accuracy of the pick, mean ± std',
        "− grid's pick",
        'picks (seed: configuration)',
      ],
      rows.map((r) => [
        r.strategy,
        r.epochs.toFixed(0),
        `${(r.epochsVsGrid * 100).toFixed(0)} %`,
        `${formatPercent(r.testAccuracy)} ± ${(r.testAccuracyStd * 100).toFixed(2)}`,
        `${(r.gapToGrid * 100).toFixed(2)} pt`,
        r.picks.join('; '),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
    '',
    `Grid seed noise (std over seeds of the grid pick's test accuracy): ${(noise * 100).toFixed(2)} pt. Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, wasm backend, ${workers} workers; total ${formatDuration((Date.now() - started) / 1000)}.`,
  ].join('\n');
  console.log('\n' + md);
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  writeFileSync(
    path.join(dir, `sweep-strategies-${stamp}.json`),
    JSON.stringify({ seeds, train, workers, halving, randomTrials, outcomes, rows, noise }, null, 2),
  );
  writeFileSync(path.join(dir, `sweep-strategies-${stamp}.md`), md + '\n');
  console.log(`\nwrote bench/results/sweep-strategies-${stamp}.{json,md}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
