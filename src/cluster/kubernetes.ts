// A Kubernetes batch/v1 Indexed Job running a sweep, pod i training trial i; the experiment goes
// in a ConfigMap, the trial records to a PersistentVolumeClaim that a second Job merges.
import { stringify } from 'yaml';
// Types only (erased from the bundle): the compiler holds every field name to the Kubernetes API.
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IVolume } from 'kubernetes-models/v1/Volume';
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

export interface KubernetesOptions {
  image: string;
  /** An existing claim to use; null creates one (ReadWriteMany, so pods on any node can write). */
  claim: string | null;
  storage: string;
  cpu: string;
  memory: string;
  /** Retries of one index before it counts as failed (backoffLimitPerIndex, Kubernetes ≥ 1.29). */
  retriesPerIndex: number;
  namespace: string | null;
}

export const KUBERNETES_DEFAULTS = {
  image: 'node:20-bookworm-slim',
  storage: '1Gi',
  cpu: '1',
  memory: '2Gi',
  retriesPerIndex: 1,
} as const;

const EXPERIMENT_MOUNT = '/experiment';
const RESULTS_MOUNT = '/results';
export const KUBERNETES_TRIALS_FOLDER = `${RESULTS_MOUNT}/trials`;
export const KUBERNETES_RUNS_FOLDER = `${RESULTS_MOUNT}/runs`;

/** A ConfigMap key (letters, digits, '-', '_', '.'), which is also the file name in the pod. */
export function configMapKey(fileName: string): string {
  return fileName.replace(/[^-._a-zA-Z0-9]+/g, '-').slice(0, 253) || 'experiment.mnistexp.json';
}

/** A DNS-1123 label with room for the suffixes Kubernetes adds to pod names. */
export function kubernetesName(slug: string, suffix = ''): string {
  const base = `mnist-lab-${slug}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 46)
    .replace(/-+$/, '');
  return `${base}${suffix}`;
}

export interface KubernetesObjects {
  configMap: IConfigMap;
  claim: IPersistentVolumeClaim | null;
  job: IJob;
  mergeJob: IJob;
}

export function kubernetesObjects(input: SweepPlanInput, o: KubernetesOptions): KubernetesObjects {
  if (input.trials < 1) throw new PlanError('the experiment has no trials to run');
  if (!Number.isInteger(o.retriesPerIndex) || o.retriesPerIndex < 0)
    throw new PlanError(`retries per index must be a whole number ≥ 0, got ${o.retriesPerIndex}`);
  const parallelism = checkParallel(input.parallel, input.trials);
  const name = kubernetesName(input.slug);
  const claimName = o.claim ?? `${name}-results`;
  const meta = (n: string) => ({
    name: n,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    labels: { 'app.kubernetes.io/name': 'mnist-lab', 'mnist-lab/sweep': name },
  });
  const volumes: IVolume[] = [
    { name: 'experiment', configMap: { name } },
    { name: 'results', persistentVolumeClaim: { claimName } },
  ];
  const volumeMounts = [
    { name: 'experiment', mountPath: EXPERIMENT_MOUNT, readOnly: true },
    { name: 'results', mountPath: RESULTS_MOUNT },
  ];
  const container = (command: string): IContainer => ({
    name: 'mnist-lab',
    image: o.image,
    command: ['/bin/sh', '-c', command],
    resources: { requests: { cpu: o.cpu, memory: o.memory }, limits: { memory: o.memory } },
    volumeMounts,
  });
  const run = kubernetesTrialCommand(input);
  return {
    configMap: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(name),
      data: { [configMapKey(input.fileName)]: input.fileText },
    },
    claim: o.claim
      ? null
      : {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: meta(claimName),
          spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: o.storage } } },
        },
    job: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(name),
      spec: {
        completionMode: 'Indexed',
        completions: input.trials,
        parallelism,
        backoffLimitPerIndex: o.retriesPerIndex,
        template: {
          metadata: { labels: { 'mnist-lab/sweep': name } },
          spec: { restartPolicy: 'Never', containers: [container(run)], volumes },
        },
      },
    },
    mergeJob: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(`${name}-merge`),
      spec: {
        backoffLimit: 0,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [container(mergeCommandLine(input.cli, KUBERNETES_TRIALS_FOLDER, KUBERNETES_RUNS_FOLDER))],
            volumes,
          },
        },
      },
    },
  };
}

const yamlDocuments = (objects: object[]) =>
  objects.map((x) => stringify(x, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');

export function kubernetesPlan(input: SweepPlanInput, o: KubernetesOptions): Plan {
  const objects = kubernetesObjects(input, o);
  const name = kubernetesName(input.slug);
  const jobFile = `${input.slug}.k8s.yaml`;
  const mergeFile = `${input.slug}.k8s-merge.yaml`;
  const ns = o.namespace ? ` -n ${shellQuote(o.namespace)}` : '';
  const header = `# MNIST Lab: "${input.experimentName.replace(/\n/g, ' ')}", ${input.trials} trial${input.trials === 1 ? '' : 's'} as an Indexed Job (pod i trains trial i).\n`;
  return {
    engine: 'k8s',
    files: [
      {
        name: jobFile,
        content: header + yamlDocuments([objects.configMap, ...(objects.claim ? [objects.claim] : []), objects.job]),
      },
      {
        name: mergeFile,
        content:
          `# MNIST Lab: merges the trial records of job ${name} on its volume; apply once that job has finished.\n` +
          yamlDocuments([objects.mergeJob]),
      },
    ],
    submit: `kubectl apply${ns} -f ${shellQuote(planPath(input, jobFile))}`,
    // Once `kubectl get job` shows the sweep finished; a trial still running is reported as such.
    merge: `kubectl apply${ns} -f ${shellQuote(planPath(input, mergeFile))} && kubectl logs${ns} -f job/${name}-merge`,
    perIndex: { variable: ENGINE_INDEX_VARIABLE.k8s, command: kubernetesTrialCommand(input) },
    notes: [
      ...(usesOwnData(input.fileText)
        ? [
            'the experiment reads its own data folder (data.dir): the pods only see the ConfigMap and the volume, so put the data in the image or on the volume and point data.dir there',
          ]
        : []),
      `the merged run is written on the volume ${o.claim ?? `${name}-results`} under ${KUBERNETES_RUNS_FOLDER}; copy it out with kubectl cp from a pod that mounts it`,
      `the image ${o.image} must be able to run: ${input.cli}`,
      'backoffLimitPerIndex needs Kubernetes 1.29 or newer',
    ],
  };
}

export function kubernetesTrialCommand(input: SweepPlanInput): string {
  return trialCommand(
    input,
    `${EXPERIMENT_MOUNT}/${configMapKey(input.fileName)}`,
    ENGINE_INDEX_VARIABLE.k8s,
    KUBERNETES_TRIALS_FOLDER,
  );
}

function usesOwnData(text: string): boolean {
  try {
    return typeof (JSON.parse(text) as { data?: { dir?: unknown } }).data?.dir === 'string';
  } catch {
    return false;
  }
}
