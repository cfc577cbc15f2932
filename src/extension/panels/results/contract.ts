// Messages between the results panel (results/controller.ts: one trial of a finished run) and
// its app (src/webviews/results). The host sends the trial's full detail on every "ready".
import type { ClassificationReport, PredictionSample } from '../../../core/record';
import {
  hostMessageGuard,
  isCommonWebviewMessage,
  type CommonWebviewMessage,
  type ErrorMessage,
  type RunHeader,
  type TrialSummary,
} from '../shared/contract';

/** The full detail of one finished trial, for the results panel. */
export interface TrialDetail extends TrialSummary {
  classNames: string[];
  confusionMatrix: number[][];
  report: ClassificationReport | null;
  samples: PredictionSample[];
  sizes: { train: number; validation: number; test: number } | null;
  /** Human-readable configuration, "key → value" (layers, optimizer, loss…). */
  config: Record<string, string>;
}

// ---- host → webview -------------------------------------------------------------------
export interface ResultsMessage {
  type: 'results';
  header: RunHeader;
  trial: TrialDetail;
}
export type ResultsHostMessage = ResultsMessage | ErrorMessage;

export const isResultsHostMessage = hostMessageGuard<ResultsHostMessage>(['results', 'error']);

// ---- webview → host -------------------------------------------------------------------
export type ResultsWebviewMessage = CommonWebviewMessage;

export const isResultsWebviewMessage = isCommonWebviewMessage;
