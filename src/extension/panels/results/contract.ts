// Messages between the results panel (results/controller.ts: one trial of a finished run) and
// its app (src/webviews/results). The host sends the trial's full detail on every "ready".
import type { ClassificationReport, PredictionSample } from '../../../core/record';
import type { InputScaling } from '../../../core/forward-pass';
import type { ModelSummary } from '../../../core/model-summary';
import {
  hostMessageGuard,
  isBareMessage,
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
  /** Keras's model summary of the trial's net; null when the record holds no model config. */
  modelSummary: ModelSummary | null;
  /** How pixels became inputs (for a forward pass in the webview); null when the run did not record it. */
  inputScaling: InputScaling | null;
}

// ---- host → webview -------------------------------------------------------------------
/**
 * The trial without its sample images first, so the numbers show at once; when
 * `samplesFollow`, a ResultsSamplesMessage with the images (the bulk of a run) comes next.
 */
export interface ResultsMessage {
  type: 'results';
  header: RunHeader;
  trial: TrialDetail;
  samplesFollow: boolean;
}
export interface ResultsSamplesMessage {
  type: 'resultsSamples';
  trialIndex: number;
  samples: PredictionSample[];
}
/**
 * The trained model's weights, sent after "results" so reading them never delays the first
 * paint: model.json as parsed and weights.bin in base64 (the webview reads both with
 * core/saved-model.ts), or why they cannot be shown.
 */
export interface ModelWeightsMessage {
  type: 'modelWeights';
  trialIndex: number;
  model: { json: unknown; weights: string } | null;
  error: string | null;
}
export type ResultsHostMessage = ResultsMessage | ResultsSamplesMessage | ModelWeightsMessage | ErrorMessage;

export const isResultsHostMessage = hostMessageGuard<ResultsHostMessage>([
  'results',
  'resultsSamples',
  'modelWeights',
  'error',
]);

// ---- webview → host -------------------------------------------------------------------
/** The user opened a confusion-matrix cell (the Get Started walkthrough ticks a step). */
export interface CellOpenedMessage {
  type: 'cellOpened';
}
export type ResultsWebviewMessage = CommonWebviewMessage | CellOpenedMessage;

export function isResultsWebviewMessage(value: unknown): value is ResultsWebviewMessage {
  return isCommonWebviewMessage(value) || isBareMessage(value, 'cellOpened');
}
