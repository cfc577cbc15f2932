// The engines' plans as generated: checked against Kubernetes' schemas (kubernetes-models) and
// GitHub's workflow parser; running them is in test/integration/cluster-plans.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { PlanError, shellQuote, type SweepPlanInput } from '../../src/cluster/plan';
import { SLURM_DEFAULTS, slurmPlan } from '../../src/cluster/slurm';
import { KUBERNETES_DEFAULTS, kubernetesName, kubernetesObjects, kubernetesPlan } from '../../src/cluster/kubernetes';
import { GITHUB_ACTIONS_DEFAULTS, githubActionsPlan, githubActionsWorkflow } from '../../src/cluster/github-actions';

const input = (over: Partial<SweepPlanInput> = {}): SweepPlanInput => ({
  experimentName: 'Init × activation',
  slug: 'init-activation',
  trials: 9,
  fileName: 'grid.mnistexp.json',
  fileText: '{ "name": "Init × activation" }',
  runOptions: ['--quick', '--seed', '3'],
  cli: 'mnist-lab',
  parallel: 2,
  planFolder: '/home/me/lab',
  ...over,
});

const slurmOptions = {
  experimentPath: '/home/me/lab/grid.mnistexp.json',
  trialsFolder: '/home/me/lab/.mnistlab/trials',
  runsFolder: '/home/me/lab/.mnistlab/runs',
  logsFolder: '/home/me/lab/.mnistlab/trials/logs',
  partition: null,
  ...SLURM_DEFAULTS,
};

test('Slurm: one array task per trial, at most --parallel at once, resources and output paths, the two commands', () => {
  const plan = slurmPlan(input(), slurmOptions);
  const script = plan.files[0].content;
  assert.equal(plan.files[0].name, 'init-activation.slurm.sh');
  assert.match(script, /^#!\/bin\/bash\n/);
  for (const line of [
    '#SBATCH --array=0-8%2',
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --mem=2G',
    '#SBATCH --time=02:00:00',
    '#SBATCH --output=/home/me/lab/.mnistlab/trials/logs/%x_%A_%a.out',
    '#SBATCH --job-name=mnist-lab-init-activation',
  ]) {
    assert.ok(script.split('\n').includes(line), `missing ${line} in\n${script}`);
  }
  assert.ok(
    script.includes(
      'exec mnist-lab run /home/me/lab/grid.mnistexp.json --trial-from-env SLURM_ARRAY_TASK_ID --out /home/me/lab/.mnistlab/trials --quiet --quick --seed 3\n',
    ),
  );
  assert.equal(
    plan.submit,
    'mkdir -p /home/me/lab/.mnistlab/trials/logs /home/me/lab/.mnistlab/trials && sbatch /home/me/lab/init-activation.slurm.sh',
  );
  assert.equal(plan.merge, 'mnist-lab merge /home/me/lab/.mnistlab/trials --out /home/me/lab/.mnistlab/runs');
  assert.equal(plan.perIndex.variable, 'SLURM_ARRAY_TASK_ID');
  // The #SBATCH lines must come before the first command, or sbatch ignores them.
  const lines = script.split('\n');
  const lastDirective = lines.map((l) => l.startsWith('#SBATCH')).lastIndexOf(true);
  assert.ok(lastDirective < lines.findIndex((l) => l !== '' && !l.startsWith('#')));
  assert.match(slurmPlan(input({ parallel: null }), slurmOptions).files[0].content, /#SBATCH --array=0-8\n/);
  assert.match(slurmPlan(input({ parallel: 50 }), slurmOptions).files[0].content, /#SBATCH --array=0-8%9\n/);
  assert.match(slurmPlan(input({ trials: 1500 }), slurmOptions).notes.join('\n'), /MaxArraySize/);
  assert.throws(() => slurmPlan(input(), { ...slurmOptions, memory: '2 GB' }), /--mem expects/);
  // #SBATCH values are written unquoted: one that could end the line is refused, not written.
  assert.throws(
    () => slurmPlan(input(), { ...slurmOptions, partition: 'gpu\n#SBATCH --mail-user=x' }),
    /--partition expects Slurm partition names/,
  );
  assert.throws(() => slurmPlan(input(), { ...slurmOptions, time: '1:00\nrm -rf ~' }), /--time expects/);
  assert.match(
    slurmPlan(input(), { ...slurmOptions, partition: 'short,long' }).files[0].content,
    /--partition=short,long\n/,
  );
  assert.throws(() => slurmPlan(input({ parallel: 0 }), slurmOptions), PlanError);
});

test('Kubernetes: an Indexed batch/v1 Job, the experiment in a ConfigMap, results on a claim; all valid by the Kubernetes schemas', () => {
  const objects = kubernetesObjects(input(), { ...KUBERNETES_DEFAULTS, claim: null, namespace: 'lab' });
  new ConfigMap(objects.configMap).validate();
  new PersistentVolumeClaim(objects.claim!).validate();
  new Job(objects.job).validate();
  new Job(objects.mergeJob).validate();
  const spec = objects.job.spec!;
  assert.deepEqual(
    [
      spec.completionMode,
      spec.completions,
      spec.parallelism,
      spec.backoffLimitPerIndex,
      spec.template.spec!.restartPolicy,
    ],
    ['Indexed', 9, 2, 1, 'Never'],
  );
  assert.equal(objects.configMap.data!['grid.mnistexp.json'], '{ "name": "Init × activation" }');
  assert.deepEqual(objects.claim!.spec!.accessModes, ['ReadWriteMany']);
  const container = spec.template.spec!.containers[0];
  assert.deepEqual(container.command, [
    '/bin/sh',
    '-c',
    'mnist-lab run /experiment/grid.mnistexp.json --trial-from-env JOB_COMPLETION_INDEX --out /results/trials --quiet --quick --seed 3',
  ]);
  assert.deepEqual(
    container.volumeMounts!.map((m) => m.mountPath),
    ['/experiment', '/results'],
  );
  assert.deepEqual(
    objects.mergeJob.spec!.template.spec!.containers[0].command![2],
    'mnist-lab merge /results/trials --out /results/runs',
  );
  assert.equal(objects.job.metadata!.namespace, 'lab');
  // An existing claim: no PVC object, the pods mount that claim.
  const own = kubernetesObjects(input(), { ...KUBERNETES_DEFAULTS, claim: 'shared-results', namespace: null });
  assert.equal(own.claim, null);
  assert.equal(own.job.spec!.template.spec!.volumes![1].persistentVolumeClaim!.claimName, 'shared-results');
  // Breaking the object must break validation, or the checks above prove nothing.
  assert.throws(
    () => new Job({ ...objects.job, spec: { ...spec, completionMode: 'Indexd' as 'Indexed' } }).validate(),
    /completionMode/,
  );
  assert.throws(
    () =>
      new Job({
        ...objects.job,
        spec: { ...spec, template: { spec: { restartPolicy: 'Never' } } },
      } as never).validate(),
    /containers/,
  );
});

test('Kubernetes: the YAML files hold exactly those objects; names are DNS labels with room for pod suffixes', () => {
  const plan = kubernetesPlan(input(), { ...KUBERNETES_DEFAULTS, claim: null, namespace: null });
  const docs = parseAllDocuments(plan.files[0].content).map((d) => d.toJS() as { kind: string });
  assert.deepEqual(
    docs.map((d) => d.kind),
    ['ConfigMap', 'PersistentVolumeClaim', 'Job'],
  );
  const objects = kubernetesObjects(input(), { ...KUBERNETES_DEFAULTS, claim: null, namespace: null });
  assert.deepEqual(docs[2], JSON.parse(JSON.stringify(objects.job)));
  assert.equal(plan.submit, 'kubectl apply -f /home/me/lab/init-activation.k8s.yaml');
  assert.match(
    plan.merge,
    /^kubectl apply -f \/home\/me\/lab\/init-activation\.k8s-merge\.yaml && kubectl logs -f job\/mnist-lab-init-activation-merge$/,
  );
  const long = kubernetesName('a-very-long-experiment-name-that-goes-on-and-on-and-on-forever');
  assert.ok(long.length <= 46 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(long), long);
  assert.match(
    kubernetesPlan(input({ fileText: '{"data":{"dir":"./fashion"}}' }), {
      ...KUBERNETES_DEFAULTS,
      claim: null,
      namespace: null,
    }).notes[0],
    /data\.dir/,
  );
});

async function workflowErrors(name: string, content: string): Promise<string[]> {
  const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import('@actions/workflow-parser');
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    errors.push(...(template.errors ?? []).map((e) => e.Message));
  }
  return [...new Set(errors)];
}

const actionsOptions = {
  ...GITHUB_ACTIONS_DEFAULTS,
  experimentPath: 'experiments/grid.mnistexp.json',
  setup: ['npm ci'],
};

test("GitHub Actions: a matrix of trial indices, artifacts, a final merge job; valid by GitHub's workflow parser", async () => {
  const plan = githubActionsPlan(input(), actionsOptions);
  assert.equal(plan.files[0].name, 'mnist-lab-init-activation.yml');
  assert.deepEqual(await workflowErrors(plan.files[0].name, plan.files[0].content), []);
  assert.doesNotMatch(plan.files[0].content, /[&*]a\d/, 'plain YAML, no anchors for the repeated set-up steps');
  const workflow = parseAllDocuments(plan.files[0].content)[0].toJS() as {
    jobs: Record<
      string,
      {
        strategy?: { matrix: { trial: number[] }; 'max-parallel': number; 'fail-fast': boolean };
        needs?: string;
        if?: string;
        steps: { run?: string; uses?: string; env?: Record<string, string> }[];
      }
    >;
  };
  const trial = workflow.jobs.trial;
  assert.deepEqual(trial.strategy!.matrix.trial, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(trial.strategy!['max-parallel'], 2);
  assert.equal(trial.strategy!['fail-fast'], false);
  const train = trial.steps.find((s) => s.env)!;
  assert.deepEqual(train.env, { MNIST_LAB_TRIAL: '${{ matrix.trial }}' });
  assert.equal(
    train.run,
    'mnist-lab run experiments/grid.mnistexp.json --trial-from-env MNIST_LAB_TRIAL --out mnist-lab-trials --quiet --quick --seed 3',
  );
  assert.ok(trial.steps.some((s) => s.run === 'npm ci'));
  assert.ok(trial.steps.some((s) => s.uses === 'actions/upload-artifact@v4'));
  assert.equal(workflow.jobs.merge.needs, 'trial');
  assert.equal(workflow.jobs.merge.if, 'always()');
  assert.ok(workflow.jobs.merge.steps.some((s) => s.run === 'mnist-lab merge mnist-lab-trials --out mnist-lab-runs'));
  assert.match(
    plan.submit,
    /cp \/home\/me\/lab\/mnist-lab-init-activation\.yml \.github\/workflows\/mnist-lab-init-activation\.yml .* gh workflow run mnist-lab-init-activation\.yml$/,
  );
  // The parser catches a broken workflow, so the empty error list above means something.
  const broken = plan.files[0].content.replace('runs-on:', 'runs_on:');
  assert.notDeepEqual(await workflowErrors('broken.yml', broken), []);
});

test('GitHub Actions: at most 256 trials per workflow, refused clearly beyond', () => {
  assert.equal(
    (
      githubActionsWorkflow(input({ trials: 256, parallel: null }), actionsOptions).jobs as {
        trial: { strategy: { matrix: { trial: number[] } } };
      }
    ).trial.strategy.matrix.trial.length,
    256,
  );
  assert.throws(
    () => githubActionsWorkflow(input({ trials: 257 }), actionsOptions),
    /257 trials, and a GitHub Actions matrix runs at most 256 jobs per workflow run; plan it for Slurm/,
  );
});

test('hostile names and paths stay data: quoted in scripts, valid ConfigMap keys, no GitHub expressions', async () => {
  const hostile = '/home/me/my lab/$(touch pwned) `id`.mnistexp.json';
  const script = slurmPlan(input(), { ...slurmOptions, experimentPath: hostile }).files[0].content;
  assert.ok(script.includes(`run '${hostile}' --trial-from-env`), script);
  const k8s = kubernetesObjects(input({ fileName: 'my lab $(x).mnistexp.json' }), {
    ...KUBERNETES_DEFAULTS,
    claim: null,
    namespace: null,
  });
  new ConfigMap(k8s.configMap).validate();
  assert.deepEqual(Object.keys(k8s.configMap.data!), ['my-lab-x-.mnistexp.json']);
  assert.match(k8s.job.spec!.template.spec!.containers[0].command![2], / run \/experiment\/my-lab-x-\.mnistexp\.json /);
  const named = githubActionsPlan(input({ experimentName: 'x ${{ secrets.TOKEN }}' }), actionsOptions);
  assert.doesNotMatch(named.files[0].content, /\$\{\{ secrets/);
  assert.deepEqual(await workflowErrors(named.files[0].name, named.files[0].content), []);
  assert.throws(
    () => githubActionsPlan(input(), { ...actionsOptions, experimentPath: 'e/${{ github.token }}.json' }),
    /would evaluate as an expression/,
  );
});

test('shell words are quoted only when they need it', () => {
  assert.equal(shellQuote('/a/b.json'), '/a/b.json');
  assert.equal(shellQuote('my file.json'), "'my file.json'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote('$(rm -rf ~)'), "'$(rm -rf ~)'");
});
