// jsonc-parser's "main" is a UMD build whose require('./impl/format') calls esbuild cannot
// follow, so the bundled extension fails to activate; its ESM build bundles cleanly. (With
// mainFields ['module', 'main'] in scripts/build.mjs this file could re-export 'jsonc-parser'.)
export { applyEdits, findNodeAtLocation, modify, parse, parseTree } from 'jsonc-parser/lib/esm/main';
export type { Node, ParseError } from 'jsonc-parser/lib/esm/main';
