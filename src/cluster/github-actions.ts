// A GitHub Actions workflow running a sweep as a matrix of trial indices, each job uploading its
// trial record as an artifact, and a final job merging them into one run (itself an artifact).
import { stringify } from 'yaml';
import {
  ENGINE_INDEX_VARIABLE,
  PlanError,
  checkParallel,
  mergeCommandLine,
  planPath,
  shellQuote,
  trialCommand,
  type Plan,
  type SweepPlanInput,
} from './plan';

/** GitHub runs at most 256 jobs from one matrix per workflow run. */
export const MAX_MATRIX_JOBS = 256;

export interface GitHubActionsOptions {
  /** The experiment's path from the repository root, as the checkout sees it. */
  experimentPath: string;
  /** Where the workflow must end up, from the repository root. */
  workflowFolder: string;
  runsOn: string;
  nodeVersion: string;
  /** Steps that make `input.cli` work after checkout (e.g. `npm ci`); none by default. */
  setup: string[];
}

export const GITHUB_ACTIONS_DEFAULTS = {
  runsOn: 'ubuntu-latest',
  nodeVersion: '20',
  workflowFolder: '.github/workflows',
} as const;

const TRIALS = 'mnist-lab-trials';
const RUNS = 'mnist-lab-runs';
export const MERGED_ARTIFACT = 'mnist-lab-merged-run';

export function githubActionsWorkflow(input: SweepPlanInput, o: GitHubActionsOptions): Record<string, unknown> {
  if (input.trials < 1) throw new PlanError('the experiment has no trials to run');
  if (input.trials > MAX_MATRIX_JOBS) {
    throw new PlanError(
      `the sweep has ${input.trials} trials, and a GitHub Actions matrix runs at most ${MAX_MATRIX_JOBS} jobs per workflow run; ` +
        'plan it for Slurm (--slurm) or Kubernetes (--k8s), or split the sweep into experiments of at most 256 trials',
    );
  }
  if (o.experimentPath.includes('${{'))
    throw new PlanError(
      `the experiment's path ${o.experimentPath} contains "\${{", which GitHub would evaluate as an expression; rename it`,
    );
  const parallel = checkParallel(input.parallel, input.trials);
  const setupSteps = [
    { uses: 'actions/checkout@v4' },
    { uses: 'actions/setup-node@v4', with: { 'node-version': o.nodeVersion } },
    ...o.setup.map((run) => ({ run })),
  ];
  return {
    name: `MNIST Lab sweep: ${inert(input.experimentName)}`,
    on: { workflow_dispatch: {} },
    permissions: { contents: 'read' },
    jobs: {
      trial: {
        name: 'trial ${{ matrix.trial }}',
        'runs-on': o.runsOn,
        'timeout-minutes': 360,
        strategy: {
          'fail-fast': false,
          ...(input.parallel !== null ? { 'max-parallel': parallel } : {}),
          matrix: { trial: Array.from({ length: input.trials }, (_, i) => i) },
        },
        steps: [
          ...setupSteps,
          {
            name: 'Train one trial',
            env: { [ENGINE_INDEX_VARIABLE['github-actions']]: '${{ matrix.trial }}' },
            run: githubTrialCommand(input, o),
          },
          {
            name: 'Upload the trial record',
            if: 'always()',
            uses: 'actions/upload-artifact@v4',
            with: {
              name: 'mnist-lab-trial-${{ matrix.trial }}',
              path: `${TRIALS}/`,
              'if-no-files-found': 'warn',
              'retention-days': 7,
            },
          },
        ],
      },
      merge: {
        needs: 'trial',
        // Also after failed trials: the merge names them and the command to rerun them.
        if: 'always()',
        'runs-on': o.runsOn,
        steps: [
          ...setupSteps,
          {
            name: 'Download the trial records',
            uses: 'actions/download-artifact@v4',
            with: { pattern: 'mnist-lab-trial-*', path: TRIALS },
          },
          { name: 'Merge the trials into one run', run: mergeCommandLine(input.cli, TRIALS, RUNS) },
          {
            name: 'Upload the merged run',
            if: 'always()',
            uses: 'actions/upload-artifact@v4',
            with: { name: MERGED_ARTIFACT, path: `${RUNS}/`, 'if-no-files-found': 'warn' },
          },
        ],
      },
    },
  };
}

/** `${{` in a user's text would be evaluated by GitHub: keep names inert. */
function inert(text: string): string {
  return text.replaceAll('${{', '$ {{').replace(/\n/g, ' ');
}

export function githubTrialCommand(input: SweepPlanInput, o: Pick<GitHubActionsOptions, 'experimentPath'>): string {
  return trialCommand(input, o.experimentPath, ENGINE_INDEX_VARIABLE['github-actions'], TRIALS);
}

export function githubActionsPlan(input: SweepPlanInput, o: GitHubActionsOptions): Plan {
  const workflow = githubActionsWorkflow(input, o);
  const name = `mnist-lab-${input.slug}.yml`;
  const target = `${o.workflowFolder.replace(/\/+$/, '')}/${name}`;
  const header = `# MNIST Lab: "${inert(input.experimentName)}", ${input.trials} trial${input.trials === 1 ? '' : 's'} as a matrix, merged by the last job.\n# Copy to ${target}, push, then run it from the Actions tab or with: gh workflow run ${name}\n`;
  const copy =
    planPath(input, name) === target
      ? ''
      : `mkdir -p ${shellQuote(o.workflowFolder)} && cp ${shellQuote(planPath(input, name))} ${shellQuote(target)} && `;
  return {
    engine: 'github-actions',
    files: [{ name, content: header + stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false }) }],
    submit: `${copy}git add ${shellQuote(target)} && git commit -m ${shellQuote(`Sweep ${input.experimentName} on GitHub Actions`)} && git push && gh workflow run ${name}`,
    // The workflow's last job merges; this fetches its run into the local runs folder.
    merge: `gh run download "$(gh run list --workflow ${name} --limit 1 --json databaseId --jq '.[0].databaseId')" --name ${MERGED_ARTIFACT} --dir .mnistlab/runs`,
    perIndex: { variable: ENGINE_INDEX_VARIABLE['github-actions'], command: githubTrialCommand(input, o) },
    notes: [`each job runs: ${input.cli} …; add the steps that install it if the repository does not (e.g. npm ci)`],
  };
}
