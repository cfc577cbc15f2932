// New Experiment (from a case-study template) and Open Case-Study Samples: files written into
// the workspace.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findWorkspaceExperiments, isExperimentPath } from '../experiments/files';
import { namedFiles } from '../experiments/named-files';
import {
  copySamples,
  freeExperimentPath,
  hasStudentId,
  relocateExperimentText,
  renameExperimentText,
  TEMPLATES,
  templatePath,
  withStudentId,
  writeNewFile,
} from '../experiments/templates';
import { STUDY_EXAMPLE_STUDENT_ID } from '../../core/case-study';
import type { CommandDeps } from './deps';
import { EXPERIMENTS_VIEW } from '../command-ids';

const SAMPLES_FOLDER = 'mnist-lab-samples';

export async function newExperiment(deps: CommandDeps): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(
    TEMPLATES.map((t) => ({
      label: t.label,
      description: vscode.l10n.t('case study part {0}', t.part),
      detail: t.detail,
      template: t,
    })),
    { title: vscode.l10n.t('MNIST Lab: New Experiment — start from which part of the case study?') },
  );
  if (!picked) return undefined;
  const source = templatePath(deps.context.extensionPath, picked.template);
  let text: string;
  try {
    text = relocateExperimentText(await fs.readFile(source, 'utf8'));
  } catch (e) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: cannot read the template {0}: {1}', source, (e as Error).message),
    );
    return undefined;
  }
  if (hasStudentId(text)) {
    // The template carries the study's example ID; the rule is about the user's own.
    const id = await vscode.window.showInputBox({
      title: vscode.l10n.t('MNIST Lab: New Experiment — your student ID'),
      prompt: vscode.l10n.t(
        "Its last digit picks which weights are updated (even: w7–w9, odd: w1–w6). Leave it empty to keep the study's example, {0}.",
        STUDY_EXAMPLE_STUDENT_ID,
      ),
      placeHolder: vscode.l10n.t("the study's example: {0}", STUDY_EXAMPLE_STUDENT_ID),
      validateInput: (v) =>
        v.trim() === '' || /^[A-Za-z0-9-]*[0-9]$/.test(v.trim())
          ? undefined
          : vscode.l10n.t('an ID that ends in a digit 0–9'),
    });
    if (id === undefined) return undefined;
    if (id.trim() !== '') text = withStudentId(text, id.trim());
  }
  // A third "Backprop by hand: 2-3-1" in the tree could not be told apart from the others.
  const taken = (await namedFiles(await findWorkspaceExperiments())).map((f) => f.name);
  text = renameExperimentText(text, taken);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const suggested = folder ? await freeExperimentPath(folder.uri.fsPath, `my-${picked.template.sample}`) : undefined;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('MNIST Lab: Save the new experiment as'),
    defaultUri: suggested ? vscode.Uri.file(suggested) : undefined,
    // Dialogs compare only the last extension: a "mnistexp.json" filter makes them append it
    // again. The suffix is made right below instead.
    filters: { 'MNIST Lab experiment': ['json'] },
    saveLabel: vscode.l10n.t('Create'),
  });
  if (!target) return undefined;
  const file = isExperimentPath(target.fsPath)
    ? target.fsPath
    : `${target.fsPath.replace(/\.json$/, '')}.mnistexp.json`;
  if (!(await writeNewFile(file, text))) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: {0} already exists; it was left as it is. Choose another name.', file),
    );
    return undefined;
  }
  deps.tree.refresh();
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(uri);
  return uri;
}

export async function openSamples(deps: CommandDeps): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const openFolder = vscode.l10n.t('Open Folder');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('MNIST Lab: open a folder first; the samples are copied into it.'),
      openFolder,
    );
    if (choice === openFolder) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  const target = path.join(folder.uri.fsPath, SAMPLES_FOLDER);
  let result;
  try {
    result = await copySamples(deps.context.extensionPath, target);
  } catch (e) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: could not copy the samples to {0}: {1}', target, (e as Error).message),
    );
    return undefined;
  }
  const kept =
    result.kept.length > 0 ? ` ${vscode.l10n.t('{0} already there were kept unchanged.', result.kept.length)}` : '';
  void vscode.window.showInformationMessage(
    vscode.l10n.t('MNIST Lab: copied {0} samples to {1}/.', result.copied.length, SAMPLES_FOLDER) + kept,
  );
  deps.tree.refresh();
  await vscode.commands.executeCommand(`${EXPERIMENTS_VIEW}.focus`);
  return target;
}
