// Checks JSON Schema cannot express: relations between fields.
import type { ExperimentFile } from '../core/schema';
import { ALL_DIGITS, DATA_DEFAULTS, EARLY_STOPPING_DEFAULTS, TRAINING_DEFAULTS } from '../core/defaults';
import type { Problem } from './problems';
import { MNIST_TEST_COUNTS, MNIST_TRAIN_COUNTS } from './mnist-facts';
import { MAX_TRIALS } from './sweep-size';
import { plannedTrials } from './search-plan';
import { searchProblems } from './search-semantic';
import { checkBackprop } from './backprop-resolve';

/** Training samples a config will have on the embedded MNIST (null: unknown, custom folder). */
export function estimatedTrainingSamples(file: ExperimentFile): number | null {
  const d = file.data ?? {};
  if (d.dir) return null;
  const classes = d.classes ?? ALL_DIGITS;
  if (classes.some((c) => c > 9)) return null;
  const trainPool = classes.reduce((s, c) => s + MNIST_TRAIN_COUNTS[c], 0);
  const testPool = classes.reduce((s, c) => s + MNIST_TEST_COUNTS[c], 0);
  let trainVal =
    d.split === 'pooled'
      ? Math.round((trainPool + testPool) * (1 - (d.testFraction ?? DATA_DEFAULTS.testFraction)))
      : trainPool;
  if (d.limit?.train !== undefined) trainVal = Math.min(trainVal, d.limit.train);
  return Math.floor(trainVal * (1 - (d.validationFraction ?? DATA_DEFAULTS.validationFraction)));
}

export function semanticProblems(file: ExperimentFile, path: string): Problem[] {
  const problems: Problem[] = [];
  const error = (pointer: string, message: string) =>
    problems.push({ file: path, pointer, message, severity: 'error' });
  const warn = (pointer: string, message: string) =>
    problems.push({ file: path, pointer, message, severity: 'warning' });

  if (file.kind === 'backprop') {
    if (!file.backprop) error('', 'a "backprop" experiment needs a "backprop" section (inputs, target, weights w1…w9)');
    else
      for (const p of checkBackprop(file.backprop))
        problems.push({ file: path, pointer: '/backprop' + p.pointer, message: p.message, severity: p.severity });
    for (const key of ['data', 'model', 'training', 'sweep'] as const) {
      if (file[key] !== undefined) warn(`/${key}`, `"${key}" is ignored by a backprop experiment`);
    }
    return problems;
  }

  if (file.backprop !== undefined) warn('/backprop', `"backprop" is only used when "kind" is "backprop"`);
  if (!file.model) error('', `a "${file.kind}" experiment needs a "model" section with "hidden" layers`);
  const d = file.data ?? {};
  const classes = d.classes ?? ALL_DIGITS;

  if (file.kind === 'binary') {
    if (classes.length !== 2) {
      error(
        d.classes ? '/data/classes' : '',
        `a binary experiment needs exactly two classes in "data.classes" (e.g. [5, 8]); ${d.classes ? `got ${classes.length}` : 'it lists none, so all ten digits would be used'}`,
      );
    }
    if (file.model?.outputActivation === 'softmax')
      error(
        '/model/outputActivation',
        'a binary experiment has one output unit; use "sigmoid" (softmax of one unit is always 1)',
      );
    if (file.training?.loss === 'categoricalCrossentropy')
      error(
        '/training/loss',
        'a binary experiment has one output unit; use "binaryCrossentropy" or "meanSquaredError"',
      );
  } else {
    if (file.training?.loss === 'binaryCrossentropy')
      warn(
        '/training/loss',
        'binaryCrossentropy on a multiclass output treats each class independently; "categoricalCrossentropy" is the usual choice',
      );
    if (file.model?.outputActivation === 'sigmoid')
      warn(
        '/model/outputActivation',
        'sigmoid outputs do not sum to one; "softmax" is the usual choice for multiclass',
      );
  }
  // The embedded MNIST's labels are the digits; a custom "dir" is checked when its files are read.
  if (!d.dir) {
    classes.forEach((c, i) => {
      if (c > 9)
        error(
          `/data/classes/${i}`,
          `class ${c} does not occur in the embedded MNIST, whose labels are 0 to 9 (set "data.dir" to a dataset that has it)`,
        );
    });
  }
  if (d.classNames && d.classNames.length !== classes.length) {
    error(
      '/data/classNames',
      `expected ${classes.length} names (one per class in "classes"), got ${d.classNames.length}`,
    );
  }
  if (d.split !== 'pooled' && d.testFraction !== undefined)
    warn('/data/testFraction', 'ignored unless "split" is "pooled" (the official test file is the test set)');

  const es = file.training?.earlyStopping;
  const validation = d.validationFraction ?? DATA_DEFAULTS.validationFraction;
  const monitor = es ? (es.monitor ?? EARLY_STOPPING_DEFAULTS.monitor) : null;
  if (monitor !== null && validation === 0 && monitor.startsWith('val_')) {
    error(
      '/training/earlyStopping/monitor',
      `monitors "${monitor}" but "data.validationFraction" is 0, so there is no validation set; monitor "loss" or keep a validation split`,
    );
  }

  const trainSamples = estimatedTrainingSamples(file);
  const swept = file.sweep?.['training.batchSize'];
  if (trainSamples !== null) {
    if (swept !== undefined && !Array.isArray(swept)) {
      if (swept.max > trainSamples)
        error(
          '/sweep/training.batchSize/max',
          `batch size ${swept.max} is larger than the ${trainSamples} training samples this data selection leaves`,
        );
    } else {
      (swept ?? [file.training?.batchSize ?? TRAINING_DEFAULTS.batchSize]).forEach((b, i) => {
        if (b > trainSamples) {
          const where = swept ? `/sweep/training.batchSize/${i}` : '/training/batchSize';
          error(
            where,
            `batch size ${b} is larger than the ${trainSamples} training samples this data selection leaves`,
          );
        }
      });
    }
  }

  problems.push(...searchProblems(file, path));
  if (file.sweep) {
    const trials = plannedTrials(file);
    if (trials !== null && trials > MAX_TRIALS)
      error(
        file.search?.trials !== undefined ? '/search/trials' : '/sweep',
        `the sweep expands to ${trials.toLocaleString('en-US')} trials; at most ${MAX_TRIALS} are allowed`,
      );
    const layers = file.model?.hidden ?? [];
    if (file.sweep['model.activation'] && layers.some((l) => l.activation))
      warn(
        '/sweep/model.activation',
        'layers with their own "activation" keep it; the sweep only changes the model-wide default',
      );
    if (file.sweep['model.initializer'] && layers.some((l) => l.initializer))
      warn(
        '/sweep/model.initializer',
        'layers with their own "initializer" keep it; the sweep only changes the model-wide default',
      );
  }
  return problems;
}
