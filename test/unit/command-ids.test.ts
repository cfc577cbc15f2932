// Command ids live in package.json (what VS Code shows and activates on) and in
// src/extension/commands/ids.ts (what the code registers and calls). They must name the same
// set, and every menu and keybinding must point at a declared command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, EXPERIMENTS_VIEW } from '../../src/extension/command-ids';
import { BACKPROP_VIEW_TYPE } from '../../src/extension/panels/backprop/contract';
import { VIEW_TYPES } from '../../src/extension/panels/shared/contract';
import { ROOT } from '../helpers';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string }[]>;
    keybindings?: { command: string }[];
    views: Record<string, { id: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.commands.map((c) => c.command);

test('ids.ts and package.json declare the same commands', () => {
  assert.deepEqual([...Object.values(COMMANDS)].sort(), [...declared].sort());
  assert.equal(new Set(declared).size, declared.length, 'a command is declared twice');
});

test('every menu entry and keybinding refers to a declared command', () => {
  const known = new Set(declared);
  const uses = [
    ...Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
      items.map((i) => ({ where: `menus.${menu}`, command: i.command })),
    ),
    ...(manifest.contributes.keybindings ?? []).map((k) => ({ where: 'keybindings', command: k.command })),
  ];
  assert.deepEqual(
    uses.filter((u) => !known.has(u.command)),
    [],
  );
});

test('the Experiments view and every webview panel are declared', () => {
  assert.ok(
    Object.values(manifest.contributes.views)
      .flat()
      .some((v) => v.id === EXPERIMENTS_VIEW),
  );
  for (const viewType of [...Object.values(VIEW_TYPES), BACKPROP_VIEW_TYPE]) {
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${viewType}`), `no activation event for ${viewType}`);
  }
});
