// The core runs in the webviews (browsers) and in Node 20 (host, trainer, CLI). Both have these
// globals, but TypeScript declares them only in lib.dom and @types/node, which the core's
// tsconfig leaves out on purpose. Add a global here only if every one of those runtimes has it.

/** Decodes a base64 string to a binary string (one char per byte). */
declare function atob(data: string): string;
