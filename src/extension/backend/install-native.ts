// "Install Native Backend": @tensorflow/tfjs-node downloads libtensorflow when it installs,
// which a packaged extension cannot do for the user (and offline machines cannot do at all).
// On machines that can download it, this installs it into the extension's global storage,
// where the trainer looks for it first; any failure leaves the wasm backend in use.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const TFJS_NODE = '@tensorflow/tfjs-node@4.22.0';

export function nativeBackendDir(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'native-backend');
}

/** The folder to hand the trainer, when a native backend was installed there. */
export function installedNativeModuleDir(context: vscode.ExtensionContext): string | null {
  const dir = nativeBackendDir(context);
  return existsSync(path.join(dir, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json')) ? dir : null;
}

export async function installNativeBackend(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<boolean> {
  const dir = nativeBackendDir(context);
  mkdirSync(dir, { recursive: true });
  // Its own manifest keeps npm from walking up into unrelated folders.
  if (!existsSync(path.join(dir, 'package.json')))
    writeFileSync(
      path.join(dir, 'package.json'),
      '{ "private": true, "description": "MNIST Lab native TensorFlow backend" }\n',
    );
  log.info(`Installing ${TFJS_NODE} into ${dir}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const ok = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('MNIST Lab: installing {0}', TFJS_NODE),
      cancellable: true,
    },
    (progress, token) =>
      new Promise<boolean>((resolve) => {
        const child = spawn(npm, ['install', '--no-audit', '--no-fund', TFJS_NODE], {
          cwd: dir,
          shell: process.platform === 'win32',
        });
        token.onCancellationRequested(() => child.kill());
        const relay = (chunk: Buffer) => {
          for (const line of chunk.toString().split(/\r?\n/).filter(Boolean)) {
            log.info(`[npm] ${line}`);
            progress.report({ message: line.slice(0, 80) });
          }
        };
        child.stdout.on('data', relay);
        child.stderr.on('data', relay);
        child.on('error', (e) => {
          log.error(`npm could not start: ${e.message}`);
          resolve(false);
        });
        child.on('close', (code) => resolve(code === 0 && installedNativeModuleDir(context) !== null));
      }),
  );
  if (ok) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'MNIST Lab: the native TensorFlow backend is installed; new runs use it when the backend setting is "auto" or "tensorflow".',
      ),
    );
  } else {
    const showLog = vscode.l10n.t('Show Log');
    const choice = await vscode.window.showErrorMessage(
      vscode.l10n.t(
        'MNIST Lab: installing {0} failed (it downloads libtensorflow, which needs internet access). Runs keep using the wasm backend.',
        TFJS_NODE,
      ),
      showLog,
    );
    if (choice === showLog) log.show(true);
  }
  return ok;
}
