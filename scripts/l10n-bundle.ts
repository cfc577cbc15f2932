// The English l10n bundle (l10n/bundle.l10n.json) is derived from the sources: every
// vscode.l10n.t / l10n.t call in the host and the webviews, found by VS Code's own extractor.
// `npm run l10n` writes it; test/unit/l10n.test.ts fails when the committed file drifts.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

export const L10N_SOURCES = ['src'];
export const BUNDLE_FILE = path.join('l10n', 'bundle.l10n.json');

/** Every .ts file under the source folders, in a stable order. */
export function l10nSourceFiles(root: string): string[] {
  return L10N_SOURCES.flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(root, dir, f)),
  ).sort();
}

/** The bundle's text, keys sorted so a moved call does not reorder the file. */
export async function renderL10nBundle(root: string): Promise<string> {
  const bundle = await getL10nJson(
    l10nSourceFiles(root).map((file) => ({ contents: readFileSync(file, 'utf8'), extension: '.ts' })),
  );
  const sorted = Object.fromEntries(
    Object.keys(bundle)
      .sort()
      .map((k) => [k, bundle[k]]),
  );
  return `${JSON.stringify(sorted, null, 2)}\n`;
}
