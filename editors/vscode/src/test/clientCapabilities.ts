// The ClientCapabilities that vscode-languageclient sends at initialize, computed by the very
// version the extension ships with. VS Code itself cannot run here, so `vscode` is replaced by an
// inert stand-in for the duration of the computation: the capability code only reads constants.

import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { withStubs } from './moduleStubs';

function inert(): unknown {
  const handler: ProxyHandler<() => void> = {
    get(target, prop) {
      if (prop === 'version') return '1.95.0';
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'then') return undefined;
      const cache = target as unknown as Record<string | symbol, unknown>;
      if (!(prop in cache)) cache[prop] = new Proxy(function () {}, handler);
      return cache[prop];
    },
    apply: () => new Proxy(function () {}, handler),
    construct: () => new Proxy(function () {}, handler),
  };
  return new Proxy(function () {}, handler);
}

export function vscodeClientCapabilities(): ClientCapabilities {
  return withStubs({ vscode: inert() }, () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LanguageClient } = require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
    const client = new LanguageClient(
      'pyworkers',
      'pyworkers-lsp',
      { command: 'pyworkers-lsp' },
      { documentSelector: [{ language: 'python' }] },
    );
    const compute = (client as unknown as { computeClientCapabilities(): ClientCapabilities })
      .computeClientCapabilities;
    return JSON.parse(JSON.stringify(compute.call(client))) as ClientCapabilities;
  });
}
