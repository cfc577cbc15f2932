// Type-checks each context with its own tsconfig (globals differ: DOM only in webviews and
// tests, vscode only in the host, neither in the core). Runs as many at once as there are
// cores; incremental build info under out/tsc makes a re-run after a small edit quick.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Largest first, so the small ones fill in beside them.
const projects = {
  test: 'test/tsconfig.json',
  node: 'tsconfig.node.json',
  extension: 'src/extension/tsconfig.json',
  webviews: 'src/webviews/tsconfig.json',
  core: 'src/core/tsconfig.json',
};
const cacheDir = join(repo, 'out/tsc');
mkdirSync(cacheDir, { recursive: true });

function check(name, project) {
  const started = Date.now();
  const args = [
    tsc,
    '-p',
    project,
    '--noEmit',
    '--incremental',
    '--tsBuildInfoFile',
    join(cacheDir, `${name}.tsbuildinfo`),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repo });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ name, project, code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const queue = Object.entries(projects);
const results = [];
async function worker() {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const result = await check(...next);
    results.push(result);
    console.log(
      `${result.code === 0 ? 'ok  ' : 'FAIL'} ${result.name.padEnd(10)} ${result.project} (${result.seconds.toFixed(1)} s)`,
    );
    if (result.code !== 0) process.stdout.write(result.output);
  }
}
await Promise.all(Array.from({ length: Math.min(availableParallelism(), queue.length) }, worker));
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
