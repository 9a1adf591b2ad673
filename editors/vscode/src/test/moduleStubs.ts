// Loading a module with some of its imports replaced: how the tests run code that imports
// `vscode` (which exists only inside VS Code) under plain Node.

import Module = require('node:module');

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/** Runs `load` while `require(name)` of each key of `stubs` returns its value. */
export function withStubs<T>(stubs: Record<string, unknown>, load: () => T): T {
  const mod = Module as unknown as { _load: Loader };
  const original = mod._load;
  mod._load = function (request, parent, isMain) {
    return Object.prototype.hasOwnProperty.call(stubs, request)
      ? stubs[request]
      : original.call(this, request, parent, isMain);
  };
  try {
    return load();
  } finally {
    mod._load = original;
  }
}
