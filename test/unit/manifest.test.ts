// The manifest's user-visible strings come from package.nls.json (as VS Code's own extensions
// do), and the Get Started walkthrough points at things that exist: its pictures, commands
// and the context keys the panels set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS } from '../../src/extension/command-ids';
import { WALKTHROUGH_CONTEXT, WALKTHROUGH_ID } from '../../src/extension/walkthrough/ids';
import { ROOT } from '../helpers';

const raw = readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(raw);
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
    // The step's button runs a command the extension declares.
    const links = [...nls[s.description.slice(1, -1)].matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0 && links.every((c) => commands.has(c)), `${s.id}: button commands ${links.join(', ')}`);
  }
});
