// Runs a compiled mocha suite inside the extension host of a real VS Code, the way
// @vscode/test-electron does on the desktop: the workbench loads the extension under
// development, calls the suite's run(), then reports through window.codeAutomationExit(code).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, workbenchUrl, type VsCodeServer } from './vscode-server';

export const compiledSuiteEntry = join(repoRoot, 'out/test/e2e/suite/index.js');

export interface ExtensionTestRun {
  /** Workspace folder the window opens. */
  folder: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
  timeoutMs?: number;
}

/** Resolves with the suite's exit code (0 when every test passed). One run per page: the exit hook can be exposed only once. */
export async function runExtensionTests(page: Page, server: VsCodeServer, run: ExtensionTestRun): Promise<number> {
  const extensionDevelopmentPath = run.extensionDevelopmentPath ?? repoRoot;
  const extensionTestsPath = run.extensionTestsPath ?? compiledSuiteEntry;
  const timeoutMs = run.timeoutMs ?? 300_000;
  assertBuilt(join(extensionDevelopmentPath, 'dist/extension.js'), 'npm run build');
  assertBuilt(extensionTestsPath, 'node scripts/build-e2e.mjs');

  let reportExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolveExit) => (reportExit = resolveExit));
  // Must be exposed before navigation so the workbench finds it when the suite ends.
  await page.exposeFunction('codeAutomationExit', (code: unknown) => reportExit(Number(code)));

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `extension-host tests gave no exit code within ${timeoutMs / 1000}s ` +
              '(window.codeAutomationExit was never called): a test or activation hangs, or the ' +
              'extension host did not start. Read the [page …] lines above and the server log:\n' +
              server.output(),
          ),
        ),
      timeoutMs,
    );
  });
  const pageGone = new Promise<never>((_, reject) => {
    page.once('crash', () => reject(new Error('the workbench page crashed during the extension-host tests')));
    page.once('close', () => reject(new Error('the workbench page closed during the extension-host tests')));
  });

  try {
    await page.goto(workbenchUrl(server, { folder: run.folder, extensionDevelopmentPath, extensionTestsPath }));
    return await Promise.race([exitCode, timedOut, pageGone]);
  } finally {
    clearTimeout(timer);
  }
}

function assertBuilt(path: string, command: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`${command}\` first`);
}
