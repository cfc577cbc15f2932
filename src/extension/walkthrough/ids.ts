// Ids of the Get Started walkthrough as package.json declares them (contributes.walkthroughs);
// no vscode import, so a unit test checks them against the manifest.
import * as path from 'node:path';
import { CASE_STUDY_SAMPLES } from '../../core/case-study';

/** The walkthrough's id in package.json (contributes.walkthroughs[].id). */
export const WALKTHROUGH_ID = 'getStarted';

/** Context keys set by panels; the walkthrough's steps complete on them (onContext:…). */
export const WALKTHROUGH_CONTEXT = {
  /**
   * A run of the 5 vs 8 sample started. Not onCommand: Run asks which experiment first, and a
   * step should not tick when the user cancels that.
   */
  ranBinary: 'mnistLab.walkthrough.ranBinary',
  /** A confusion-matrix cell was opened in a results panel. */
  cellOpened: 'mnistLab.walkthrough.cellOpened',
  /** A backprop walkthrough panel was shown. */
  backpropOpened: 'mnistLab.walkthrough.backpropOpened',
  /**
   * A compare panel showed runs. Not onCommand: the step's button opens a picker first, and a
   * step should not tick when the user cancels it.
   */
  compared: 'mnistLab.walkthrough.compared',
  /** A reproduction report was written (same reason: Reproduce asks quick or full first). */
  reproduced: 'mnistLab.walkthrough.reproduced',
} as const;

export type WalkthroughContextKey = (typeof WALKTHROUGH_CONTEXT)[keyof typeof WALKTHROUGH_CONTEXT];

/** The sample the "Run 5 vs 8" step asks for: the case study's part 2. */
export const BINARY_SAMPLE_FILE = CASE_STUDY_SAMPLES[2];

/** The bundled 5 vs 8 sample or a copy of it (Open Case-Study Samples keeps the file name). */
export function isBinarySample(file: string): boolean {
  return path.basename(file) === BINARY_SAMPLE_FILE;
}
