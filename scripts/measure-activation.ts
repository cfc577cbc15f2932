// Activation time of the extension as VS Code itself reports it: the workbench's "Developer:
// Show Running Extensions" row ("Startup Activation: N ms" = loading the code + running
// activate()).
// Each run starts a fresh VS Code server and Chromium (test/e2e/vscode-server.ts), opens a
// workspace holding one experiment (the workspaceContains event a user's first window fires),
// and reads the row. Several extension folders are measured in turns, so load on a shared
// machine spreads over all of them.
//
//   npx tsx scripts/measure-activation.ts [--runs 3] [extension folder...]   (default: this repo)
//
// Each folder needs a built dist/ (`npm run build -- --production` to measure what ships), and
// .vscode-test/ must hold the server (`bash scripts/setup-e2e.sh`).
import { resolve } from 'node:path';
import { makeWorkspace, openWorkbench, repoRoot, runCommand, startSession } from '../test/e2e/vscode-server';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const folders = (args.length > 0 ? args : [repoRoot]).map((f) => resolve(f));

const experiment = JSON.stringify({
  name: 'activation',
  kind: 'binary',
  data: { classes: [5, 8] },
  model: { hidden: [{ units: 8 }] },
});

async function measureOnce(extensionPath: string): Promise<number> {
  const session = await startSession();
  try {
    const { page, server } = session;
    const folder = makeWorkspace({ 'activation.mnistexp.json': experiment });
    await openWorkbench(page, server, { folder, extensionDevelopmentPath: extensionPath });
    // The list shows the extension by id (no marketplace name offline) and its time once
    // activation has finished; until then it says "Activating...".
    await runCommand(page, 'Developer: Show Running Extensions');
    const row = page
      .locator('.monaco-list-row', { hasText: 'mnist-lab.mnist-lab' })
      .filter({ hasText: /Activation: \d+ms/ });
    await row.first().waitFor({ timeout: 60_000 });
    const text = (await row.first().textContent()) ?? '';
    const ms = /Activation: (\d+)ms/.exec(text);
    if (!ms) throw new Error(`no activation time in "${text}"`);
    return Number(ms[1]);
  } finally {
    await session.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const times = new Map<string, number[]>(folders.map((f) => [f, []]));
  for (let i = 0; i < runs; i++) {
    for (const f of folders) {
      const ms = await measureOnce(f);
      times.get(f)?.push(ms);
      process.stdout.write(`run ${i + 1}: ${f}: ${ms} ms\n`);
    }
  }
  for (const [f, xs] of times) process.stdout.write(`${f}: median ${median(xs)} ms (${xs.join(', ')})\n`);
  // The server and browser leave handles behind; the harness's exit hook cleans them up.
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
