// Names the whole project agrees on. package.json repeats the backend list in the
// `mnistLab.backend` setting's enum (a manifest cannot import code); a unit test keeps the two equal.

/** The trainer backends a user can ask for; `auto` picks the fastest one that loads. */
export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKENDS)[number];

export function isBackendPreference(value: unknown): value is BackendPreference {
  return typeof value === 'string' && (BACKENDS as readonly string[]).includes(value);
}

/** What an experiment file is: a classifier (two or more classes) or the 2-3-1 walkthrough. */
export const EXPERIMENT_KINDS = ['binary', 'multiclass', 'backprop'] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];
/** The kinds that train a network on images, one trial per sweep cell. */
export type TrialKind = Exclude<ExperimentKind, 'backprop'>;
