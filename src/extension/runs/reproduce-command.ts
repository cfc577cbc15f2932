// "Reproduce Case Study": the CLI's `mnist-lab reproduce`, with a progress notification and
// the report opened at the end. Each run of the study goes through the run queue like any
// other run: it waits for `mnistLab.maxParallelRuns`, shows in the tree and the status bar,
// and Stop Run stops it (which ends the reproduction). Training happens in forked trainers.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { markWalkthroughStep, WALKTHROUGH_CONTEXT } from '../walkthrough/get-started';
import { CASE_STUDY_PARTS, caseStudyFolderName, caseStudySeeds, isCaseStudyPart } from '../../core/case-study';
import { reproduceStudy } from '../../report/reproduce';
import type { StudyRunRequest, StudyRunResult } from '../../report/types';
import { ensureTrustedToRun } from '../trust';
import type { RunManager } from './run-manager';

/** Skips the quick/full pick when given (keybindings, tests); `parts` defaults to all five. */
export interface ReproduceArgs {
  quick?: boolean;
  parts?: number[];
}

/** Runs one experiment of the study on the run queue; resolves when the run settles. */
export function queuedStudyRun(manager: RunManager): (request: StudyRunRequest) => Promise<StudyRunResult> {
  return async (request) => {
    if (request.signal?.aborted) throw new Error('cancelled');
    const run = manager.enqueue({
      file: request.file,
      experiment: request.experiment,
      source: request.source,
      quick: request.quick,
      runsRoot: request.runsRoot,
    });
    const onAbort = (): void => manager.cancel(run);
    request.signal?.addEventListener('abort', onAbort);
    void run.started.then((handle) => handle.onUpdate(request.onUpdate));
    try {
      const record = await run.finished;
      if (!record || !run.handle) throw new Error(`${request.experiment.name} was cancelled before it started`);
      return { record, runDir: run.handle.runDir };
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
    }
  };
}

export async function reproduceCaseStudy(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  manager: RunManager,
  args?: ReproduceArgs,
): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: open a folder first; the report is written into it (mnist-lab-reports/).'),
    );
    return;
  }
  const trustReason = vscode.l10n.t(
    'Reproducing the case study trains networks, which needs a trusted workspace. Trust this workspace, then reproduce the case study again.',
  );
  if (!(await ensureTrustedToRun(undefined, trustReason))) return;
  const pick =
    typeof args?.quick === 'boolean'
      ? { quick: args.quick }
      : await vscode.window.showQuickPick(
          [
            {
              label: vscode.l10n.t('Quick'),
              description: vscode.l10n.t(
                'reduced data and epochs, about a minute — a smoke test, not comparable with the study',
              ),
              quick: true,
            },
            {
              label: vscode.l10n.t('Full'),
              description: vscode.l10n.t(
                'all five parts, 3 seeds for parts 2 and 4 — about 8 minutes on 2 cores (wasm)',
              ),
              quick: false,
            },
          ],
          {
            title: vscode.l10n.t('MNIST Lab: Reproduce Case Study'),
            // Opened from the Get Started step's button, which takes focus back after the link.
            ignoreFocusOut: true,
          },
        );
  if (!pick) return;
  const outDir = path.join(folder.uri.fsPath, 'mnist-lab-reports', caseStudyFolderName(pick.quick));
  try {
    const { reportFile } = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('MNIST Lab: reproducing the case study'),
        cancellable: true,
      },
      (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return reproduceStudy({
          outDir,
          samplesDir: path.join(context.extensionPath, 'samples'),
          // The run queue starts the trainers with the user's settings (backend, workers,
          // threads, native module); these only describe the study.
          trainerPath: path.join(context.extensionPath, 'dist', 'trainer.js'),
          backend: 'auto',
          quick: pick.quick,
          seeds: caseStudySeeds(pick.quick),
          parts: args?.parts?.filter(isCaseStudyPart) ?? CASE_STUDY_PARTS,
          runExperiment: queuedStudyRun(manager),
          signal: abort.signal,
          log: (line) => {
            log.info(`[reproduce] ${line}`);
            progress.report({ message: line.trim().slice(0, 90) });
          },
        });
      },
    );
    log.info(`[reproduce] report: ${reportFile}`);
    markWalkthroughStep(WALKTHROUGH_CONTEXT.reproduced);
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(reportFile));
    return reportFile;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`[reproduce] ${message}`);
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('MNIST Lab: the reproduction stopped: {0}', message),
      showLog,
    );
    if (choice === showLog) log.show(true);
    return undefined;
  }
}
