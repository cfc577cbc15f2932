// A real VS Code (the server bundled in code-server, installed by scripts/setup-e2e.sh) and a
// Chromium page on it, shared by the extension-host run and the UI tests. Every process gets its
// own dirs under .vscode-test/run-<pid>/, including HOME, so a run never touches the user's
// profile; every process started here is killed when the test process ends, however it ends.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const repoRoot = resolve(__dirname, '../..');
const serverMain = join(repoRoot, '.vscode-test/code-server/node_modules/code-server/lib/vscode/out/server-main.js');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Set MNIST_E2E_KEEP=1 to keep logs, settings and profiles for a post-mortem.
const keepDirs = process.env.MNIST_E2E_KEEP === '1';
const runDir = join(repoRoot, '.vscode-test', `run-${process.pid}`);
const isolatedHome = join(runDir, 'home');
let dirCounter = 0;

/** A fresh, empty folder under this process's run dir. */
export function freshDir(name: string): string {
  installExitHooks();
  const dir = join(runDir, `${name}-${++dirCounter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A workspace folder holding the given files (relative path → content), plus copied dirs. */
export function makeWorkspace(files: Record<string, string> = {}, copyDirs: string[] = []): string {
  const dir = freshDir('workspace');
  for (const src of copyDirs.filter(existsSync)) cpSync(src, dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** Env that sends everything a child would put into $HOME or XDG dirs into the run dir. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: isolatedHome,
    XDG_CONFIG_HOME: join(isolatedHome, '.config'),
    XDG_DATA_HOME: join(isolatedHome, '.local/share'),
    XDG_CACHE_HOME: join(isolatedHome, '.cache'),
  };
  // node:test marks its children through this; the extension host must not think it is one.
  delete env.NODE_TEST_CONTEXT;
  return env;
}

// Process groups still alive; killed synchronously on exit because async cleanup cannot run then.
const liveGroups = new Set<number>();
let exitHooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * SIGKILLs every process whose command line names `dir`. Chromium outlives a killed
 * Playwright: its zygote, renderers and crash handlers sit in other process groups, and
 * Playwright exposes no pid for a persistent context. Our dirs are unique per run, so
 * matching them reaches exactly our processes.
 */
function killProcessesUsing(dir: string): void {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      // Arguments are NUL-separated; the terminator keeps run-12 from matching run-123.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(dir + '/') || cmdline.includes(dir + '\0')) process.kill(pid, 'SIGKILL');
    } catch {
      // Exited meanwhile, or not ours to read.
    }
  }
}

function removeDir(dir: string): void {
  if (keepDirs) return;
  try {
    // Retries give just-killed processes time to stop writing into the dir.
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (error) {
    process.stderr.write(`could not remove ${dir}: ${(error as Error).message}\n`);
  }
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    if (!existsSync(runDir)) return;
    killProcessesUsing(runDir);
    removeDir(runDir);
  });
  // Without these, Ctrl-C or the test runner's timeout would end us without the 'exit' event.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(128 + constants.signals[signal]));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Keeps the last lines of a child's output for error messages, without growing forever. */
function tail(child: ChildProcess, max = 200): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > max) lines.splice(0, lines.length - max);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

export interface ServerOptions {
  /** Merged over the defaults into the user settings.json, e.g. `workbench.colorTheme`. */
  userSettings?: Record<string, unknown>;
  /**
   * `--enable-smoke-test-driver` (default on). It also makes the workbench refuse every modal
   * dialog ("DialogService: refused to show dialog in tests"); pass false to see real dialogs.
   * Extension-host runs do not need it: codeAutomationExit is called either way.
   */
  smokeTestDriver?: boolean;
  startTimeoutMs?: number;
  /** .vsix files installed into the server's extensions folder first, as a user installs them. */
  installVsix?: string[];
}

export interface VsCodeServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** `127.0.0.1:PORT`, the authority of `vscode-remote://` URIs for files on this server. */
  readonly authority: string;
  /** The server's log so far (last lines). */
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions = {}): Promise<VsCodeServer> {
  if (!existsSync(serverMain)) {
    throw new Error(`VS Code server not found at ${serverMain}: run \`bash scripts/setup-e2e.sh\` first`);
  }
  const dir = freshDir('server');
  const userSettingsDir = join(dir, 'user/User');
  mkdirSync(userSettingsDir, { recursive: true });
  mkdirSync(isolatedHome, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    // Workspaces live inside this repository's .vscode-test/; the git extension would offer
    // (in a notification over the screenshots) to open the project's own repository.
    'git.enabled': false,
    ...options.userSettings,
  };
  writeFileSync(join(userSettingsDir, 'settings.json'), JSON.stringify(settings, null, 2));

  for (const vsix of options.installVsix ?? []) {
    execFileSync(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', join(dir, 'ext')], {
      cwd: dir,
      env: isolatedEnv(),
      stdio: 'pipe',
    });
  }
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const origin = `http://${authority}`;
  // detached makes the server a process-group leader, so stop() also reaches the extension
  // host and file watchers it forks.
  const child = spawn(
    process.execPath,
    [
      serverMain,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--disable-workspace-trust',
      ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
      '--extensions-dir',
      join(dir, 'ext'),
      '--user-data-dir',
      join(dir, 'user'),
      '--server-data-dir',
      join(dir, 'server'),
    ],
    { cwd: dir, env: isolatedEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not spawn ${process.execPath} ${serverMain}`);
  liveGroups.add(pid);
  const output = tail(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const stop = async () => {
    if (!liveGroups.has(pid)) return;
    killGroup(pid, 'SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    // Whatever ignored SIGTERM, or outlived the leader, goes now.
    killGroup(pid, 'SIGKILL');
    liveGroups.delete(pid);
    removeDir(dir);
  };

  try {
    await waitUntilAnswers(origin, exited, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- VS Code server log ---\n${output()}`, { cause: error });
  }
  return { origin, authority, output, stop };
}

async function waitUntilAnswers(origin: string, exited: Promise<void>, timeoutMs: number): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error('VS Code server exited before answering');
    try {
      const response = await fetch(origin + '/', { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`VS Code server did not answer at ${origin} within ${timeoutMs / 1000}s`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium with a throwaway profile; the page's console is relayed to stdout. */
export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  mkdirSync(isolatedHome, { recursive: true });
  // Playwright refuses --user-data-dir in args; a persistent context is how to choose the dir.
  const profile = freshDir('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: chromiumArgs,
    env: isolatedEnv(),
    viewport: options.viewport ?? { width: 1280, height: 800 },
    // The exit hooks above own shutdown; Playwright's own would race them.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  relayConsole(page);
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      killProcessesUsing(profile);
      removeDir(profile);
    },
  };
}

// Lines every healthy offline run prints: no PWA manifest, favicon, proprietary vsda module,
// update server, service worker or open-vsx; VS Code's own webview and extension-host iframes.
// MNIST_E2E_CONSOLE=all relays them too.
const knownNoise = [
  /\/manifest\.json|\/favicon|\/node_modules\/vsda\/|\/update\/check|open-vsx\.org|serviceWorker/,
  /A bad HTTP response code \(404\) was received when fetching the script/,
  /An iframe which has both allow-scripts and allow-same-origin/,
  /web worker extension host is started in a same-origin iframe/,
  /Overwriting extension <<copilot-instructions\.md>>/,
];
const relayAll = process.env.MNIST_E2E_CONSOLE === 'all';

/**
 * Prints the page's console to stdout, formatted the way the browser would show it: both the
 * workbench (`%c` styled) and mocha in the extension host (forwarded `%s`/`%d` format strings)
 * log format strings whose arguments only Node's util.format puts back in place.
 */
function relayConsole(page: Page): void {
  // Reading arguments is async; the chain keeps the lines in the order they were logged.
  let printed = Promise.resolve();
  page.on('console', (message) => {
    printed = printed.then(async () => {
      const args = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => arg.toString())));
      let text = args.length > 0 ? format(...args) : message.text();
      // The browser names the failed resource only in the message's location.
      if (text.startsWith('Failed to load resource')) text += ` (${message.location().url})`;
      if (!relayAll && knownNoise.some((noise) => noise.test(text))) return;
      process.stdout.write(`[page ${message.type()}] ${text}\n`);
    });
  });
  page.on('pageerror', (error) => process.stdout.write(`[page error] ${error.message}\n`));
}

export interface WorkbenchTarget {
  folder: string;
  /** A folder holding an extension to load as under F5 (its package.json, built `main`). */
  extensionDevelopmentPath?: string;
  /** The compiled `run()` entry of a mocha suite to run in the extension host. */
  extensionTestsPath?: string;
}

/**
 * The path to hand VS Code for an extension under development. The workbench takes every theme
 * inside that folder for the extension's own and applies it over the user's setting, and the
 * repository holds the server's built-in themes (.vscode-test/code-server): `workbench.colorTheme`
 * would be ignored. A symlink beside, not above, the server avoids that.
 */
function developmentPath(path: string): string {
  if (!serverMain.startsWith(resolve(path) + '/')) return path;
  const link = join(freshDir('dev-extension'), basename(path));
  symlinkSync(resolve(path), link, 'dir');
  return link;
}

/** The URL of a workbench on `folder`, optionally in extension-development or test mode. */
export function workbenchUrl(server: VsCodeServer, target: WorkbenchTarget): string {
  const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
  const payload: [string, string][] = [];
  if (target.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(developmentPath(target.extensionDevelopmentPath))]);
  }
  if (target.extensionTestsPath) payload.push(['extensionTestsPath', remote(target.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: target.folder });
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${server.origin}/?${query.toString()}`;
}

export async function openWorkbench(page: Page, server: VsCodeServer, target: WorkbenchTarget): Promise<void> {
  await page.goto(workbenchUrl(server, target));
  // The workbench first renders with a placeholder light `vs` class; the configured theme
  // (named in a `vscode-theme-…` class) arrives with the theme extension. Tests that read or
  // toggle the theme, or take screenshots, need the real one.
  await page.locator('.monaco-workbench[class*="vscode-theme-"]').waitFor();
}

/** Presses F1 until the command palette's input shows, and returns that input. */
export async function openPalette(page: Page): Promise<Locator> {
  const input = page.locator('.quick-input-widget input');
  // Right after the workbench appears its keybindings may not be registered yet: retry F1.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 3000 });
      return input;
    } catch (error) {
      if (attempt === 5)
        throw new Error(`F1 did not open the command palette: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** A pattern matching exactly `text` (palette rows are matched on their whole title). */
export function exactText(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * Opens the palette and types `text` in it. A panel that opens or reveals itself (a run ending,
 * a command still showing what it made) takes focus and closes a palette opened a moment before:
 * open it again rather than fail.
 */
export async function typeInPalette(page: Page, text: string): Promise<Locator> {
  for (let attempt = 1; ; attempt++) {
    const input = await openPalette(page);
    try {
      await input.fill(text, { timeout: 5000 });
      return input;
    } catch (error) {
      if (attempt === 4) throw new Error(`the palette closed before "${text}" could be typed in it`, { cause: error });
    }
  }
}

/**
 * Starts a palette command the way a user does: F1, `>title`, then the row with exactly that
 * title (not Enter: fuzzy ranking can put a longer title first, "File: Compare New Untitled Text
 * Files" above "File: New Untitled Text File"). Retried while the palette closes under it, never
 * once the row was clicked. Returns the quick input, which the command's own pick reuses.
 */
export async function startCommand(page: Page, title: string): Promise<Locator> {
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const row = rows.filter({ has: page.locator('.label-name', { hasText: exactText(title) }) }).first();
  for (let attempt = 1; ; attempt++) {
    const input = await typeInPalette(page, `>${title}`);
    try {
      await row.click({ timeout: 10_000 });
      return input;
    } catch (error) {
      if (attempt < 3 && !(await input.isVisible())) continue;
      const offered = await rows.evaluateAll((found) => found.map((r) => r.getAttribute('aria-label')));
      throw new Error(
        `no command titled "${title}" in the palette; it offered ${JSON.stringify(offered)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

/** Runs a palette command and waits until the palette closed or the command's own pick replaced it. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await startCommand(page, title);
  await page.waitForFunction((typed) => {
    const box = document.querySelector<HTMLInputElement>('.quick-input-widget input');
    return !box || box.offsetParent === null || box.value !== typed;
  }, `>${title}`);
}

/**
 * A command that asks "which …?" in a quick pick, then the first row showing `label` (in its
 * label or description). The list filters as it renders and recycles its row elements: a row
 * found a moment too early can show another item by the time it is clicked, so it settles first.
 */
export async function commandThenPick(page: Page, command: string, label: string): Promise<void> {
  const input = await startCommand(page, command);
  await page.locator('.quick-input-title', { hasText: /which/i }).waitFor();
  await input.fill(label);
  await page.waitForTimeout(500);
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: label });
  await rows.first().waitFor();
  // Enter accepts whichever item is focused when it lands: the first match once the filter has
  // run, and before that only a focused row already showing the label. A click aims at a place,
  // which a late re-render can fill with another item (seen under load: the wrong run opened).
  if (await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).count())
    await page.keyboard.press('Enter');
  else await rows.first().click();
}

/**
 * In the multi-select quick pick a command opened ("which …?"), ticks the row titled exactly
 * each of `labels`, then accepts with OK (not Enter: Enter in the list toggles the focused row
 * rather than accepting).
 */
export async function pickMany(page: Page, labels: readonly string[]): Promise<void> {
  const picker = page.locator('.quick-input-widget');
  await picker.locator('.quick-input-title', { hasText: /which/i }).waitFor();
  for (const label of labels)
    await picker
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: exactText(label) }) })
      .first()
      .click();
  await picker.filter({ hasText: `${labels.length} Selected` }).waitFor();
  await picker.locator('.monaco-button', { hasText: 'OK' }).click();
}

/**
 * "Preferences: Color Theme", then the theme the picker labels `label` ("Dark Modern", "Dark High
 * Contrast"; some carry a "Default " prefix there, depending on the VS Code version).
 */
export async function chooseColorTheme(page: Page, label: string): Promise<void> {
  const input = await startCommand(page, 'Preferences: Color Theme');
  await input.fill(label);
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({
      has: page.locator('.label-name', { hasText: new RegExp(`^(Default )?${exactText(label).source.slice(1)}`) }),
    })
    .first()
    .click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a workspace file in an editor through Go to File, as a user would. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await runCommand(page, 'Go to File...');
  await page.keyboard.type(relativePath);
  const name = relativePath.split('/').pop() ?? relativePath;
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/** The outer frame of the webview panel on screen (the last one when several are). */
export const VISIBLE_WEBVIEW = 'iframe.webview.ready:visible';

/** The document of the webview panel on screen (an iframe inside an iframe). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator(VISIBLE_WEBVIEW).last().frameLocator('#active-frame');
}

/** Saves a PNG into test-results/screenshots/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(repoRoot, 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export interface Session {
  readonly server: VsCodeServer;
  readonly browser: Browser;
  readonly page: Page;
  /** Browser first: a page whose server vanished fills the log with reconnect attempts. */
  close(): Promise<void>;
}

/** A server and a browser page, the usual start of a UI test: `t.after(() => session.close())`. */
export async function startSession(options: ServerOptions = {}): Promise<Session> {
  const server = await startServer(options);
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    browser,
    page: browser.page,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
