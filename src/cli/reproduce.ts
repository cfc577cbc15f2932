import * as path from 'node:path';
import { caseStudyFolderName, caseStudySeeds } from '../core/case-study';
import { reproduceStudy } from '../report/reproduce';
import type { ReproduceArgs } from './args';

export async function reproduce(args: ReproduceArgs, paths: { trainerPath: string }): Promise<number> {
  const { quick } = args;
  const outDir = path.resolve(args.out ?? path.join('reports', caseStudyFolderName(quick)));
  const { reportFile } = await reproduceStudy({
    outDir,
    samplesDir: path.join(__dirname, '..', 'samples'),
    trainerPath: paths.trainerPath,
    quick,
    seeds: caseStudySeeds(quick, args.seeds),
    backend: args.backend,
    parts: args.parts,
    workers: args.workers,
    threads: args.threads,
    log: (line) => console.log(line),
  });
  console.log(`report: ${reportFile}`);
  return 0;
}
