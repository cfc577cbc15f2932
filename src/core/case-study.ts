// The five parts of the case study and what reproducing them runs, shared by
// `mnist-lab reproduce`, the "Reproduce Case Study" command and the report.
import { TRAINING_DEFAULTS } from './defaults';
import { timestampName } from './run-id';

export const CASE_STUDY_PARTS = [1, 2, 3, 4, 5] as const;
export type CaseStudyPart = (typeof CASE_STUDY_PARTS)[number];

export function isCaseStudyPart(value: unknown): value is CaseStudyPart {
  return (CASE_STUDY_PARTS as readonly unknown[]).includes(value);
}

/** The bundled sample (in samples/) each part runs. */
export const CASE_STUDY_SAMPLES: Record<CaseStudyPart, string> = {
  1: 'backprop-2-3-1.mnistexp.json',
  2: 'binary-5-vs-8.mnistexp.json',
  3: 'init-activation-grid.mnistexp.json',
  4: 'multiclass-0-9.mnistexp.json',
  5: 'batch-lr-grid.mnistexp.json',
};

/**
 * The student ID the study's worked example used (its last digit, 8, is even: the output path
 * w7–w9 is updated). The part-1 sample carries it; it is the study's, not the user's, and is
 * named so wherever it is shown.
 */
export const STUDY_EXAMPLE_STUDENT_ID = '20231458';

/** Seeds for the single-network parts: one for a quick smoke test, three for a noise estimate. */
export function caseStudySeeds(quick: boolean, count: number = quick ? 1 : 3): number[] {
  return Array.from({ length: count }, (_, i) => TRAINING_DEFAULTS.seed + i);
}

/** A new report folder's name; reports are never overwritten, so it carries the time. */
export function caseStudyFolderName(quick: boolean, now: Date = new Date()): string {
  return `case-study-${quick ? 'quick-' : ''}${timestampName(now)}`;
}
