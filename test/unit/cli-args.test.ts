// The CLI's argument rules: every mistake is a UsageError naming what is wrong, never a
// fallback; valid arguments come out typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../src/cli/args';

const usage = (argv: string[], pattern: RegExp) =>
  assert.throws(
    () => parseCliArgs(argv),
    (e: unknown) => e instanceof UsageError && pattern.test(e.message),
    argv.join(' '),
  );

test('valid run, reproduce and list arguments come out typed', () => {
  assert.deepEqual(
    parseCliArgs([
      'run',
      'a.mnistexp.json',
      '--quick',
      '--out=X',
      '--workers',
      '2',
      '--threads',
      '4',
      '--seed',
      '0',
      '--backend',
      'wasm',
    ]),
    {
      command: 'run',
      file: 'a.mnistexp.json',
      quick: true,
      quiet: false,
      backend: 'wasm',
      out: 'X',
      workers: 2,
      threads: 4,
      seed: 0,
      trial: null,
    },
  );
  const r = parseCliArgs(['reproduce', '--parts', '2,4', '--seeds', '3']);
  assert.equal(r.command, 'reproduce');
  assert.deepEqual(r.command === 'reproduce' && [r.parts, r.seeds, r.backend], [[2, 4], 3, 'auto']);
  assert.deepEqual(parseCliArgs(['list', '--json']), { command: 'list', out: undefined, json: true });
  assert.deepEqual(parseCliArgs([]), { command: 'help', requested: false });
  assert.deepEqual(parseCliArgs(['run', '--help']), { command: 'help', requested: true });
});

test('an unknown flag is an error, with a suggestion, and never swallows the next argument', () => {
  usage(['run', 'f.json', '--qiuck', '--out', 'X'], /unknown option --qiuck for "run" — did you mean --quick\?/);
  usage(['list', '--quick'], /unknown option --quick for "list"/);
  usage(['run', 'f.json', '-q'], /unknown option -q/);
  usage(['frobnicate'], /unknown command "frobnicate"/);
  usage(['lst'], /did you mean "list"/);
});

test('a flag without its value, or a switch given one, is an error', () => {
  usage(['run', 'f.json', '--out'], /^--out needs a value$/);
  usage(['run', 'f.json', '--out', '--quick'], /^--out needs a value$/);
  usage(['run', 'f.json', '--quick=yes'], /--quick does not take a value/);
  usage(['run', 'f.json', '--out='], /--out expects a folder/);
});

test('numbers out of range or not whole are errors naming the range', () => {
  usage(['reproduce', '--parts', '9'], /--parts expects a comma-separated list of 1, 2, 3, 4, 5, got "9"/);
  usage(['reproduce', '--parts', '1,1'], /lists a part twice/);
  usage(['reproduce', '--parts', ''], /--parts expects/);
  usage(['reproduce', '--seeds', '0'], /--seeds expects a whole number from 1 to 20, got "0"/);
  usage(['reproduce', '--workers', 'abc'], /--workers expects a whole number from 1 to 64, got "abc"/);
  usage(['run', 'f.json', '--threads', '65'], /--threads expects a whole number from 1 to 64/);
  usage(['run', 'f.json', '--threads', '1.5'], /--threads/);
  usage(['run', 'f.json', '--seed', '4294967296'], /--seed expects a whole number from 0 to 4294967295/);
  usage(['run', 'f.json', '--seed', '-1'], /--seed/);
  usage(['run', 'f.json', '--backend', 'gpu'], /--backend expects one of auto, tensorflow, wasm, cpu, got "gpu"/);
});

test('missing or extra file arguments are errors', () => {
  usage(['run'], /run needs an experiment file/);
  usage(['run', 'a.json', 'b.json'], /run takes one experiment file, got 2/);
  usage(['validate'], /validate needs at least one file/);
  usage(['list', 'x'], /"list" takes no file arguments/);
  usage(['reproduce', 'x'], /"reproduce" takes no file arguments/);
});

const run = (argv: string[]) => {
  const args = parseCliArgs(['run', ...argv]);
  assert.equal(args.command, 'run');
  return args.command === 'run' ? args : assert.fail();
};

test('run --trial: indices, lists and ranges, each once; checked before anything is expanded', () => {
  assert.deepEqual(run(['f.json', '--trial', '3']).trial, { spec: '3', indices: [3] });
  assert.deepEqual(run(['f.json', '--trial=5,0-2,1']).trial, { spec: '5,0-2,1', indices: [5, 0, 1, 2] });
  assert.deepEqual(run(['--trial', '0 - 1', 'f.json']).trial, { spec: '0 - 1', indices: [0, 1] });
  usage(['run', 'f.json', '--trial'], /^--trial needs a value$/);
  usage(['run', 'f.json', '--trial', '-1'], /^--trial needs a value$/);
  usage(['run', 'f.json', '--trial', ''], /--trial expects trial indices like 3, 2,5 or 0-3, got ""/);
  usage(['run', 'f.json', '--trial', '1.5'], /--trial expects trial indices/);
  usage(['run', 'f.json', '--trial', '2,,3'], /--trial expects trial indices/);
  usage(['run', 'f.json', '--trial', 'all'], /--trial expects trial indices/);
  usage(['run', 'f.json', '--trial', '4-2'], /--trial: the range 4-2 runs backwards/);
  usage(
    ['run', 'f.json', '--trial', '0-99999999999'],
    /trial 99999999999 cannot exist; a sweep has at most 256 trials/,
  );
  usage(['run', 'f.json', '--trial', '256'], /trial 256 cannot exist/);
});

test('run --trial-from-env: bare, with the variable after it or after "=", and nothing else taken as its name', () => {
  assert.deepEqual(run(['f.json', '--trial-from-env']).trial, { variable: null });
  assert.deepEqual(run(['f.json', '--trial-from-env', 'SLURM_ARRAY_TASK_ID', '--quiet']).trial, {
    variable: 'SLURM_ARRAY_TASK_ID',
  });
  assert.deepEqual(run(['f.json', '--trial-from-env=TASK']).trial, { variable: 'TASK' });
  const before = run(['--trial-from-env', 'TASK', 'f.json']);
  assert.deepEqual([before.file, before.trial], ['f.json', { variable: 'TASK' }]);
  assert.deepEqual(run(['f.json', '--trial-from-env', '--quick']).trial, { variable: null });
  usage(['run', 'f.json', '--trial-from-env', '1x'], /--trial-from-env: "1x" is not a variable name/);
  usage(['run', 'f.json', '--trial-from-env='], /--trial-from-env: "" is not a variable name/);
  usage(['run', 'f.json', '--trial-from-env', 'A', '--trial-from-env', 'B'], /given more than once/);
  usage(['run', 'f.json', '--trial', '1', '--trial-from-env'], /give --trial or --trial-from-env, not both/);
  usage(['run', 'f.json', '--quick', 'TASK', '--trial-from-env'], /run takes one experiment file, got 2/);
  usage(['run', '--trial-from-env', 'TASK'], /run needs an experiment file/);
  usage(['run', 'f.json', '--trial-form-env'], /did you mean --trial-from-env\?/);
});

test('merge: records or folders, and a runs folder', () => {
  assert.deepEqual(parseCliArgs(['merge', 'a', 'b/run.json', '--out', 'runs']), {
    command: 'merge',
    inputs: ['a', 'b/run.json'],
    out: 'runs',
  });
  usage(['merge'], /merge needs trial records or folders/);
  usage(['merge', 'a', '--out'], /^--out needs a value$/);
  usage(['merge', 'a', '--out', ' '], /--out expects a folder/);
  usage(['merge', 'a', '--quick'], /unknown option --quick for "merge"/);
});

const plan = (argv: string[]) => {
  const args = parseCliArgs(['plan', 'g.json', ...argv]);
  return args.command === 'plan' ? args : assert.fail();
};

test('plan: one engine, its own options typed, the shared ones checked like run', () => {
  const slurm = plan(['--slurm', '--parallel', '4', '--mem', '1500M', '--time', '1-00:00:00', '--partition', 'a,b']);
  assert.deepEqual(
    [slurm.engine, slurm.parallel, slurm.slurm, slurm.backend, slurm.seed],
    [
      'slurm',
      4,
      { mem: '1500M', time: '1-00:00:00', cpus: undefined, partition: 'a,b', trialsOut: undefined, runsOut: undefined },
      undefined,
      undefined,
    ],
  );
  const k8s = plan([
    '--k8s',
    '--image',
    'ghcr.io/me/lab:1.0',
    '--pvc',
    'lab.results',
    '--namespace',
    'lab',
    '--backend',
    'wasm',
  ]);
  assert.deepEqual(
    [k8s.engine, k8s.k8s, k8s.backend],
    ['k8s', { image: 'ghcr.io/me/lab:1.0', pvc: 'lab.results', namespace: 'lab' }, 'wasm'],
  );
  const gha = plan([
    '--github-actions',
    '--runs-on',
    'ubuntu-24.04',
    '--setup',
    'npm ci && npm run build',
    '--quick',
    '--seed',
    '7',
  ]);
  assert.deepEqual(
    [gha.githubActions, gha.quick, gha.seed],
    [{ runsOn: 'ubuntu-24.04', setup: 'npm ci && npm run build' }, true, 7],
  );
  assert.equal(plan(['--slurm', '--cli', 'node /opt/lab/dist/cli.js']).cli, 'node /opt/lab/dist/cli.js');
});

test("plan: no engine, two engines, or another engine's option are errors", () => {
  usage(['plan', 'g.json'], /plan needs exactly one engine: --slurm, --k8s, --github-actions/);
  usage(['plan', 'g.json', '--slurm', '--k8s'], /\(got --slurm and --k8s\)/);
  usage(['plan', 'g.json', '--slurm', '--image', 'node:20'], /--image is for --k8s plans, not --slurm/);
  usage(['plan', 'g.json', '--k8s', '--mem', '2G'], /--mem is for --slurm plans, not --k8s/);
  usage(['plan', 'g.json', '--github-actions', '--trials-out', 'x'], /--trials-out is for --slurm plans/);
  usage(['plan', '--slurm'], /plan needs an experiment file/);
  usage(['plan', 'g.json', 'h.json', '--slurm'], /plan takes one experiment file, got 2/);
  usage(['plan', 'g.json', '--slurm', '--workers', '2'], /unknown option --workers for "plan"/);
});

test('plan: every value an engine writes verbatim has its form; nothing can add a line or an expression', () => {
  usage(
    ['plan', 'g.json', '--slurm', '--mem', '2 GB'],
    /--mem expects Slurm's memory form, like 2G or 1500M, got "2 GB"/,
  );
  usage(['plan', 'g.json', '--slurm', '--time', 'soon'], /--time expects Slurm's time form/);
  usage(['plan', 'g.json', '--slurm', '--partition', 'gpu\n#SBATCH --x'], /--partition expects Slurm partition names/);
  usage(['plan', 'g.json', '--slurm', '--cpus', '0'], /--cpus expects a whole number from 1 to 256, got "0"/);
  usage(['plan', 'g.json', '--slurm', '--parallel', '257'], /--parallel expects a whole number from 1 to 256/);
  usage(['plan', 'g.json', '--slurm', '--seed', 'x'], /--seed expects a whole number/);
  usage(['plan', 'g.json', '--slurm', '--backend', 'gpu'], /--backend expects one of/);
  usage(['plan', 'g.json', '--slurm', '--trials-out', ''], /--trials-out expects a folder/);
  usage(['plan', 'g.json', '--k8s', '--namespace', 'Lab'], /--namespace expects a Kubernetes namespace/);
  usage(['plan', 'g.json', '--k8s', '--namespace', 'a'.repeat(64)], /--namespace expects/);
  usage(['plan', 'g.json', '--k8s', '--pvc', 'my claim'], /--pvc expects a Kubernetes claim name/);
  usage(['plan', 'g.json', '--k8s', '--image', 'node:20 --privileged'], /--image expects a container image/);
  usage(
    ['plan', 'g.json', '--github-actions', '--runs-on', '${{ github.event.x }}'],
    /--runs-on expects a runner label/,
  );
  usage(['plan', 'g.json', '--github-actions', '--setup', 'echo ${{ secrets.TOKEN }}'], /--setup contains "\$\{\{"/);
  usage(['plan', 'g.json', '--github-actions', '--setup', 'npm ci\ncurl x | sh'], /--setup must be one line/);
  usage(['plan', 'g.json', '--slurm', '--cli', ' '], /--cli is empty/);
  usage(['plan', 'g.json', '--slurm', '--mem'], /^--mem needs a value$/);
});
