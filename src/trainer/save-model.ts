// Saves in the tfjs layers format (model.json + weights.bin). The file:// handler needs
// tfjs-node, which most installs lack, so the artefacts are written with plain fs.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FileWriteError } from '../core/fs-error';

/** Saves or leaves nothing: on a failed write (a full disk) the partial model folder is removed. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  let file = dir;
  try {
    mkdirSync(dir, { recursive: true });
    await writeModel(model, dir, (f) => (file = f));
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new FileWriteError(file, e, 'save the model to');
  }
}

async function writeModel(model: tf.LayersModel, dir: string, writing: (file: string) => void): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightsManifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }];
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest,
      };
      const data = artifacts.weightData as ArrayBuffer;
      writing(path.join(dir, 'weights.bin'));
      writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(data));
      writing(path.join(dir, 'model.json'));
      writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}
