// Regenerates l10n/bundle.l10n.json from the sources (see scripts/l10n-bundle.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BUNDLE_FILE, renderL10nBundle } from './l10n-bundle';

void (async () => {
  const root = path.resolve(__dirname, '..');
  mkdirSync(path.join(root, path.dirname(BUNDLE_FILE)), { recursive: true });
  const text = await renderL10nBundle(root);
  writeFileSync(path.join(root, BUNDLE_FILE), text);
  console.log(`wrote ${BUNDLE_FILE} (${Object.keys(JSON.parse(text)).length} strings)`);
})();
