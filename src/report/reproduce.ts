// Reproduces the five parts of the case study with the project's own runs and writes a report
// folder (REPORT.md, report.json, charts). Every "ours" number is read from a run record.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadExperiment } from '../experiments/load';
import { startRun } from '../runs/controller';
import { gradientMap } from '../core/backprop-walkthrough';
import { rankTrials } from '../core/best';
import { CASE_STUDY_SAMPLES, type CaseStudyPart } from '../core/case-study';
import { formatPercent } from '../core/format';
import type { RunRecord, TrialRecord } from '../core/record';
import { environmentInfo } from '../runs/store';
import { argmax, argmin, mean, std } from '../core/stats';
import { STUDY } from './study';
import { heatmap, lineChart } from './svg-chart';
import { firstLayerGradientChart, insideNetworks } from './inside-part3';
import { renderReport } from './report-markdown';
import type { Estimate, ReproduceOptions, ReproductionReport, RunRef, StudyRunRequest, StudyRunResult } from './types';

const estimate = (values: number[]): Estimate => ({ mean: mean(values), std: std(values), values });

/** The CLI's way to run one experiment of the study: a trainer started right away. */
async function startDirectly(options: ReproduceOptions, request: StudyRunRequest): Promise<StudyRunResult> {
  const handle = startRun(request.experiment, request.source, {
    nativeModuleDir: options.nativeModuleDir ?? null,
    runsRoot: request.runsRoot,
    trainerPath: options.trainerPath,
    quick: request.quick,
    backend: options.backend,
    workers: options.workers,
    threads: options.threads,
    seed: request.seed,
  });
  handle.onUpdate(request.onUpdate);
  const onAbort = () => handle.cancel();
  request.signal?.addEventListener('abort', onAbort);
  const record = await handle.done;
  request.signal?.removeEventListener('abort', onAbort);
  return { record, runDir: handle.runDir };
}

async function runSample(
  options: ReproduceOptions,
  part: CaseStudyPart,
  seed: number,
): Promise<{ record: RunRecord; ref: RunRef }> {
  if (options.signal?.aborted) throw new Error('cancelled');
  const file = path.join(options.samplesDir, CASE_STUDY_SAMPLES[part]);
  const { experiment, source } = loadExperiment(file, { quick: options.quick, seed });
  const run = options.runExperiment ?? ((request: StudyRunRequest) => startDirectly(options, request));
  const { record, runDir } = await run({
    file,
    experiment,
    source,
    runsRoot: path.join(options.outDir, 'runs'),
    quick: options.quick,
    seed,
    signal: options.signal,
    onUpdate: (record, m) => {
      if (m?.type === 'trialEnd' && m.result) {
        options.log(
          `  part ${part} seed ${seed}: ${record.trials[m.trial].label}: test accuracy ${formatPercent(m.result.testAccuracy)}`,
        );
      }
      if (m?.type === 'error') options.log(`  part ${part} seed ${seed}: error: ${m.message}`);
    },
  });
  if (record.status !== 'done')
    throw new Error(`part ${part} (seed ${seed}) ${record.status}: ${record.error ?? 'see ' + runDir}`);
  return { record, ref: { runDir, seed, wallSeconds: record.wallSeconds, status: record.status } };
}

/** Runs seeds concurrently, at most one per core: single-network runs use one process each. */
async function runSeeds(options: ReproduceOptions, part: CaseStudyPart): Promise<{ record: RunRecord; ref: RunRef }[]> {
  const results: { record: RunRecord; ref: RunRef }[] = [];
  const queue = [...options.seeds];
  const lanes = Math.max(1, Math.min(options.workers ?? os.cpus().length, queue.length));
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let seed = queue.shift(); seed !== undefined; seed = queue.shift())
        results.push(await runSample(options, part, seed));
    }),
  );
  return results.sort((a, b) => a.ref.seed - b.ref.seed);
}

const result = (t: TrialRecord) => {
  if (!t.result) throw new Error(`trial ${t.label} has no result (${t.status})`);
  return t.result;
};

/** Training vs validation curves of one trial, for one metric. */
function trainingCurves(title: string, t: TrialRecord, metric: 'accuracy' | 'loss'): string {
  const val = metric === 'accuracy' ? 'valAccuracy' : 'valLoss';
  return lineChart(title, 'epoch', metric, [
    { label: 'training', points: t.history.map((h) => ({ x: h.epoch, y: h[metric] })) },
    { label: 'validation', points: t.history.map((h) => ({ x: h.epoch, y: h[val] ?? NaN })), dashed: true },
  ]);
}

function curvesChart(
  title: string,
  trials: TrialRecord[],
  label: (t: TrialRecord) => string,
  metric: 'valAccuracy' | 'valLoss',
): string {
  return lineChart(
    title,
    'epoch',
    metric === 'valAccuracy' ? 'validation accuracy' : 'validation loss',
    trials.map((t) => ({ label: label(t), points: t.history.map((h) => ({ x: h.epoch, y: h[metric] ?? NaN })) })),
  );
}

export async function reproduceStudy(
  options: ReproduceOptions,
): Promise<{ report: ReproductionReport; reportFile: string }> {
  if (existsSync(path.join(options.outDir, 'REPORT.md')))
    throw new Error(`${options.outDir} already holds a report; choose another --out (reports are never overwritten)`);
  const chartsDir = path.join(options.outDir, 'charts');
  mkdirSync(chartsDir, { recursive: true });
  const charts: string[] = [];
  const chart = (name: string, svg: string) => {
    writeFileSync(path.join(chartsDir, `${name}.svg`), svg);
    charts.push(`charts/${name}.svg`);
  };
  const report: ReproductionReport = {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    environment: { ...environmentInfo(), backend: null, backendNote: null, tfjsVersion: null },
    seeds: options.seeds,
    parts: {},
    charts,
    wallSeconds: {},
  };
  const noteBackend = (r: RunRecord) => {
    report.environment.backend ??= r.backend;
    report.environment.backendNote ??= r.backendNote;
    report.environment.tfjsVersion ??= r.tfjsVersion;
  };
  const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    options.log(`part ${name}…`);
    const value = await f();
    report.wallSeconds[name] = (Date.now() - t0) / 1000;
    return value;
  };

  if (options.parts.includes(1)) {
    await timed('1-backprop', async () => {
      const { record, ref } = await runSample(options, 1, options.seeds[0]);
      const bp = record.backprop!;
      const first = bp.steps[0];
      report.parts.backprop = {
        runs: [ref],
        gradients: gradientMap(first.backward),
        updated: first.updates.map((u) => ({ param: u.param, old: u.old, gradient: u.gradient, new: u.new })),
        lossBefore: first.lossBefore,
        lossAfter: first.lossAfter,
        updateReason: bp.config.updateReason,
        finiteDifference: {
          maxRelativeDifference: bp.verification.finiteDifference.maxRelativeDifference,
          ok: bp.verification.finiteDifference.ok,
        },
        autodiff: bp.verification.autodiff
          ? {
              maxRelativeDifference: bp.verification.autodiff.maxRelativeDifference,
              ok: bp.verification.autodiff.ok,
              method: bp.verification.autodiff.method,
            }
          : null,
        symmetry: bp.symmetry
          ? { identicalStaysIdentical: bp.symmetry.identicalStaysIdentical, randomDiverges: bp.symmetry.randomDiverges }
          : null,
      };
    });
  }

  if (options.parts.includes(2)) {
    await timed('2-binary', async () => {
      const runs = await runSeeds(options, 2);
      runs.forEach((r) => noteBackend(r.record));
      const trials = runs.map((r) => r.record.trials[0]);
      report.parts.binary = {
        runs: runs.map((r) => r.ref),
        testAccuracy: estimate(trials.map((t) => result(t).testAccuracy)),
        testLoss: estimate(trials.map((t) => result(t).testLoss)),
        epochs: estimate(trials.map((t) => result(t).epochsRun)),
        confusionMatrix: result(trials[0]).confusionMatrix,
      };
      const t = trials[0];
      chart('binary-curves', trainingCurves(`5 vs 8 (seed ${runs[0].ref.seed}): accuracy`, t, 'accuracy'));
      chart('binary-loss', trainingCurves(`5 vs 8 (seed ${runs[0].ref.seed}): loss`, t, 'loss'));
    });
  }

  if (options.parts.includes(3)) {
    await timed('3-init-activation', async () => {
      const { record, ref } = await runSample(options, 3, options.seeds[0]);
      noteBackend(record);
      const rows = record.trials.map((t) => {
        const r = result(t);
        const positive = r.report.classes[1];
        const init = t.config.model.hidden[0].initializer.name;
        return {
          initializer: init,
          activation: t.config.model.hidden[0].activation,
          testAccuracy: r.testAccuracy,
          precision: positive.precision,
          recall: positive.recall,
          f1: positive.f1,
          epochs: r.epochsRun,
          status: t.status,
        };
      });
      const ranked = rankTrials(record.trials).map((t) => rows[record.trials.indexOf(t)]);
      const best = ranked[0];
      report.parts.initActivation = {
        runs: [ref],
        trials: rows,
        best: { initializer: best.initializer, activation: best.activation, testAccuracy: best.testAccuracy },
        studyBestRank:
          1 +
          ranked.findIndex(
            (r) =>
              r.initializer === STUDY.initActivation.bestInitializer &&
              r.activation === STUDY.initActivation.bestActivation,
          ),
        testSize: result(record.trials[0]).sizes.test,
        inside: insideNetworks(record.trials),
      };
      const flow = firstLayerGradientChart(record.trials);
      if (flow) chart('init-activation-gradient-flow', flow);
      const inits = [...new Set(rows.map((r) => r.initializer))];
      const acts = [...new Set(rows.map((r) => r.activation))];
      chart(
        'init-activation-heatmap',
        heatmap(
          'Test accuracy: initializer × activation',
          inits,
          acts,
          inits.map((i) =>
            acts.map((a) => rows.find((r) => r.initializer === i && r.activation === a)?.testAccuracy ?? null),
          ),
          (v) => formatPercent(v),
        ),
      );
      chart(
        'init-activation-val-loss',
        curvesChart(
          'Validation loss per configuration',
          record.trials,
          (t) => t.label.replace('initializer=', '').replace('activation=', ''),
          'valLoss',
        ),
      );
    });
  }

  if (options.parts.includes(4)) {
    await timed('4-multiclass', async () => {
      const runs = await runSeeds(options, 4);
      runs.forEach((r) => noteBackend(r.record));
      const results = runs.map((r) => result(r.record.trials[0]));
      const digits = results[0].report.classes.map((c) => c.label);
      const perDigit = digits.map((digit, i) => ({
        digit,
        precision: estimate(results.map((r) => r.report.classes[i].precision)),
        recall: estimate(results.map((r) => r.report.classes[i].recall)),
        f1: estimate(results.map((r) => r.report.classes[i].f1)),
      }));
      report.parts.multiclass = {
        runs: runs.map((r) => r.ref),
        testAccuracy: estimate(results.map((r) => r.testAccuracy)),
        perDigit,
        lowestRecallDigit: argmin(perDigit, (d) => d.recall.mean).digit,
        lowestF1Digit: argmin(perDigit, (d) => d.f1.mean).digit,
        seedsWithLowestRecallOn5: results.filter(
          (r) => argmin(r.report.classes, (c) => c.recall).label === STUDY.multiclass.lowestRecallDigit,
        ).length,
        seedsWithLowestF1On9: results.filter(
          (r) => argmin(r.report.classes, (c) => c.f1).label === STUDY.multiclass.lowestF1Digit,
        ).length,
      };
      const t = runs[0].record.trials[0];
      chart('multiclass-curves', trainingCurves(`Ten digits (seed ${runs[0].ref.seed}): accuracy`, t, 'accuracy'));
    });
  }

  if (options.parts.includes(5)) {
    await timed('5-batch-lr', async () => {
      const { record, ref } = await runSample(options, 5, options.seeds[0]);
      noteBackend(record);
      const rows = record.trials.map((t) => {
        const r = result(t);
        const best = t.history[r.bestEpoch - 1] ?? t.history.at(-1)!;
        const reached = t.history.find((h) => (h.valAccuracy ?? 0) >= 0.95);
        return {
          batchSize: t.config.training.batchSize,
          learningRate: t.config.training.learningRate,
          valAccuracy: best.valAccuracy ?? NaN,
          testAccuracy: r.testAccuracy,
          epochs: r.epochsRun,
          epochsTo95: reached ? reached.epoch : null,
          status: t.status,
        };
      });
      const ranked = rankTrials(record.trials).map((t) => rows[record.trials.indexOf(t)]);
      const byTest = ranked[0];
      const byVal = argmax(rows, (r) => r.valAccuracy);
      report.parts.batchLr = {
        runs: [ref],
        trials: rows,
        bestByTest: {
          batchSize: byTest.batchSize,
          learningRate: byTest.learningRate,
          testAccuracy: byTest.testAccuracy,
        },
        bestByValidation: {
          batchSize: byVal.batchSize,
          learningRate: byVal.learningRate,
          valAccuracy: byVal.valAccuracy,
        },
        studyBestRank:
          1 +
          ranked.findIndex(
            (r) => r.batchSize === STUDY.batchLr.bestBatchSize && r.learningRate === STUDY.batchLr.bestLearningRate,
          ),
      };
      const sizes = [...new Set(rows.map((r) => r.batchSize))];
      const rates = [...new Set(rows.map((r) => r.learningRate))];
      chart(
        'batch-lr-ratio',
        lineChart(
          'Test accuracy vs batch size / learning rate',
          'batch size / learning rate (log scale)',
          'test accuracy',
          rates.map((lr) => ({
            label: `lr ${lr}`,
            points: rows
              .filter((r) => r.learningRate === lr)
              .map((r) => ({ x: r.batchSize / r.learningRate, y: r.testAccuracy })),
          })),
          { logX: true, markers: true },
        ),
      );
      chart(
        'batch-lr-heatmap',
        heatmap(
          'Test accuracy: batch size × learning rate',
          sizes.map((s) => `batch ${s}`),
          rates.map(String),
          sizes.map((s) =>
            rates.map((lr) => rows.find((r) => r.batchSize === s && r.learningRate === lr)?.testAccuracy ?? null),
          ),
          (v) => formatPercent(v, 1),
        ),
      );
    });
  }

  await writePngCopies(chartsDir, charts, options.log);
  writeFileSync(path.join(options.outDir, 'report.json'), JSON.stringify(report, null, 1));
  const reportFile = path.join(options.outDir, 'REPORT.md');
  writeFileSync(reportFile, renderReport(report, options.outDir));
  return { report, reportFile };
}

/** PNG copies of the SVG charts, when a Chromium and playwright-core are at hand. */
async function writePngCopies(chartsDir: string, charts: string[], log: (s: string) => void): Promise<void> {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  let playwright: typeof import('playwright-core') | null;
  try {
    playwright = require('playwright-core') as typeof import('playwright-core');
  } catch {
    playwright = null;
  }
  if (!chromium || !playwright) {
    log('charts written as SVG only (PNG copies need playwright-core and Chromium)');
    return;
  }
  const browser = await playwright.chromium.launch({
    executablePath: chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    for (const c of [...charts]) {
      const file = path.join(chartsDir, '..', c);
      await page.goto('file://' + file);
      const svg = page.locator('svg');
      const png = c.replace(/\.svg$/, '.png');
      await svg.screenshot({ path: path.join(chartsDir, '..', png) });
      charts.push(png);
    }
  } finally {
    await browser.close();
  }
}
