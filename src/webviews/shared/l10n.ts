// The app's translations: the host puts VS Code's bundle for the display language into the page
// (panels/shared/webview-html.ts), and @vscode/l10n's t() reads it from then on. vscode-api.ts
// imports this module, so every app has it configured before its first render. Apps translate
// when they draw, never at module load, so import order cannot leave text untranslated.
import * as l10n from '@vscode/l10n';
import { L10N_BUNDLE_ELEMENT_ID, parseL10nBundle } from '../../extension/panels/shared/contract';

/** Reads the page's bundle, if any; English (the messages themselves) without one. */
export function configureL10n(doc: Document = document): void {
  // A missing or damaged bundle leaves the app in English rather than blank.
  const contents = parseL10nBundle(doc.getElementById(L10N_BUNDLE_ELEMENT_ID)?.textContent);
  if (contents) l10n.config({ contents });
}

configureL10n();
