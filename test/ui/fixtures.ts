// What several UI tests set up the same way: a real quick run trained by the built CLI (so the
// panels show what a user's run holds), and the document of the webview on screen.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { RunRecord } from '../../src/core/record';
import { repoRoot } from '../e2e/vscode-server';

/** The newest run of the experiment in `file` (a workspace file name), as the CLI wrote it. */
export function newestRun(folder: string, file: string): { dir: string; record: RunRecord } {
  const out = join(folder, '.mnistlab/runs');
  const folders = readdirSync(out);
  const name =
    folders.find((d) => file === `${d}.mnistexp.json`) ?? folders.find((d) => file.startsWith(d)) ?? folders[0];
  if (name === undefined) throw new Error(`no runs under ${out}`);
  const dir = join(out, name, readdirSync(join(out, name)).sort().at(-1)!);
  return { dir, record: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord };
}

/** Trains the experiment in `folder/file` with `--quick` through the built CLI; its run. */
export function quickRun(folder: string, file: string, workers = 1): { dir: string; record: RunRecord } {
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'dist/cli.js'),
      'run',
      join(folder, file),
      '--quick',
      '--out',
      join(folder, '.mnistlab/runs'),
      '--workers',
      String(workers),
      '--quiet',
    ],
    { stdio: 'pipe' },
  );
  return newestRun(folder, file);
}

/** The document of the webview panel visible on screen (the last one when several are). */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible').last().frameLocator('#active-frame');
}
