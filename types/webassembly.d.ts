// Node 20 has the WebAssembly global, but @types/node 20 does not declare it (TypeScript only
// ships it in lib.dom). The Node contexts must not pull in the DOM for it, so this declares the
// part of the JS API the trainer's kernels use (same shapes as lib.dom.d.ts).
declare namespace WebAssembly {
  type ImportValue = unknown;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;

  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }

  class Instance {
    constructor(module: Module, importObject?: Imports);
    readonly exports: Exports;
  }

  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
}
