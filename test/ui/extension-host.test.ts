// The mocha suite in test/e2e/suite, run inside the extension host of a real VS Code.
// Needs `npm run build`, `node scripts/build-e2e.mjs` and `bash scripts/setup-e2e.sh` first.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runExtensionTests } from '../e2e/extension-host';
import { makeWorkspace, repoRoot, startSession } from '../e2e/vscode-server';

test('the extension-host suite passes in VS Code', { timeout: 360_000 }, async (t) => {
  const { server, page, close } = await startSession();
  t.after(close);
  // The samples make `workspaceContains:**/*.mnistexp.json` true, as in a user's project.
  const folder = makeWorkspace({}, [join(repoRoot, 'samples')]);

  const exitCode = await runExtensionTests(page, server, { folder });

  assert.equal(
    exitCode,
    0,
    'the mocha suite failed inside the extension host: its report is in the [page …] lines above',
  );
});
