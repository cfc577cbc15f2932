// What a user sees: the workbench on a folder, driven through the command palette.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  makeWorkspace,
  openFile,
  openWorkbench,
  repoRoot,
  runCommand,
  screenshot,
  startSession,
} from '../e2e/vscode-server';

test('the workbench opens a folder and runs a palette command', { timeout: 120_000 }, async (t) => {
  // A light theme differs from the default dark one, so seeing it proves the settings arrive.
  const { server, page, close } = await startSession({
    userSettings: { 'workbench.colorTheme': 'Default Light Modern' },
  });
  t.after(close);
  const folder = makeWorkspace({ 'digits.mnistexp.json': '{}\n', 'notes.txt': 'hello from the e2e workspace\n' });

  await openWorkbench(page, server, { folder, extensionDevelopmentPath: repoRoot });

  await page.locator('.command-center', { hasText: '[Extension Development Host]' }).waitFor();
  // Once loaded, the applied theme's file shows in a class; before that a default one does.
  const lightModern = page.locator('.monaco-workbench.vscode-theme-defaults-themes-light_modern-json');
  await lightModern.waitFor().catch(async () => {
    const classes = await page.locator('.monaco-workbench').getAttribute('class');
    assert.fail(`the theme from settings.json (Default Light Modern) is not applied; workbench classes: ${classes}`);
  });
  const explorerRows = page.locator('.explorer-folders-view .monaco-list-row');
  await explorerRows.filter({ hasText: 'notes.txt' }).waitFor();
  assert.deepEqual((await explorerRows.allInnerTexts()).map((text) => text.trim()).sort(), [
    'digits.mnistexp.json',
    'notes.txt',
  ]);

  // Go to File is itself a palette command that opens a second quick pick.
  await openFile(page, 'notes.txt');
  await page.locator('.editor-instance .view-lines', { hasText: 'hello from the e2e workspace' }).waitFor();

  await runCommand(page, 'File: New Untitled Text File');
  await page.locator('.tabs-container .tab.active', { hasText: 'Untitled-1' }).waitFor();
  await page.keyboard.type('written through the UI test');
  await page.locator('.editor-instance .view-lines', { hasText: 'written through the UI test' }).waitFor();

  await screenshot(page, 'workbench');
});
