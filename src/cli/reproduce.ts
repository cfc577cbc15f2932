import * as path from 'node:path';
import { reproduceStudy } from '../report/reproduce';
import { backendFlag } from './args';

export async function reproduce(flags: Map<string, string | true>, paths: { trainerPath: string }): Promise<number> {
  const quick = flags.has('quick');
  const seedCount = Number(flags.get('seeds') ?? (quick ? 1 : 3));
  if (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > 20) throw new Error(`--seeds expects a whole number from 1 to 20`);
  const parts = String(flags.get('parts') ?? '1,2,3,4,5').split(',').map(Number);
  if (parts.some((p) => ![1, 2, 3, 4, 5].includes(p))) throw new Error('--parts expects a comma-separated list of 1…5');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const outDir = path.resolve(String(flags.get('out') ?? path.join('reports', `case-study-${quick ? 'quick-' : ''}${stamp}`)));
  const { reportFile } = await reproduceStudy({
    outDir,
    samplesDir: path.join(__dirname, '..', 'samples'),
    trainerPath: paths.trainerPath,
    quick,
    seeds: Array.from({ length: seedCount }, (_, i) => 42 + i),
    backend: backendFlag(flags),
    parts,
    workers: flags.has('workers') ? Number(flags.get('workers')) : undefined,
    threads: flags.has('threads') ? Number(flags.get('threads')) : undefined,
    log: (line) => console.log(line),
  });
  console.log(`report: ${reportFile}`);
  return 0;
}
