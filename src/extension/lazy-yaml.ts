// What `yaml` is inside dist/extension.js (scripts/build.mjs resolves the package here for that
// bundle only). In the extension only the planners of "Plan Sweep for a Cluster…" write YAML,
// so the library (~115 KB) stays in dist/yaml.js and is loaded by the first plan, not at every
// activation. Only what the planners import is forwarded: a new import fails the build.
import * as path from 'node:path';
import type * as Yaml from 'yaml';

let yaml: typeof Yaml | undefined;

export const stringify: typeof Yaml.stringify = (...args: unknown[]) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yaml ??= require(path.join(__dirname, 'yaml.js')) as typeof Yaml;
  return (yaml.stringify as (...a: unknown[]) => string)(...args);
};
