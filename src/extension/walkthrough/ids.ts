// Ids of the Get Started walkthrough as package.json declares them (contributes.walkthroughs);
// no vscode import, so a unit test checks them against the manifest.

/** The walkthrough's id in package.json (contributes.walkthroughs[].id). */
export const WALKTHROUGH_ID = 'getStarted';

/** Context keys set by panels; the walkthrough's steps complete on them (onContext:…). */
export const WALKTHROUGH_CONTEXT = {
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
