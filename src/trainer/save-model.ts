// Saves in the tfjs layers format (model.json + weights.bin). The file:// handler needs
// tfjs-node, which most installs lack, so the artefacts are written with plain fs.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
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
      writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(data));
      writeFileSync(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}
