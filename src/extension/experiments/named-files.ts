import { summarizeExperiment } from './files';
import type { NamedFile } from './sample-copies';

/** Each experiment file with the name it shows under (read tolerantly, as the tree does). */
export async function namedFiles(files: readonly string[]): Promise<NamedFile[]> {
  return Promise.all(files.map(async (file) => ({ file, name: (await summarizeExperiment(file)).name })));
}
