// "Open Results" as a user meets it: the extension installed from its .vsix (not in development
// mode) in the real VS Code of test/e2e. From the click on the run in the picker, it times the
// first numbers in the panel, the confusion matrix and the first sample image; beside it, in the
// same workbench and turns, VS Code's own Markdown preview of a README (another webview panel),
// so the figures can be compared across machines as a ratio.
//
//   node --import tsx bench/open-results.ts [--repeat 5] [--vsix <file>] [--json <file>]
//
// Without --vsix it builds the production bundles into dist/ and packages them first. The run it
// opens is a real quick run of a ten-digit net trained by the CLI on the embedded MNIST.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import {
  exactText,
  freshDir,
  makeWorkspace,
  openFile,
  openWorkbench,
  repoRoot,
  runCommand,
  startCommand,
  startSession,
  typeInPalette,
  webviewFrame,
} from '../test/e2e/vscode-server';
import { tenDigitExperiment } from '../test/experiment-files';
import { cliRun } from '../test/ui/fixtures';
import { median } from './spec';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const REPEAT = Number(flag('--repeat') ?? 5);

const experiment = tenDigitExperiment({
  name: 'Open results bench',
  initializer: 'heNormal',
  epochs: 3,
  earlyStopping: false,
  quick: { train: 6000, test: 2000, epochs: 3 },
});

function packageVsix(): string {
  const out = join(freshDir('open-results-vsix'), 'mnist-lab.vsix');
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--no-yarn',
      '--no-rewrite-relative-links',
      '--out',
      out,
    ],
    { cwd: repoRoot, stdio: 'pipe' },
  );
  return out;
}

/** Milliseconds from `start` until each named locator shows, in order. */
async function timeUntil(
  start: () => Promise<void>,
  marks: [string, (frame: FrameLocator) => ReturnType<FrameLocator['locator']>][],
  page: Page,
): Promise<Record<string, number>> {
  const t0 = performance.now();
  await start();
  const frame = webviewFrame(page);
  const times: Record<string, number> = {};
  for (const [name, locate] of marks) {
    await locate(frame).first().waitFor({ timeout: 60_000 });
    times[name] = Math.round(performance.now() - t0);
  }
  return times;
}

/** Picks `label` in the quick pick a command opened, the click being the start of the clock. */
async function pickRow(page: Page, command: string, label: string): Promise<() => Promise<void>> {
  const input = await startCommand(page, command);
  await page.locator('.quick-input-title', { hasText: /which/i }).waitFor();
  await input.fill(label);
  // The list recycles its rows while it filters: let it settle so the click is the only wait timed.
  await page.waitForTimeout(500);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor();
  return () => row.click();
}

async function main(): Promise<void> {
  const vsix = flag('--vsix') ?? packageVsix();
  const folder = makeWorkspace({
    'open-results.mnistexp.json': JSON.stringify(experiment, null, 1),
    'README.md': `# Notes\n\n${'A paragraph of notes about the runs in this folder. '.repeat(40)}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n`,
  });
  cliRun(folder, 'open-results.mnistexp.json');

  const { server, page, close } = await startSession({
    installVsix: [vsix],
    userSettings: { 'workbench.colorTheme': 'Default Dark Modern' },
  });
  try {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await openWorkbench(page, server, { folder });
    await page.locator('.activitybar [aria-label^="MNIST Lab"]').first().waitFor({ timeout: 60_000 });

    const results: Record<string, number>[] = [];
    const preview: number[] = [];
    for (let turn = 0; turn < REPEAT; turn++) {
      await runCommand(page, 'View: Close All Editors');
      const click = await pickRow(page, 'MNIST Lab: Open Results', 'Open results bench');
      results.push(
        await timeUntil(
          click,
          [
            ['numbers', (f) => f.locator('[data-fact="test-accuracy"] .v')],
            ['matrix', (f) => f.locator('#confusion-matrix td.cell')],
            ['samples', (f) => f.locator('#samples canvas.digit')],
          ],
          page,
        ),
      );

      await runCommand(page, 'View: Close All Editors');
      await openFile(page, 'README.md');
      await typeInPalette(page, '>Markdown: Open Preview');
      const row = page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exactText('Markdown: Open Preview') }) })
        .first();
      await row.waitFor();
      const times = await timeUntil(
        () => row.click(),
        [['heading', (f) => f.locator('h1', { hasText: 'Notes' })]],
        page,
      );
      preview.push(times.heading!);
    }

    const rows = ['numbers', 'matrix', 'samples'].map((mark) => {
      const all = results.map((r) => r[mark]!);
      const warm = all.slice(1);
      return { mark, first: all[0]!, median: median(warm.length ? warm : all) };
    });
    const previewMedian = median(preview.slice(1).length ? preview.slice(1) : preview);
    const load = execFileSync('uptime', { encoding: 'utf8' }).trim();
    console.log(`Open Results on the installed .vsix, ${REPEAT} turns (${load})`);
    console.log('milestone              first (ms)   median of later turns (ms)   ÷ Markdown preview');
    for (const r of rows) {
      console.log(
        `${r.mark.padEnd(22)} ${String(r.first).padStart(10)}   ${String(r.median).padStart(26)}   ${(r.median / previewMedian).toFixed(2).padStart(18)}`,
      );
    }
    console.log(
      `${'Markdown preview'.padEnd(22)} ${String(preview[0]).padStart(10)}   ${String(previewMedian).padStart(26)}   ${'1.00'.padStart(18)}`,
    );
    const json = flag('--json');
    if (json) writeFileSync(json, JSON.stringify({ load, results, preview }, null, 2));
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
