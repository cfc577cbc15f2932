// Where a trainer's worker threads load their script from: bundled, dist/<bundle> beside
// dist/trainer.js; from sources (tests, bench), the .ts beside this file, through tsx.
import * as path from 'node:path';

export function threadEntry(source: string, bundle: string, file?: string): { file: string; eval: boolean } {
  const script = file ?? (__filename.endsWith('.ts') ? path.join(__dirname, source) : path.join(__dirname, bundle));
  if (script.endsWith('.ts')) return { file: `require('tsx/cjs'); require(${JSON.stringify(script)});`, eval: true };
  return { file: script, eval: false };
}
