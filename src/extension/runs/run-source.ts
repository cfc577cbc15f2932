// What webview panel controllers need from the extension's run management: read a finished
// or running run, hear about updates, stop one. The run manager implements it; panels only
// consume it, so panels never touch the trainer or the file layout.
import type * as vscode from 'vscode';
import type { ProgressEvent } from '../../core/events';
import type { RunRecord } from '../../core/record';

export interface RunUpdate {
  /** Absolute run folder (holds run.json). */
  runDir: string;
  /** The record as it stands after this update (history grows per epoch). */
  record: RunRecord;
  /** Present for within-epoch progress; absent for epoch / status changes. */
  progress?: ProgressEvent;
}

export interface RunSource {
  /** Reads run.json of a run folder (live runs: the in-memory record, newer than the file). */
  read(runDir: string): Promise<RunRecord>;
  /**
   * The same record with every trial's kept test images left out (`result.samples` empty): for
   * panels that list trials, which never show them and would otherwise parse them all.
   */
  readWithoutSamples(runDir: string): Promise<RunRecord>;
  /** The record with the kept test images of the trial at `position` only (one trial's results). */
  readWithSamplesOf(runDir: string, position: number): Promise<RunRecord>;
  /** Whether the run is still active (running or queued). */
  isActive(runDir: string): boolean;
  readonly onDidUpdate: vscode.Event<RunUpdate>;
  /** Asks an active run to stop (no-op otherwise). */
  stop(runDir: string): void;
}
