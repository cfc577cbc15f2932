// A workspace with many runs, for bench/scale/tree.ts: one real ten-digit run (trained once on
// 3,000 images, 2 epochs, by the CLI, and kept in bench/scale/.cache/) copied N times under one
// experiment across ~40 days, and a sweep of T trials made from the same run's trial.
// The bundled samples are copied in too, as "Open Case-Study Samples" does.
// Copies are written the way the store writes records, but without summary.json, as a folder
// from before summaries (or copied by hand) would be: the first listing has to build them.
//
//   node --import tsx bench/scale/generate.ts <workspace folder> [--runs 2000] [--trials 256] [--with-summaries]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../src/core/record';
import { writeSummaryFor } from '../../src/runs/summary-file';

const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(__dirname, '.cache');

export const TEN_DIGITS = {
  name: 'Ten digits (scale bench)',
  description: 'A ten-digit run copied many times, to measure long run lists.',
  kind: 'multiclass',
  data: { limit: { train: 3000, test: 1000 } },
  model: { hidden: [{ units: 128 }, { units: 64 }, { units: 32 }] },
  training: { epochs: 2, batchSize: 128, seed: 42 },
};
export const SWEEP = {
  name: 'Big sweep (scale bench)',
  description: 'A sweep with many trials, to measure the sweep panel and the tree.',
  kind: 'multiclass',
  data: { limit: { train: 3000, test: 1000 } },
  model: { hidden: [{ units: 32 }] },
  training: { epochs: 2, batchSize: 128, seed: 42 },
};

/** The one real record every copy is made from (trained once, then cached). */
function realRun(): RunRecord {
  const cached = path.join(CACHE, 'ten-digits-run.json');
  if (!existsSync(cached)) {
    mkdirSync(CACHE, { recursive: true });
    const exp = path.join(CACHE, 'ten-digits.mnistexp.json');
    writeFileSync(exp, JSON.stringify(TEN_DIGITS, null, 2));
    const out = path.join(CACHE, 'runs');
    execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'run', exp, '--out', out, '--quiet'], {
      stdio: 'inherit',
    });
    const experimentDir = path.join(out, readdirSync(out)[0]!);
    const runDir = path.join(experimentDir, readdirSync(experimentDir)[0]!);
    writeFileSync(cached, readFileSync(path.join(runDir, 'run.json')));
  }
  return JSON.parse(readFileSync(cached, 'utf8')) as RunRecord;
}

function write(runDir: string, record: RunRecord, summaries: boolean): void {
  mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, 'run.json');
  writeFileSync(file, JSON.stringify(record, null, 1));
  if (summaries) writeSummaryFor(file, record);
}

const pad = (n: number, w = 4) => String(n).padStart(w, '0');

export function generate(workspace: string, runs: number, trials: number, summaries: boolean): { runsBytes: number } {
  const base = realRun();
  const tenFile = path.join(workspace, 'ten-digits.mnistexp.json');
  const sweepFile = path.join(workspace, 'big-sweep.mnistexp.json');
  mkdirSync(workspace, { recursive: true });
  // Copies of the bundled samples, as "Open Case-Study Samples" leaves them: the tree's first
  // level then has to decide whether each bundled original still has runs of its own.
  mkdirSync(path.join(workspace, 'case-study'), { recursive: true });
  for (const sample of readdirSync(path.join(ROOT, 'samples')).filter((f) => f.endsWith('.mnistexp.json')))
    copyFileSync(path.join(ROOT, 'samples', sample), path.join(workspace, 'case-study', sample));
  writeFileSync(tenFile, JSON.stringify(TEN_DIGITS, null, 2));
  writeFileSync(
    sweepFile,
    JSON.stringify(
      { ...SWEEP, sweep: { learningRate: Array.from({ length: trials }, (_, i) => 1e-4 * (i + 1)) } },
      null,
      2,
    ),
  );
  const runsRoot = path.join(workspace, '.mnistlab/runs');
  const start = Date.UTC(2026, 0, 1, 9);
  let runsBytes = 0;
  for (let i = 0; i < runs; i++) {
    // 50 runs a day, a few minutes apart: 40 days for 2,000 runs.
    const created = new Date(start + Math.floor(i / 50) * 86_400_000 + (i % 50) * 300_000);
    const id = `${created.toISOString().replace(/[:.]/g, '-').replace('Z', '')}-${pad(i)}`;
    const record: RunRecord = {
      ...base,
      id,
      createdAt: created.toISOString(),
      finishedAt: new Date(created.getTime() + 60_000).toISOString(),
      experiment: { ...base.experiment, name: TEN_DIGITS.name, file: tenFile },
      trials: base.trials.map((t) => ({
        ...t,
        result: t.result && { ...t.result, testAccuracy: t.result.testAccuracy - (i % 97) / 10_000 },
      })),
    };
    const runDir = path.join(runsRoot, 'ten-digits-scale-bench', id);
    write(runDir, record, summaries);
    runsBytes += Buffer.byteLength(JSON.stringify(record, null, 1));
  }
  const trial = base.trials[0]!;
  const created = new Date(start + 41 * 86_400_000);
  const sweep: RunRecord = {
    ...base,
    id: `${created.toISOString().replace(/[:.]/g, '-').replace('Z', '')}-swp0`,
    createdAt: created.toISOString(),
    finishedAt: new Date(created.getTime() + 3_600_000).toISOString(),
    experiment: { ...base.experiment, name: SWEEP.name, file: sweepFile },
    sweepParameters: ['training.learningRate'],
    trials: Array.from({ length: trials }, (_, i) => ({
      ...trial,
      index: i,
      label: `lr ${(1e-4 * (i + 1)).toPrecision(2)}`,
      params: { 'training.learningRate': 1e-4 * (i + 1) },
      config: { ...trial.config, training: { ...trial.config.training, learningRate: 1e-4 * (i + 1) } },
      history: trial.history.map((e) => ({
        ...e,
        valAccuracy: e.valAccuracy === null ? null : e.valAccuracy - (i % 13) / 1000,
      })),
      result: trial.result && { ...trial.result, testAccuracy: trial.result.testAccuracy - (i % 31) / 1000 },
    })),
  };
  write(path.join(runsRoot, 'big-sweep-scale-bench', sweep.id), sweep, summaries);
  return { runsBytes };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const workspace = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!workspace) {
    console.error('usage: generate.ts <workspace folder> [--runs 2000] [--trials 256] [--with-summaries]');
    process.exit(2);
  }
  const runs = flag('--runs', 2000);
  const trials = flag('--trials', 256);
  const { runsBytes } = generate(path.resolve(workspace), runs, trials, args.includes('--with-summaries'));
  console.log(
    `${runs} runs (${(runsBytes / 2 ** 20).toFixed(0)} MB of run.json) and a ${trials}-trial sweep in ${path.resolve(workspace)}`,
  );
}
