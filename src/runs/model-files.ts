// Reads a trial's saved model (model.json + weights.bin) with plain fs, for readers that must
// not load tfjs (the extension host). The files are checked by core/saved-model.ts, so a
// panel gets either usable weights or an error naming the file and what is wrong.
import { stat, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MAX_WEIGHT_BYTES, parseSavedModel, type DenseWeights } from '../core/saved-model';

export interface ModelFiles {
  modelJson: unknown;
  weights: Buffer;
  layers: DenseWeights[];
}

export async function readModelFiles(modelDir: string): Promise<ModelFiles> {
  const jsonFile = path.join(modelDir, 'model.json');
  const binFile = path.join(modelDir, 'weights.bin');
  const read = async (file: string, limit: number): Promise<Buffer> => {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'ENOENT'
          ? `${file}: not found (the run saved no model, or it was deleted)`
          : `${file}: cannot read it (${code ?? String(e)})`,
        { cause: e },
      );
    }
    if (size > limit)
      throw new Error(`${file}: ${size} bytes, more than the ${limit} a saved MNIST Lab model can have`);
    return readFile(file);
  };
  const jsonText = (await read(jsonFile, 1024 * 1024)).toString('utf8');
  let modelJson: unknown;
  try {
    modelJson = JSON.parse(jsonText);
  } catch (e) {
    throw new Error(`${jsonFile}: not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  const weights = await read(binFile, MAX_WEIGHT_BYTES);
  return { modelJson, weights, layers: parseSavedModel(modelJson, weights, jsonFile) };
}
