// The boundary checks of `npm run lint` and `npm run typecheck` pass on the real tree and fail
// on planted wrong-way imports, cycles and wrong-context globals. The plants go into a copy of
// src/ in a temporary folder, so the working tree is never touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, tempDir } from '../helpers';

const DEPCRUISE = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const exec = promisify(execFile);

/** One line of dependency-cruiser's report: `  error rule-name: src/from.ts → to`. */
interface Violation {
  severity: string;
  rule: string;
  from: string;
}

/** The arguments `npm run lint:deps` passes, so this test checks exactly what the lint runs. */
function lintDepsArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [bin, ...args] = pkg.scripts['lint:deps'].split(/\s+/);
  assert.equal(bin, 'depcruise', 'lint:deps is expected to run dependency-cruiser');
  return args;
}

type Result = { code: number; stdout: string; stderr: string };

async function run(file: string, args: string[], cwd: string): Promise<Result> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [file, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** Runs the lint's dependency check in `cwd` and reads its report. */
async function cruise(cwd: string): Promise<{ code: number; output: string; violations: Violation[] }> {
  const { code, stdout, stderr } = await run(DEPCRUISE, lintDepsArgs(), cwd);
  const output = stdout + stderr;
  const lines = output.matchAll(/^\s*(error|warn|info) ([\w-]+): (\S+) →/gm);
  const violations = [...lines].map(([, severity, rule, from]) => ({ severity, rule, from }));
  return { code, output, violations };
}

/** A copy of what the checks read (src/, the configs), with node_modules linked in. */
function sandbox(): string {
  const dir = tempDir('mnistlab-boundaries-');
  cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const f of ['package.json', 'tsconfig.base.json', '.dependency-cruiser.cjs'])
    cpSync(path.join(ROOT, f), path.join(dir, f));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function plant(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

test('the source tree passes the dependency rules', async () => {
  const { code, output, violations } = await cruise(ROOT);
  assert.deepEqual(
    violations.filter((v) => v.severity === 'error'),
    [],
    output,
  );
  assert.equal(code, 0, output);
});

/** Files planted into the copy, each breaking one rule (or making one cycle). */
const PLANTS: Record<string, string> = {
  'src/core/__planted-vscode.ts': "import * as vscode from 'vscode';\nexport const p = vscode.version;\n",
  'src/core/__planted-fs.ts': "import { readFileSync } from 'node:fs';\nexport const p = readFileSync;\n",
  'src/webviews/__planted-trainer.ts': "import { trainTrial } from '../trainer/train';\nexport const p = trainTrial;\n",
  'src/extension/__planted-tfjs.ts': "import * as tf from '@tensorflow/tfjs';\nexport const p = tf.version;\n",
  'src/extension/__planted-webview.ts': "import { h } from '../webviews/shared/dom';\nexport const p = h;\n",
  'src/extension/__planted-protocol.ts':
    "import { isWorkerMessage } from '../trainer/protocol';\nexport const p = 1;\n",
  'src/extension/panels/__planted/contract.ts': "import type { Uri } from 'vscode';\nexport type P = Uri;\n",
  'src/experiments/__planted-runs.ts': "import { readRun } from '../runs/store';\nexport const p = readRun;\n",
  'src/runs/__planted-a.ts': "import { b } from './__planted-b';\nexport const a = (): number => b() + 1;\n",
  'src/runs/__planted-b.ts': "import { a } from './__planted-a';\nexport const b = (): number => a() - 1;\n",
  // Two folders that import each other with no file cycle between them.
  'src/cli/__one/x.ts': "import { y } from '../__two/y';\nexport const x = y;\n",
  'src/cli/__one/z.ts': 'export const z = 1;\n',
  'src/cli/__two/y.ts': 'export const y = 2;\n',
  'src/cli/__two/w.ts': "import { z } from '../__one/z';\nexport const w = z;\n",
};

test('the dependency rules fail on wrong-way imports and cycles', async (t) => {
  const dir = sandbox();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [file, text] of Object.entries(PLANTS)) plant(dir, file, text);

  const { code, output, violations } = await cruise(dir);
  assert.notEqual(code, 0, `the check must fail on a planted violation:\n${output}`);
  const expected: Array<[rule: string, from: string]> = [
    ['core-imports-only-core', 'src/core/__planted-vscode.ts'],
    ['vscode-only-in-extension', 'src/core/__planted-vscode.ts'],
    ['no-node-builtins-in-browser-code', 'src/core/__planted-fs.ts'],
    ['webviews-import-core-and-contracts', 'src/webviews/__planted-trainer.ts'],
    ['tfjs-only-in-trainer', 'src/extension/__planted-tfjs.ts'],
    ['extension-imports-below-it', 'src/extension/__planted-webview.ts'],
    ['extension-imports-protocol-types-only', 'src/extension/__planted-protocol.ts'],
    ['contracts-import-core-and-protocol-types', 'src/extension/panels/__planted/contract.ts'],
    ['experiments-imports-core', 'src/experiments/__planted-runs.ts'],
    ['no-circular', 'src/runs/__planted-a.ts'],
    ['no-circular-folders', 'src/cli/__one'],
  ];
  for (const [rule, from] of expected) {
    assert.ok(
      violations.some((v) => v.rule === rule && v.from === from),
      `expected ${rule} from ${from}; got:\n${output}`,
    );
  }
  const fileCycles = violations.filter((v) => v.rule === 'no-circular' && v.from.startsWith('src/cli/'));
  assert.deepEqual(fileCycles, [], 'the planted folder cycle has no file cycle in it');
});

/** tsc with a context's settings (its lib and types) on one planted file only, so it is quick. */
async function compileWith(dir: string, context: string, file: string, text: string) {
  plant(dir, file, text);
  const config = path.join(dir, `tsconfig.planted-${path.basename(context)}.json`);
  writeFileSync(config, JSON.stringify({ extends: `./${context}/tsconfig.json`, include: [], files: [file] }));
  return run(TSC, ['-p', config], dir);
}

test('each context compiles only with its own globals', async (t) => {
  const dir = sandbox();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [core, webviews, extension] = await Promise.all([
    compileWith(dir, 'src/core', 'src/core/__planted.ts', 'export const p = [document.title, process.env.HOME];\n'),
    compileWith(
      dir,
      'src/webviews',
      'src/webviews/__planted.ts',
      'export const p = [document.title, process.env.HOME];\n',
    ),
    compileWith(
      dir,
      'src/extension',
      'src/extension/__planted.ts',
      'export const p = [document.title, process.env.HOME];\n',
    ),
  ]);
  assert.match(core.stdout, /src\/core\/__planted\.ts.*Cannot find name 'document'/);
  assert.match(core.stdout, /src\/core\/__planted\.ts.*Cannot find name 'process'/);
  assert.doesNotMatch(webviews.stdout, /Cannot find name 'document'/);
  assert.match(webviews.stdout, /src\/webviews\/__planted\.ts.*Cannot find name 'process'/);
  assert.match(extension.stdout, /src\/extension\/__planted\.ts.*Cannot find name 'document'/);
  assert.doesNotMatch(extension.stdout, /Cannot find name 'process'/);
  for (const result of [core, webviews, extension]) assert.notEqual(result.code, 0);
});
