import * as path from 'node:path';
import { CASE_STUDY_PARTS, caseStudyFolderName, caseStudySeeds, isCaseStudyPart } from '../core/case-study';
import { reproduceStudy } from '../report/reproduce';
import { backendFlag } from './args';

export async function reproduce(flags: Map<string, string | true>, paths: { trainerPath: string }): Promise<number> {
  const quick = flags.has('quick');
  const seedCount = flags.has('seeds') ? Number(flags.get('seeds')) : undefined;
  if (seedCount !== undefined && (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > 20)) throw new Error(`--seeds expects a whole number from 1 to 20`);
  const parts = String(flags.get('parts') ?? CASE_STUDY_PARTS.join(',')).split(',').map(Number);
  if (!parts.every(isCaseStudyPart)) throw new Error(`--parts expects a comma-separated list of ${CASE_STUDY_PARTS[0]}…${CASE_STUDY_PARTS.at(-1)}`);
  const outDir = path.resolve(String(flags.get('out') ?? path.join('reports', caseStudyFolderName(quick))));
  const { reportFile } = await reproduceStudy({
    outDir,
    samplesDir: path.join(__dirname, '..', 'samples'),
    trainerPath: paths.trainerPath,
    quick,
    seeds: caseStudySeeds(quick, seedCount),
    backend: backendFlag(flags),
    parts,
    workers: flags.has('workers') ? Number(flags.get('workers')) : undefined,
    threads: flags.has('threads') ? Number(flags.get('threads')) : undefined,
    log: (line) => console.log(line),
  });
  console.log(`report: ${reportFile}`);
  return 0;
}
