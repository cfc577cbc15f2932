// What a reproduction is asked to do and what it finds. report.json is a ReproductionReport;
// reproduce.ts fills it and report-markdown.ts renders it, so both import it from here.
import type { CaseStudyPart } from '../core/case-study';
import type { ResolvedExperiment } from '../core/experiment';
import type { BackendPreference } from '../core/names';
import type { EnvironmentInfo, RunRecord } from '../core/record';
import type { RunListener } from '../runs/controller';
import type { InsideReport } from './inside-part3';

export interface ReproduceOptions {
  outDir: string;
  samplesDir: string;
  trainerPath: string;
  quick: boolean;
  /** Seeds for the single-network parts (2 and 4); the grids run once. */
  seeds: number[];
  backend: BackendPreference;
  parts: readonly CaseStudyPart[];
  workers?: number;
  /** Threads per trainer process (default 1, see RunOptions.threads). */
  threads?: number;
  nativeModuleDir?: string | null;
  /** Aborting cancels the runs in flight and ends the reproduction with an error. */
  signal?: AbortSignal;
  log: (line: string) => void;
  /**
   * Runs one experiment of the study to its end. Default: a trainer started right away with the
   * options above (the CLI). The extension passes its run queue instead, so the study's runs
   * obey its parallel-run limit and show, and stop, like any other run.
   */
  runExperiment?: (request: StudyRunRequest) => Promise<StudyRunResult>;
}

/** One run of the study, as handed to ReproduceOptions.runExperiment. */
export interface StudyRunRequest {
  /** The sample file the experiment was loaded from. */
  file: string;
  experiment: ResolvedExperiment;
  source: unknown;
  runsRoot: string;
  quick: boolean;
  seed: number;
  /** Every update of the run with the trainer message behind it (the study logs trial ends). */
  onUpdate: RunListener;
  /** Aborted: cancel the run (or drop it if it has not started). */
  signal?: AbortSignal;
}

export interface StudyRunResult {
  record: RunRecord;
  runDir: string;
}

export interface RunRef {
  runDir: string;
  seed: number;
  wallSeconds: number | null;
  status: string;
}

export interface Estimate {
  mean: number;
  std: number;
  values: number[];
}

export interface ReproductionReport {
  generatedAt: string;
  quick: boolean;
  environment: EnvironmentInfo & { backend: string | null; backendNote: string | null; tfjsVersion: string | null };
  seeds: number[];
  parts: {
    backprop?: {
      runs: RunRef[];
      gradients: Record<string, number>;
      updated: { param: string; old: number; gradient: number; new: number }[];
      lossBefore: number;
      lossAfter: number;
      updateReason: string;
      finiteDifference: { maxRelativeDifference: number; ok: boolean };
      autodiff: { maxRelativeDifference: number; ok: boolean; method: string } | null;
      symmetry: { identicalStaysIdentical: boolean; randomDiverges: boolean } | null;
    };
    binary?: {
      runs: RunRef[];
      testAccuracy: Estimate;
      testLoss: Estimate;
      epochs: Estimate;
      confusionMatrix: number[][];
    };
    initActivation?: {
      runs: RunRef[];
      trials: {
        initializer: string;
        activation: string;
        testAccuracy: number;
        precision: number;
        recall: number;
        f1: number;
        epochs: number;
        status: string;
      }[];
      best: { initializer: string; activation: string; testAccuracy: number };
      studyBestRank: number;
      testSize: number;
      /** Gradient flow, dead and saturated units from the recorded dynamics (report/inside-part3.ts). */
      inside?: InsideReport | null;
    };
    multiclass?: {
      runs: RunRef[];
      testAccuracy: Estimate;
      perDigit: { digit: string; precision: Estimate; recall: Estimate; f1: Estimate }[];
      lowestRecallDigit: string;
      lowestF1Digit: string;
      seedsWithLowestRecallOn5: number;
      seedsWithLowestF1On9: number;
    };
    batchLr?: {
      runs: RunRef[];
      trials: {
        batchSize: number;
        learningRate: number;
        valAccuracy: number;
        testAccuracy: number;
        epochs: number;
        epochsTo95: number | null;
        status: string;
      }[];
      bestByTest: { batchSize: number; learningRate: number; testAccuracy: number };
      bestByValidation: { batchSize: number; learningRate: number; valAccuracy: number };
      studyBestRank: number;
    };
  };
  charts: string[];
  wallSeconds: Record<string, number>;
}
