// What a user sees: the workbench on a folder, driven through the command palette.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeWorkspace, openWorkbench, repoRoot, runCommand, screenshot, startSession } from '../e2e/vscode-server';

test('the workbench opens a folder and runs a palette command', { timeout: 120_000 }, async (t) => {
  // A light theme differs from the default dark one, so seeing it proves the settings arrive.
  const { server, page, close } = await startSession({ userSettings: { 'workbench.colorTheme': 'Default Light Modern' } });
  t.after(close);
  const folder = makeWorkspace({ 'digits.mnistexp.json': '{}\n', 'notes.txt': 'hello\n' });

  await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });

  await page.locator('.command-center', { hasText: '[Extension Development Host]' }).waitFor();
  const workbench = page.locator('.monaco-workbench');
  assert.match((await workbench.getAttribute('class')) ?? '', /\bvs\b/, 'the light theme from settings.json is not applied');
  const explorerRows = page.locator('.explorer-folders-view .monaco-list-row');
  await explorerRows.filter({ hasText: 'notes.txt' }).waitFor();
  assert.deepEqual((await explorerRows.allInnerTexts()).map((text) => text.trim()).sort(), ['digits.mnistexp.json', 'notes.txt']);

  await runCommand(page, 'File: New Untitled Text File');
  await page.locator('.tabs-container .tab', { hasText: 'Untitled-1' }).waitFor();
  await page.keyboard.type('written through the UI test');
  await page.locator('.view-lines', { hasText: 'written through the UI test' }).waitFor();

  await screenshot(page, 'workbench');
});
