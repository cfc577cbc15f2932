// Messages between the sweep panel (sweep/controller.ts: every trial of a grid run) and its
// app (src/webviews/sweep). A click on a trial asks the host to open that trial's results.
import {
  hostMessageGuard,
  type ErrorMessage,
  type RunHeader,
  type TrialSummary,
  isTrialListWebviewMessage,
  type TrialListWebviewMessage,
} from '../shared/contract';

// ---- host → webview -------------------------------------------------------------------
export interface SweepMessage {
  type: 'sweep';
  header: RunHeader;
  trials: TrialSummary[];
}
export type SweepHostMessage = SweepMessage | ErrorMessage;

export const isSweepHostMessage = hostMessageGuard<SweepHostMessage>(['sweep', 'error']);

// ---- webview → host -------------------------------------------------------------------
export type SweepWebviewMessage = TrialListWebviewMessage;
export const isSweepWebviewMessage = isTrialListWebviewMessage;
