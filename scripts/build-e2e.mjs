// Compiles the extension-host suite (test/e2e/suite) into out/test/e2e/suite, one CommonJS
// file per source file so that run() can find the *.test.js beside it. vscode is provided by
// the extension host; mocha and tfjs are resolved from node_modules at run time (mocha keeps
// global state that run() and the test files must share).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(repo, 'test/e2e/suite');
const out = join(repo, 'out/test/e2e/suite');

// A test deleted from the sources must not keep running from a stale output file.
rmSync(out, { recursive: true, force: true });
const entryPoints = readdirSync(src, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => join(src, file));

await build({
  entryPoints,
  outbase: src,
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode', 'mocha', '@tensorflow/*'],
});
