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
