// The standard @vscode/test-cli path (`npx vscode-test`), for machines that can download
// desktop VS Code. It runs the same compiled extension-host suite as the offline harness
// (test/ui/extension-host.test.ts); build first: `npm run build && node scripts/build-e2e.mjs`.
import { defineConfig } from '@vscode/test-cli';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

// A fresh copy of the samples, as the offline harness opens: tests may write into it.
const workspaceFolder = '.vscode-test/workspace';
rmSync(workspaceFolder, { recursive: true, force: true });
mkdirSync(workspaceFolder, { recursive: true });
if (existsSync('samples')) cpSync('samples', workspaceFolder, { recursive: true });

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/e2e/suite/**/*.test.js',
  // The lowest version engines.vscode accepts, the same VS Code the offline server bundles.
  version: '1.100.3',
  workspaceFolder,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 30_000, color: true },
});
