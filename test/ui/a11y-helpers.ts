// Accessibility checks on a webview inside the real VS Code: axe-core run in the panel's own
// document, color themes switched the way a user does, and the keyboard focus read from inside
// the webview's nested frames.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { chooseColorTheme, repoRoot, VISIBLE_WEBVIEW } from '../e2e/vscode-server';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// `label` is what the theme picker shows; `name` is the setting's value; `workbench` the class
// the workbench takes; `body` the webview body's, which `shown` matches only in that theme
// (a high-contrast body carries vscode-high-contrast beside its light or dark class).
export const THEME = {
  dark: {
    name: 'Default Dark Modern',
    label: 'Dark Modern',
    workbench: 'vs-dark',
    body: 'vscode-dark',
    shown: 'body.vscode-dark:not(.vscode-high-contrast)',
    slug: 'dark',
  },
  light: {
    name: 'Default Light Modern',
    label: 'Light Modern',
    workbench: 'vs',
    body: 'vscode-light',
    shown: 'body.vscode-light:not(.vscode-high-contrast)',
    slug: 'light',
  },
  hcDark: {
    name: 'Dark High Contrast',
    label: 'Dark High Contrast',
    workbench: 'hc-black',
    body: 'vscode-high-contrast',
    shown: 'body.vscode-high-contrast:not(.vscode-high-contrast-light)',
    slug: 'hc-dark',
  },
  hcLight: {
    name: 'Light High Contrast',
    label: 'Light High Contrast',
    workbench: 'hc-light',
    body: 'vscode-high-contrast-light',
    shown: 'body.vscode-high-contrast-light',
    slug: 'hc-light',
  },
} as const;
export const THEMES = [THEME.dark, THEME.light, THEME.hcDark, THEME.hcLight] as const;
export type Theme = (typeof THEMES)[number];
/** The themes screenshots are taken in, with the suffix their file names carry. */
export const SCREENSHOT_THEMES = [
  ['dark', THEME.dark],
  ['light', THEME.light],
  ['hc', THEME.hcDark],
] as const;

/**
 * The document of the visible webview: a Frame (not a FrameLocator), so scripts can be
 * evaluated in it. Playwright's evaluate goes through the debugger protocol, which the
 * webview's CSP does not govern, so the page's own policy stays as shipped.
 */
export async function visibleWebview(page: Page, ready = 'body'): Promise<Frame> {
  // A panel that just opened may still swap its iframe (the first one is detached): retry.
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const outer = await (
        await page.locator(VISIBLE_WEBVIEW).last().elementHandle({ timeout: 20_000 })
      )?.contentFrame();
      const inner =
        outer && (await (await outer.locator('#active-frame').elementHandle({ timeout: 20_000 }))?.contentFrame());
      if (inner) {
        await inner.locator(ready).first().waitFor({ timeout: 5000 });
        return inner;
      }
    } catch (error) {
      lastError = error;
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`no visible webview showing ${ready}: ${(lastError as Error | undefined)?.message ?? ''}`);
}

/**
 * Picks a color theme through "Preferences: Color Theme" and waits until the workbench and the
 * webview (`frame`, else the visible one) show it.
 */
export async function pickTheme(page: Page, theme: Theme, frame?: Frame | FrameLocator): Promise<void> {
  await chooseColorTheme(page, theme.label);
  await page.locator(`.monaco-workbench.${theme.workbench}`).waitFor();
  await (frame ?? (await visibleWebview(page))).locator(theme.shown).waitFor();
  // Charts and the matrix re-colour from a MutationObserver; give them a frame.
  await page.waitForTimeout(300);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA and best-practice rules) on the webview document and returns
 * every violation; the full result is kept in test-results/axe/<name>.json to read.
 */
export async function axeViolations(frame: Frame, name: string): Promise<AxeViolation[]> {
  const hasAxe = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!hasAxe) await frame.evaluate(axeSource);
  const violations = await frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: unknown[]; failureSummary?: string }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
  });
  const dir = join(repoRoot, 'test-results/axe');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(violations, null, 2));
  return violations;
}

/**
 * Violations that fail the check: all of them, whatever axe's impact. Moderate and minor ones
 * (a skipped heading level, an empty table header) are what a screen reader user meets first.
 */
export function blocking(violations: AxeViolation[]): AxeViolation[] {
  return violations;
}

export function describe(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

/** What has focus inside the webview: tag, id, classes and data-row/col, for assertions. */
export async function focused(frame: Frame): Promise<{
  tag: string;
  id: string;
  cls: string;
  row: string | null;
  col: string | null;
  text: string;
  key: string | null;
}> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      cls: el?.className ?? '',
      row: el?.getAttribute('data-row') ?? null,
      col: el?.getAttribute('data-col') ?? null,
      text: (el?.textContent ?? '').trim().slice(0, 60),
      key: el?.getAttribute('data-focus-key') ?? null,
    };
  });
}

/**
 * Waits until the run shown in the visible panel has ended. A live panel whose run finishes
 * turns into the run's results panel in the same tab (a new document), so this re-finds the
 * webview rather than holding on to one frame.
 */
export async function waitForRunEnd(page: Page, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const frame = await visibleWebview(page);
      const state = await frame.evaluate(() => {
        const status = document.getElementById('status')?.textContent ?? '';
        if (/^(done|failed|cancelled)$/.test(status.trim()) || !!document.getElementById('confusion-matrix'))
          return 'ended';
        return document.getElementById('load-retry') ? 'not-loaded' : 'waiting';
      });
      if (state === 'ended') return;
      // code-server can fail a panel's first script load while training loads both cores; the
      // panel then offers "Try again" (panels/shared/load-guard.ts), as a user would press it.
      if (state === 'not-loaded') {
        console.log('waitForRunEnd: the panel could not load its script; pressing Try again');
        await frame.locator('#load-retry').click();
      }
    } catch {
      // The frame was swapped while reading it: look again.
    }
    await page.waitForTimeout(500);
  }
  throw new Error(`the run did not end within ${timeoutMs / 1000} s`);
}
