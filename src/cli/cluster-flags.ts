// What the cluster flags of `mnist-lab run` mean once the experiment is loaded. The flags
// themselves are parsed and checked in args.ts; only here are the sweep's size and the
// environment known.
import { TrialSelectionError, parseTrialList, trialFromEnv, type TrialSelection } from '../cluster/trial-select';
import { UsageError, type TrialChoice } from './args';

/** The default folder of trial records, beside (not inside) the runs folder the tree lists. */
export const DEFAULT_TRIALS_FOLDER = '.mnistlab/trials';

/** The trials to run, checked against the sweep's size; null when the run is the whole experiment. */
export function trialSelection(
  choice: TrialChoice | null,
  trialCount: number,
  env: Readonly<Record<string, string | undefined>>,
): TrialSelection | null {
  if (choice === null) return null;
  try {
    if ('spec' in choice) return { indices: parseTrialList(choice.spec, trialCount), from: `--trial ${choice.spec}` };
    return trialFromEnv(env, choice.variable, trialCount);
  } catch (e) {
    if (e instanceof TrialSelectionError) throw new UsageError(e.message);
    throw e;
  }
}
