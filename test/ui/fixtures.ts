// What several UI tests set up the same way: real runs trained by the built CLI (so the panels
// show what a user's run holds), and VS Code opened on the workspace with MNIST Lab loaded.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { RunRecord } from '../../src/core/record';
import { runsRootFor, slugify } from '../../src/runs/store';
import { openWorkbench, repoRoot, startSession, type Session } from '../e2e/vscode-server';

/** The newest run of the experiment in `folder/file`, found where the store puts it. */
export function newestRun(folder: string, file: string): { dir: string; record: RunRecord } {
  const { name } = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { name: string };
  const experimentDir = join(runsRootFor(folder), slugify(name));
  const newest = readdirSync(experimentDir).sort().at(-1);
  if (newest === undefined) throw new Error(`no runs under ${experimentDir}`);
  const dir = join(experimentDir, newest);
  return { dir, record: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord };
}

/**
 * Trains the experiment in `folder/file` through the built CLI into the workspace's runs folder
 * (with `--quick` unless told otherwise; one trainer process unless told otherwise); its run.
 */
export function cliRun(
  folder: string,
  file: string,
  { quick = true, workers = 1 }: { quick?: boolean; workers?: number } = {},
): { dir: string; record: RunRecord } {
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'dist/cli.js'),
      'run',
      join(folder, file),
      ...(quick ? ['--quick'] : []),
      '--out',
      runsRootFor(folder),
      '--workers',
      String(workers),
      '--quiet',
    ],
    { stdio: 'pipe' },
  );
  return newestRun(folder, file);
}

/** `cliRun` with `--quick`: the run most panel tests open. */
export function quickRun(folder: string, file: string, workers = 1): { dir: string; record: RunRecord } {
  return cliRun(folder, file, { workers });
}

/**
 * VS Code on `folder` with the extension under development, in the dark theme at 1400 px wide,
 * returned once MNIST Lab's activity-bar item shows (its commands are in the palette from then
 * on); closed when `t` ends. `settings` go into the user settings.
 */
export async function openLab(
  t: TestContext,
  folder: string,
  { settings = {}, height = 1000 }: { settings?: Record<string, unknown>; height?: number } = {},
): Promise<Session> {
  const session = await startSession({ userSettings: { 'workbench.colorTheme': 'Default Dark Modern', ...settings } });
  t.after(session.close);
  await session.page.setViewportSize({ width: 1400, height });
  await openWorkbench(session.page, session.server, { folder, extensionDevelopmentPath: repoRoot });
  await session.page.locator('.activitybar [aria-label^="MNIST Lab"]').first().waitFor({ timeout: 60_000 });
  return session;
}
