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

function allDiagnosticsWhere(
  uri: vscode.Uri,
  accept: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const current = vscode.languages.getDiagnostics(uri);
      if (accept(current)) return resolve(current);
      if (Date.now() - started > timeoutMs)
        return reject(
          new Error(
            `diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(current.map((d) => d.message))}`,
          ),
        );
      setTimeout(poll, 100);
    };
    poll();
  });
}

/** Every source's diagnostics once they have not changed for two seconds. */
async function settle(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const current = vscode.languages.getDiagnostics(uri);
    const key = JSON.stringify(current.map((d) => [d.source, d.message, d.range]));
    if (key !== last) {
      last = key;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= 2000) return current;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once our diagnostics for `uri` satisfy `accept` (they are debounced). */
function diagnosticsWhere(
  uri: vscode.Uri,
  accept: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
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
      reject(
        new Error(
          `diagnostics for ${uri.fsPath} never matched; last: ${JSON.stringify(ours(uri).map((d) => d.message))}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

const base = {
  name: 'Broken on purpose',
  kind: 'binary',
  data: { classes: [5, 8] },
  model: { hidden: [{ units: 8 }] },
};

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

  test('text that is not JSON is left to the JSON service: one problem, where it breaks, none of ours', async () => {
    const uri = workspaceFile('e2e-not-json.mnistexp.json', '{\n  "name": "x",\n  "kind": \n}\n');
    // The JSON service validates the documents shown in an editor.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const all = await allDiagnosticsWhere(uri, (d) => d.length > 0);
    await settle(uri);
    assert.deepEqual(ours(uri), [], 'a syntax error is reported once, by the JSON service');
    assert.equal(all[0]!.range.start.line, 3, 'the parser stops at the closing brace on line 4');
  });

  test('three mistakes give three problems, on the key or value at fault, each did-you-mean with a Quick Fix', async () => {
    const text = JSON.stringify(
      { ...base, model: { hidden: [{ units: 8 }], activation: 'rellu' }, training: { batchSize: -4, epochz: 2 } },
      null,
      2,
    );
    const uri = workspaceFile('e2e-three-mistakes.mnistexp.json', text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await diagnosticsWhere(uri, (d) => d.length === 3);
    // The JSON service validates on its own schedule: give it time to add its own reports.
    const all = await settle(uri);
    assert.equal(all.length, 3, `every problem once: ${JSON.stringify(all.map((d) => `${d.source}: ${d.message}`))}`);
    const underlined = all.map((d) => document.getText(d.range)).sort();
    assert.deepEqual(underlined, ['"epochz"', '"rellu"', '-4']);

    for (const [wrong, right] of [
      ['"rellu"', '"relu"'],
      ['"epochz"', '"epochs"'],
    ] as const) {
      const diagnostic = ours(uri).find((d) => document.getText(d.range) === wrong)!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.title === `Change to ${right}`);
      assert.ok(fix?.edit, `no Quick Fix for ${wrong}: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.ok(document.getText().includes(right));
    }
    const [left] = await diagnosticsWhere(uri, (d) => d.length === 1);
    assert.match(left!.message, /^\/training\/batchSize: /);
  });

  test('the JSON service still completes enum values and describes each value on hover', async () => {
    const text = JSON.stringify({ ...base, model: { hidden: [{ units: 8 }], activation: 'tanh' } }, null, 2);
    const uri = workspaceFile('e2e-completions.mnistexp.json', text);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const at = document.positionAt(text.indexOf('"tanh"') + 2);
    const hoverText = async (): Promise<string> => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    // The schema reaches the JSON service asynchronously after the file opens.
    let hover = '';
    for (let i = 0; i < 50 && !/zero-centred/.test(hover); i++) {
      hover = await hoverText();
      if (!/zero-centred/.test(hover)) await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(hover, /zero-centred/, `hover over "tanh": ${hover}`);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      uri,
      at,
    );
    const labels = completions.items.map((c) => (typeof c.label === 'string' ? c.label : c.label.label));
    for (const value of ['"relu"', '"sigmoid"', '"selu"'])
      assert.ok(labels.includes(value), `completions: ${JSON.stringify(labels)}`);
  });
});
