import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ensureTrustedToRun, manageTrustLabel, type TrustDeps } from '../../../src/extension/trust';

// The test server runs with --disable-workspace-trust, so the window is always trusted; the
// gate is tested with a stand-in for the workspace and the modal prompt.
function fakeDeps(
  trusted: boolean,
  answer: string | undefined,
): TrustDeps & { asked: string[]; openedTrustEditor: number } {
  const deps = {
    asked: [] as string[],
    openedTrustEditor: 0,
    isTrusted: () => trusted,
    ask: async (message: string) => {
      deps.asked.push(message);
      return answer;
    },
    openTrustEditor: async () => {
      deps.openedTrustEditor++;
    },
  };
  return deps;
}

suite('workspace trust', () => {
  test('a trusted workspace runs without asking', async () => {
    const deps = fakeDeps(true, undefined);
    assert.equal(await ensureTrustedToRun(deps), true);
    assert.deepEqual(deps.asked, []);
  });

  test('an untrusted workspace does not run, and explains why', async () => {
    const deps = fakeDeps(false, undefined);
    assert.equal(await ensureTrustedToRun(deps), false);
    assert.equal(deps.asked.length, 1);
    assert.match(deps.asked[0]!, /trusted workspace/);
    assert.equal(deps.openedTrustEditor, 0);
  });

  test('"Manage Workspace Trust" opens the trust editor and still does not run this time', async () => {
    const deps = fakeDeps(false, manageTrustLabel());
    assert.equal(await ensureTrustedToRun(deps), false);
    assert.equal(deps.openedTrustEditor, 1);
  });

  test('the manifest declares limited support for untrusted workspaces', () => {
    const manifest = vscode.extensions.getExtension('mnist-lab.mnist-lab')?.packageJSON as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
    };
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.deepEqual(manifest.capabilities?.untrustedWorkspaces?.restrictedConfigurations, ['mnistLab.runsFolder']);
  });
});
