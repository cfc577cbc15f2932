// mnist-lab export-keras: a standalone Keras script that reproduces a resolved experiment (the
// trials exactly as MNIST Lab resolves them: defaults applied, sweep expanded, --quick and
// --seed folded in). Pure: the caller reads the file and writes the script.
import type { ResolvedExperiment, ResolvedTrial } from '../core/experiment';
import { PYTHON_BODY, PYTHON_HEADER } from './keras-python';
import { pythonJsonLiteral } from './python-literal';

export interface KerasScriptOptions {
  /** Folder of the embedded MNIST's IDX files, used by trials whose data.dir is null. */
  mnistDir: string;
}

/** What the script needs of a trial; evaluation samples, class names and the like stay behind. */
export function trialSettings(trial: ResolvedTrial) {
  const { data, model, training } = trial;
  return {
    index: trial.index,
    label: trial.label,
    data: {
      dir: data.dir,
      classes: data.classes,
      normalization: data.normalization,
      split: data.split,
      testFraction: data.testFraction,
      validationFraction: data.validationFraction,
      stratify: data.stratify,
      limit: {
        ...(data.limit.train !== undefined ? { train: data.limit.train } : {}),
        ...(data.limit.test !== undefined ? { test: data.limit.test } : {}),
      },
    },
    model: {
      hidden: model.hidden.map((l) => ({ units: l.units, activation: l.activation, initializer: l.initializer })),
      outputUnits: model.outputUnits,
      outputActivation: model.outputActivation,
    },
    training: { ...training, earlyStopping: training.earlyStopping ? { ...training.earlyStopping } : null },
  };
}

export function kerasSettings(experiment: ResolvedExperiment, options: KerasScriptOptions) {
  if (experiment.kind === 'backprop' && !experiment.backprop)
    throw new Error(
      `${experiment.file ?? experiment.name}: /backprop: a backprop experiment needs its "backprop" section`,
    );
  const bp = experiment.backprop;
  return {
    name: experiment.name,
    kind: experiment.kind,
    quick: experiment.quick,
    mnistDir: options.mnistDir,
    trials: experiment.trials.map(trialSettings),
    backprop: bp
      ? {
          inputs: bp.inputs,
          target: bp.target,
          weights: bp.weights,
          biases: bp.biases,
          learningRate: bp.learningRate,
          steps: bp.steps,
          hiddenActivation: bp.hiddenActivation,
          outputActivation: bp.outputActivation,
          loss: bp.loss,
          update: bp.update,
        }
      : null,
  };
}

export function kerasScript(experiment: ResolvedExperiment, options: KerasScriptOptions): string {
  const settings = kerasSettings(experiment, options);
  return `${PYTHON_HEADER}\n# Every setting of the experiment, resolved by MNIST Lab (defaults, sweep, seed).\nSETTINGS = json.loads(${pythonJsonLiteral(settings)})\n${PYTHON_BODY}`;
}
