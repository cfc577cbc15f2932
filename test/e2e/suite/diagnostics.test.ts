import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

function workspaceFile(name: string, content: unknown): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  const file = join(folder.uri.fsPath, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return vscode.Uri.file(file);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MNIST Lab');
}

/** Resolves once our diagnostics for `uri` satisfy `accept` (they are debounced). */
function diagnosticsWhere(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ours(uri);
      if (!accept(current)) return false;
      clearTimeout(timer);
      subscription.dispose();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(ours(uri).map((d) => d.message))}`));
    }, timeoutMs);
    check();
  });
}

const base = { name: 'Broken on purpose', kind: 'binary', data: { classes: [5, 8] }, model: { hidden: [{ units: 8 }] } };

suite('diagnostics', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('mnist-lab.mnist-lab')?.activate();
  });

  test('a schema error is underlined at its JSON pointer, and goes away when fixed', async () => {
    const uri = workspaceFile('e2e-schema-error.mnistexp.json', { ...base, model: { hidden: [{ units: 'many' }] } });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);

    const [problem, ...rest] = await diagnosticsWhere(uri, (d) => d.length > 0);
    assert.deepEqual(rest, [], 'one mistake, one diagnostic');
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem!.message, /^\/model\/hidden\/0\/units: /);
    assert.equal(document.getText(problem!.range), '"many"');

    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, problem!.range, '16');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsWhere(uri, (d) => d.length === 0);
  });

  test('a semantic error (three classes for a binary experiment) names the pointer and what is expected', async () => {
    const uri = workspaceFile('e2e-semantic-error.mnistexp.json', { ...base, data: { classes: [3, 5, 8] } });
    const document = await vscode.workspace.openTextDocument(uri);

    const diagnostics = await diagnosticsWhere(uri, (d) => d.length > 0);
    const classes = diagnostics.find((d) => d.message.startsWith('/data/classes: '));
    assert.ok(classes, `no diagnostic at /data/classes: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
    assert.match(classes.message, /exactly two classes/);
    // The range is the key of the array, not the whole multi-line value.
    assert.equal(document.getText(classes.range), '"classes"');
  });

  test('text that is not JSON is reported where it breaks', async () => {
    const uri = workspaceFile('e2e-not-json.mnistexp.json', '{\n  "name": "x",\n  "kind": \n}\n');
    await vscode.workspace.openTextDocument(uri);
    const [problem] = await diagnosticsWhere(uri, (d) => d.length > 0);
    assert.match(problem!.message, /not valid JSON/);
    assert.equal(problem!.range.start.line, 3, 'the parser stops at the closing brace on line 4');
  });
});
