// "Open Symmetry Demo": the symmetry sample computed right here, without a trainer process.
// The walkthrough math is plain float64 JavaScript (no tfjs), so it is instant; only the
// tf.grads cross-check is left out, and the panel says so.
import * as vscode from 'vscode';
import { loadExperiment } from '../../../experiments/load';
import { runWalkthrough } from '../../../core/backprop-walkthrough';
import type { BackpropRecord } from '../../../core/record';

export const SYMMETRY_SAMPLE = 'backprop-symmetry';

/** The walkthrough of a bundled sample and the title to show it under. */
export function backpropSample(
  extensionUri: vscode.Uri,
  sample: string = SYMMETRY_SAMPLE,
): { record: BackpropRecord; title: string } {
  const file = vscode.Uri.joinPath(extensionUri, 'samples', `${sample}.mnistexp.json`).fsPath;
  // loadExperiment throws an ExperimentError naming the file and the JSON pointer.
  const { experiment } = loadExperiment(file);
  if (!experiment.backprop) throw new Error(`${file}: expected a "backprop" experiment with a "backprop" section`);
  return { record: runWalkthrough(experiment.backprop), title: experiment.name };
}
