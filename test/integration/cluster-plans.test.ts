// The Kubernetes and GitHub Actions plans, run here: each index's command exactly as the plan
// writes it, with the engine's variable set and the engine's folders stood in for by local
// ones, then the plan's own merge command; the result must equal the local sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { RunRecord } from '../../src/core/record';
import { shellLine } from '../../src/cluster/plan';
import { buildPlan, writePlanFiles } from '../../src/cluster/plan-files';
import { CLI, tempDir } from '../helpers';
import { SWEEP, SWEEP_TRIALS, assertSameSweep, cli, onlyRun, shell } from './cluster-helpers';

const NODE_CLI = shellLine([process.execPath, CLI]);

let local: Promise<RunRecord> | null = null;
function localSweep() {
  local ??= (async () => {
    const out = tempDir();
    const r = await cli(['run', SWEEP, '--backend', 'wasm', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    return (await onlyRun(out)).record;
  })();
  return local;
}

function request(engine: 'k8s' | 'github-actions', experimentFile: string, planFolder: string) {
  return {
    experimentFile,
    engine,
    planFolder,
    quick: false,
    seed: null,
    backend: 'wasm',
    parallel: 2,
    localCli: NODE_CLI,
    remoteCli: NODE_CLI,
    trialsFolder: '/unused',
    runsFolder: '/unused',
  } as const;
}

test('Kubernetes: every pod command (JOB_COMPLETION_INDEX=i) and the merge Job, run locally, give the local sweep', async () => {
  const folder = tempDir();
  const { plan } = buildPlan(request('k8s', SWEEP, folder));
  writePlanFiles(plan, folder);
  // Read the commands back from the YAML written, so what is tested is what kubectl would get.
  const docs = parseAllDocuments(readFileSync(path.join(folder, plan.files[0].name), 'utf8')).map(
    (d) => d.toJS() as { kind: string; data?: Record<string, string> },
  );
  const job = docs.find((d) => d.kind === 'Job') as unknown as IJob;
  const configMap = docs.find((d) => d.kind === 'ConfigMap')!;
  const mergeJob = parseAllDocuments(readFileSync(path.join(folder, plan.files[1].name), 'utf8'))[0].toJS() as IJob;
  const [shellPath, dashC, podCommand] = job.spec!.template.spec!.containers[0].command!;
  assert.deepEqual([shellPath, dashC], ['/bin/sh', '-c']);
  assert.equal(job.spec!.completions, SWEEP_TRIALS);

  // The pod's mounts: the ConfigMap's files at /experiment, the claim at /results.
  const experimentMount = tempDir();
  for (const [name, text] of Object.entries(configMap.data!)) writeFileSync(path.join(experimentMount, name), text);
  const results = tempDir();
  const mount = (command: string) =>
    command.replaceAll('/experiment/', `${experimentMount}/`).replaceAll('/results/', `${results}/`);
  for (let i = 0; i < SWEEP_TRIALS; i++) {
    const r = await shell('/bin/sh', ['-c', mount(podCommand)], {
      env: { ...process.env, JOB_COMPLETION_INDEX: String(i) },
    });
    assert.equal(r.code, 0, r.stderr);
  }
  const merge = await shell('/bin/sh', ['-c', mount(mergeJob.spec!.template.spec!.containers[0].command![2])]);
  assert.equal(merge.code, 0, merge.stderr);
  const { record } = await onlyRun(path.join(results, 'runs'));
  assertSameSweep(record, await localSweep(), {
    experimentFileMovedTo: path.join(experimentMount, path.basename(SWEEP)),
  });
});

test('GitHub Actions: every matrix job (MNIST_LAB_TRIAL=i) in its own checkout, artifacts gathered as download-artifact does, then the merge job', async () => {
  const repo = tempDir();
  mkdirSync(path.join(repo, '.git'));
  mkdirSync(path.join(repo, 'experiments'));
  const file = path.join(repo, 'experiments', path.basename(SWEEP));
  cpSync(SWEEP, file);
  const { plan } = buildPlan(request('github-actions', file, repo));
  writePlanFiles(plan, repo);
  const workflow = parseAllDocuments(readFileSync(path.join(repo, plan.files[0].name), 'utf8'))[0].toJS() as {
    jobs: Record<
      string,
      {
        strategy?: { matrix: { trial: number[] } };
        steps: { run?: string; env?: Record<string, string>; uses?: string; with?: Record<string, string> }[];
      }
    >;
  };
  const trialJob = workflow.jobs.trial;
  const train = trialJob.steps.find((s) => s.env?.MNIST_LAB_TRIAL)!;
  const upload = trialJob.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
  const mergeJob = workflow.jobs.merge;
  const download = mergeJob.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
  const merge = mergeJob.steps.find((s) => s.run?.includes(' merge '))!;

  const mergeCheckout = tempDir();
  for (const index of trialJob.strategy!.matrix.trial) {
    const checkout = tempDir();
    cpSync(repo, checkout, { recursive: true });
    const r = await shell('/bin/sh', ['-c', train.run!], {
      cwd: checkout,
      env: {
        ...process.env,
        MNIST_LAB_TRIAL: train.env!.MNIST_LAB_TRIAL.replace('${{ matrix.trial }}', String(index)),
      },
    });
    assert.equal(r.code, 0, r.stderr);
    // download-artifact without merge-multiple puts each artifact in a folder named after it.
    const artifact = upload.with!.name.replace('${{ matrix.trial }}', String(index));
    cpSync(path.join(checkout, upload.with!.path), path.join(mergeCheckout, download.with!.path, artifact), {
      recursive: true,
    });
  }
  const r = await shell('/bin/sh', ['-c', merge.run!], { cwd: mergeCheckout });
  assert.equal(r.code, 0, r.stderr);
  const { record } = await onlyRun(path.join(mergeCheckout, 'mnist-lab-runs'));
  assertSameSweep(record, await localSweep(), { experimentFileMovedTo: record.experiment.file ?? undefined });
  assert.match(record.experiment.file!, /experiments\/tiny-sweep\.mnistexp\.json$/);
});
