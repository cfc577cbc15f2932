// The layer boundaries of src/, checked by `npm run lint` (and test/unit/boundaries.test.ts).
// Rules match folders, not files, so moving code inside a layer needs no change here.
//
//   core          → core (+ @sinclair/typebox)                 no vscode, no DOM, no tfjs, no node
//   experiments   → core
//   trainer       → core, experiments                          the only place tfjs is imported
//   runs          → core, experiments, trainer/protocol.ts
//   report        → core, experiments, runs, trainer/protocol.ts
//   export        → core, experiments                          experiments written for other tools
//   cluster       → core, experiments, runs                   plans for Slurm/Kubernetes/CI, trial merge
//   cli           → core, experiments, runs, report, export, cluster, trainer/protocol.ts
//   extension     → core, experiments, runs, report, cluster, trainer/protocol.ts (types only)
//   webviews      → core, extension/panels/**/contract.ts        browser only
//
// Type-only imports count: a webview importing a trainer type is still a wrong-way import.

const layer = {
  core: '^src/core/',
  experiments: '^src/experiments/',
  trainer: '^src/trainer/',
  protocol: '^src/trainer/protocol[.]ts$',
  runs: '^src/runs/',
  report: '^src/report/',
  export: '^src/export/',
  cluster: '^src/cluster/',
  cli: '^src/cli/',
  extension: '^src/extension([.]ts$|/)',
  webviews: '^src/webviews/',
  contract: '^src/extension/panels/(|[^.]*/)contract[.]ts$',
};
// Not anchored: a linked node_modules (a worktree, a temporary copy) resolves to a path outside.
const tfjs = '(^|/)node_modules/@tensorflow/';
// The vscode module exists only inside the host; at lint time it resolves to its type package.
const vscode = '((^|/)node_modules/@types/vscode/|^vscode$)';

/** Everything under src/ except the layers named. */
const srcExcept = (...names) => ({ path: '^src/', pathNot: names.map((n) => layer[n]) });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Import cycles make load order matter and hide which module owns a fact. Move the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment:
        'Folders are the units a newcomer reads; two folders that import each other are one unit in two places. Move the shared part into a folder both can import.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment:
        'src/core runs in the host, the trainer, the CLI and the webviews: plain TypeScript only (TypeBox for the schema).',
      from: { path: layer.core },
      to: { pathNot: [layer.core, '(^|/)node_modules/@sinclair/typebox/'] },
    },
    {
      name: 'experiments-imports-core',
      severity: 'error',
      comment:
        'Experiments (load, validate, resolve) sit on the core only; the trainer and the run controller use them, not the other way round.',
      from: { path: layer.experiments },
      to: srcExcept('core', 'experiments'),
    },
    {
      name: 'trainer-imports-core-experiments',
      severity: 'error',
      comment: 'The trainer process knows the core and experiments only; results travel back as protocol messages.',
      from: { path: layer.trainer },
      to: srcExcept('core', 'experiments', 'trainer'),
    },
    {
      name: 'protocol-imports-only-core',
      severity: 'error',
      comment:
        'trainer/protocol.ts is the wire format the host and the run controller read: it must not pull trainer code (tfjs) after it.',
      from: { path: layer.protocol },
      to: { pathNot: [layer.core] },
    },
    {
      name: 'runs-imports-core-experiments-protocol',
      severity: 'error',
      comment:
        'The run controller starts the trainer as a process and reads its messages: trainer/protocol.ts, never trainer code.',
      from: { path: layer.runs },
      to: srcExcept('core', 'experiments', 'runs', 'protocol'),
    },
    {
      name: 'report-imports-below-it',
      severity: 'error',
      comment: 'The reproduction report drives runs; it does not know the CLI, the host or the webviews.',
      from: { path: layer.report },
      to: srcExcept('core', 'experiments', 'runs', 'protocol', 'report'),
    },
    {
      name: 'cluster-imports-core-experiments-runs',
      severity: 'error',
      comment:
        'Cluster plans and the trial merge are shared by the CLI and the host: they drive runs through the run controller and know neither front end.',
      from: { path: layer.cluster },
      to: srcExcept('core', 'experiments', 'runs', 'cluster'),
    },
    {
      name: 'cli-imports-below-it',
      severity: 'error',
      comment:
        'The CLI is a front end like the extension: it drives runs and the report, never trainer code or the host.',
      from: { path: layer.cli },
      to: srcExcept('core', 'experiments', 'runs', 'protocol', 'report', 'export', 'cluster', 'cli'),
    },
    {
      name: 'export-imports-core-experiments',
      severity: 'error',
      comment: "Exporters turn a resolved experiment into another tool's program; they never train or run anything.",
      from: { path: layer.export },
      to: srcExcept('core', 'experiments', 'export'),
    },
    {
      name: 'extension-imports-below-it',
      severity: 'error',
      comment:
        'The extension host drives runs through the run controller; webview code is a separate browser bundle it loads by URI, not by import.',
      from: { path: layer.extension },
      to: srcExcept('core', 'experiments', 'runs', 'protocol', 'report', 'cluster', 'extension'),
    },
    {
      name: 'extension-imports-protocol-types-only',
      severity: 'error',
      comment: 'The host reads trainer messages; import their types only, so no trainer value ends up in extension.js.',
      from: { path: layer.extension },
      to: { path: layer.protocol, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'webviews-import-core-and-contracts',
      severity: 'error',
      comment:
        'Webview apps run in the browser: they share the core and the panel message contracts (extension/panels/**/contract.ts), nothing else from src/.',
      from: { path: layer.webviews },
      to: srcExcept('core', 'webviews', 'contract'),
    },
    {
      name: 'contracts-import-core-and-protocol-types',
      severity: 'error',
      comment:
        'A panel contract is compiled into its webview too: it may name core and trainer/protocol.ts types, nothing with vscode or node in it.',
      from: { path: layer.contract },
      to: { pathNot: [layer.core, layer.contract, layer.protocol] },
    },
    {
      name: 'tfjs-only-in-trainer',
      severity: 'error',
      comment:
        'TensorFlow.js loads only in the trainer process; the host, the CLI and the webviews must not start it (nor bundle it).',
      from: { path: '^src/', pathNot: layer.trainer },
      to: { path: tfjs },
    },
    {
      name: 'vscode-only-in-extension',
      severity: 'error',
      comment: 'Only the extension host has the vscode API; everything else also runs from the CLI or in a browser.',
      from: { path: '^src/', pathNot: layer.extension },
      to: { path: vscode },
    },
    {
      name: 'no-node-builtins-in-browser-code',
      severity: 'error',
      comment: 'The core and the webviews run in a browser too: no fs, path, child_process or other Node built-ins.',
      from: { path: [layer.core, layer.webviews] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing fails at bundle time.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // The trainer's *.wasm.ts are base64 strings compiled from .wat; nothing to follow there.
    exclude: { path: '[.]wasm[.]ts$' },
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too: a type-only wrong-way import is still a wrong-way import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    cache: false,
  },
};
