// Messages between the compare panel (compare/controller.ts: several runs side by side, each
// by its best trial) and its app (src/webviews/compare). A click on a run's name asks the host
// to open that run's results.
import {
  hostMessageGuard,
  type ErrorMessage,
  type RunHeader,
  type TrialSummary,
  isTrialListWebviewMessage,
  type TrialListWebviewMessage,
} from '../shared/contract';

export interface CompareEntry {
  header: RunHeader;
  trial: TrialSummary;
  config: Record<string, string>;
}

// ---- host → webview -------------------------------------------------------------------
export interface CompareMessage {
  type: 'compare';
  entries: CompareEntry[];
}
export type CompareHostMessage = CompareMessage | ErrorMessage;

export const isCompareHostMessage = hostMessageGuard<CompareHostMessage>(['compare', 'error']);

// ---- webview → host -------------------------------------------------------------------
export type CompareWebviewMessage = TrialListWebviewMessage;
export const isCompareWebviewMessage = isTrialListWebviewMessage;
