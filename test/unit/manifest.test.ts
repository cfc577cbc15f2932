// The manifest's user-visible strings come from package.nls.json (as VS Code's own extensions
// do), and the Get Started walkthrough points at things that exist: its pictures, commands
// and the context keys the panels set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/extension/command-ids';
import {
  BINARY_SAMPLE_FILE,
  isBinarySample,
  WALKTHROUGH_CONTEXT,
  WALKTHROUGH_ID,
} from '../../src/extension/walkthrough/ids';
import { chooseSample, isSampleArgument } from '../../src/extension/experiments/sample-argument';
import { ROOT } from '../helpers';

const raw = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(raw);
const SAMPLES = path.join(ROOT, 'samples');
const bundled = readdirSync(SAMPLES)
  .filter((n) => n.endsWith('.mnistexp.json'))
  .map((n) => path.join(SAMPLES, n));
const nls = JSON.parse(readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

test('every %key% of package.json is in package.nls.json, and every entry there is used', () => {
  const used = new Set([...raw.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
  assert.deepEqual(
    [...used].filter((k) => !(k in nls)),
    [],
    'keys without a string',
  );
  assert.deepEqual(
    Object.keys(nls).filter((k) => !used.has(k)),
    [],
    'strings no key uses',
  );
  for (const [k, v] of Object.entries(nls)) assert.ok(v.trim().length > 0, `${k} is empty`);
});

test('titles, descriptions and names in the manifest are keys, not literal text', () => {
  const literal: string[] = [];
  const visit = (v: unknown, where: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${where}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, `${where}.${k}`);
    else if (
      typeof v === 'string' &&
      /\.(title|description|markdownDescription|name|contents|altText|displayName|category|contextualTitle|enumDescriptions\[\d+\])$/.test(
        where,
      ) &&
      !/^%.+%$/.test(v)
    )
      literal.push(where);
  };
  visit(
    {
      displayName: manifest.displayName,
      description: manifest.description,
      contributes: manifest.contributes,
      capabilities: manifest.capabilities,
    },
    '',
  );
  assert.deepEqual(literal, []);
});

test('the walkthrough: six steps, each with a picture in the package and a completion event that can fire', () => {
  const w = manifest.contributes.walkthroughs.find((x: { id: string }) => x.id === WALKTHROUGH_ID);
  assert.ok(w, `walkthrough ${WALKTHROUGH_ID} declared`);
  assert.equal(w.steps.length, 6);
  const commands = new Set<string>(Object.values(COMMANDS));
  const contexts = new Set<string>(Object.values(WALKTHROUGH_CONTEXT));
  for (const s of w.steps) {
    const img = path.join(ROOT, s.media.image);
    assert.ok(existsSync(img), `${s.id}: ${s.media.image} exists`);
    assert.ok(statSync(img).size < 200_000, `${s.id}: picture under 200 kB`);
    assert.deepEqual([...readFileSync(img).subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
    assert.ok(s.completionEvents.length > 0, `${s.id} ticks by itself`);
    for (const e of s.completionEvents as string[]) {
      const [kind, id] = e.split(/:(.*)/s);
      if (kind === 'onCommand') assert.ok(commands.has(id), `${s.id}: ${id} is a declared command`);
      else if (kind === 'onContext') assert.ok(contexts.has(id), `${s.id}: ${id} is a context key a panel sets`);
      else assert.fail(`${s.id}: unexpected completion event ${e}`);
    }
    // The step's buttons run commands the extension declares, with arguments it accepts.
    const links = [...nls[s.description.slice(1, -1)].matchAll(/\(command:([\w.]+)(?:\?([^)\s]*))?\)/g)];
    assert.ok(links.length > 0, `${s.id}: has a button`);
    for (const [, command, query] of links) {
      assert.ok(commands.has(command!), `${s.id}: ${command} is a declared command`);
      if (query === undefined) continue;
      const args: unknown = JSON.parse(decodeURIComponent(query));
      assert.ok(Array.isArray(args), `${s.id}: ${command}'s arguments are a JSON array`);
      assert.ok(isSampleArgument(args[0]), `${s.id}: ${command} is given a sample`);
      assert.equal(chooseSample(args[0], bundled).ok, true, `${s.id}: ${JSON.stringify(args[0])} is a bundled sample`);
    }
  }
});

test('no step ticks when a command that opens a picker merely starts', () => {
  // Cancelling the picker would leave a step ticked that the user did not do.
  const pickers = new Set<string>([COMMANDS.run, COMMANDS.runQuick, COMMANDS.compareRuns, COMMANDS.reproduce]);
  const w = manifest.contributes.walkthroughs.find((x: { id: string }) => x.id === WALKTHROUGH_ID);
  for (const s of w.steps as Array<{ id: string; completionEvents: string[] }>)
    for (const e of s.completionEvents)
      assert.ok(!pickers.has(e.replace(/^onCommand:/, '')), `${s.id} completes on ${e}`);
  const runBinary = w.steps.find((s: { id: string }) => s.id === 'runBinary');
  assert.deepEqual(runBinary.completionEvents, [`onContext:${WALKTHROUGH_CONTEXT.ranBinary}`]);
});

test('the 5 vs 8 step ticks for the bundled sample and its copies, not for other experiments', () => {
  assert.ok(existsSync(path.join(ROOT, 'samples', BINARY_SAMPLE_FILE)), BINARY_SAMPLE_FILE);
  assert.equal(isBinarySample(path.join(ROOT, 'samples', BINARY_SAMPLE_FILE)), true);
  assert.equal(isBinarySample(path.join('/ws', 'mnist-lab-samples', BINARY_SAMPLE_FILE)), true);
  for (const other of ['batch-lr-grid.mnistexp.json', 'multiclass-0-9.mnistexp.json', `my-${BINARY_SAMPLE_FILE}`])
    assert.equal(isBinarySample(path.join('/ws', other)), false, other);
});
