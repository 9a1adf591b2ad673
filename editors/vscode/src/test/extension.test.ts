// The extension's VS Code glue, run against recording stand-ins for `vscode` and
// `vscode-languageclient/node`: which client it creates from the settings, which commands it
// registers, and that a settings change replaces the server. (The protocol test covers the
// server side with the real client library's capabilities.)

import { beforeEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOCUMENT_SELECTOR } from '../settings';
import { withStubs } from './moduleStubs';

interface FakeClient {
  id: string;
  serverOptions: { command: string; args: string[] };
  clientOptions: {
    documentSelector: unknown;
    initializationOptions: unknown;
    middleware: { workspace: { configuration: (p: unknown, t: unknown, n: unknown) => Promise<unknown> } };
  };
  started: boolean;
  stopped: boolean;
}

/** Everything the fakes saw; reset before each test. */
const seen = {
  settings: {} as Record<string, unknown>,
  clients: [] as FakeClient[],
  commands: new Map<string, () => unknown>(),
  configListeners: [] as ((e: { affectsConfiguration(s: string): boolean }) => void)[],
  errors: [] as string[],
};

const disposable = { dispose() {} };
const fakeVscode = {
  window: {
    createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
    showErrorMessage: async (message: string) => {
      seen.errors.push(message);
      return undefined;
    },
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: (key: string) => seen.settings[key] }),
    createFileSystemWatcher: () => disposable,
    onDidChangeConfiguration: (listener: (typeof seen.configListeners)[number]) => {
      seen.configListeners.push(listener);
      return disposable;
    },
  },
  commands: {
    registerCommand: (name: string, fn: () => unknown) => {
      seen.commands.set(name, fn);
      return disposable;
    },
    executeCommand: async () => undefined,
  },
};

class FakeLanguageClient implements FakeClient {
  started = false;
  stopped = false;
  constructor(
    readonly id: string,
    _name: string,
    readonly serverOptions: FakeClient['serverOptions'],
    readonly clientOptions: FakeClient['clientOptions'],
  ) {
    seen.clients.push(this);
  }
  async start() {
    this.started = true;
  }
  async stop() {
    this.stopped = true;
  }
}

const extension = withStubs(
  { vscode: fakeVscode, 'vscode-languageclient/node': { LanguageClient: FakeLanguageClient } },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  () => require('../extension') as typeof import('../extension'),
);

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[] };
  activationEvents: string[];
};

const context = (extensionPath = path.join(os.tmpdir(), 'pyworkers-no-extension-dir')) =>
  ({ subscriptions: [] as unknown[], extensionPath }) as unknown as import('vscode').ExtensionContext;

/** An executable stand-in for the server binary, so the PATH lookup has something to find. */
function fakeBinary(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyworkers-ext-'));
  const bin = path.join(dir, 'pyworkers-lsp');
  fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
  return bin;
}

beforeEach(async () => {
  await extension.deactivate();
  seen.settings = {};
  seen.clients = [];
  seen.commands.clear();
  seen.configListeners = [];
  seen.errors = [];
});

test('activation starts one client with the settings as arguments and initializationOptions', async () => {
  const bin = fakeBinary();
  seen.settings = { path: bin, logLevel: 'debug', severity: { PW206: 'info' }, ignore: ['pw301'] };
  await extension.activate(context());

  assert.equal(seen.clients.length, 1);
  const [client] = seen.clients;
  assert.equal(client.id, 'pyworkers', 'the id that makes pyworkers.trace.server work');
  assert.ok(client.started);
  assert.deepEqual(client.serverOptions.command, bin);
  assert.deepEqual(client.serverOptions.args, ['serve', '--stdio', '--log-level', 'debug']);
  assert.deepEqual(client.clientOptions.initializationOptions, {
    pyworkers: { ignore: ['PW301'], severity: { PW206: 'info' } },
  });
  assert.deepEqual(client.clientOptions.documentSelector, DOCUMENT_SELECTOR);

  // workspace/configuration for our section answers with the same validated object.
  const answer = await client.clientOptions.middleware.workspace.configuration(
    { items: [{ section: 'pyworkers' }, { section: 'python' }] },
    undefined,
    async () => [{ raw: true }, { python: 1 }],
  );
  assert.deepEqual(answer, [{ ignore: ['PW301'], severity: { PW206: 'info' } }, { python: 1 }]);
});

test('every contributed command is registered and has an activation event', async () => {
  seen.settings = { path: fakeBinary() };
  await extension.activate(context());
  for (const { command } of manifest.contributes.commands) {
    assert.ok(seen.commands.has(command), `${command} is contributed but not registered`);
    assert.ok(manifest.activationEvents.includes(`onCommand:${command}`), command);
  }
});

test('a settings change replaces the server; a trace change does not', async () => {
  seen.settings = { path: fakeBinary() };
  await extension.activate(context());
  const change = (section: string) => {
    for (const listener of seen.configListeners) {
      listener({ affectsConfiguration: (s) => section === s || section.startsWith(`${s}.`) });
    }
  };

  seen.settings.runtime = '0.26';
  change('pyworkers.runtime');
  await waitFor(() => seen.clients.length === 2 && seen.clients[1].started);
  assert.ok(seen.clients[0].stopped, 'the old client is stopped');
  assert.deepEqual(seen.clients[1].clientOptions.initializationOptions, { pyworkers: { runtime: '0.26' } });

  change('pyworkers.trace.server');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(seen.clients.length, 2, 'tracing is applied by the running client');
  assert.ok(!seen.clients[1].stopped);
});

test('the restart command replaces the server', async () => {
  seen.settings = { path: fakeBinary() };
  await extension.activate(context());
  await seen.commands.get('pyworkers.restart')?.();
  assert.equal(seen.clients.length, 2);
  assert.ok(seen.clients[0].stopped && seen.clients[1].started);
});

test('a missing binary is reported, and no client is created', async () => {
  // A configured path is used as given (the client library reports a failed spawn, naming it).
  const configured = path.join(os.tmpdir(), 'no-such-dir', 'pyworkers-lsp');
  seen.settings = { path: configured };
  await extension.activate(context());
  assert.equal(seen.clients[0].serverOptions.command, configured);
  // With no setting and nothing on PATH or in the Go bin directories, the extension says so.
  seen.clients = [];
  seen.settings = {};
  const savedPath = process.env.PATH;
  const savedHome = process.env.HOME;
  const savedGo = [process.env.GOPATH, process.env.GOBIN];
  process.env.PATH = '';
  process.env.HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'pyworkers-home-'));
  process.env.GOPATH = process.env.HOME;
  delete process.env.GOBIN;
  try {
    await seen.commands.get('pyworkers.restart')?.();
  } finally {
    process.env.PATH = savedPath;
    process.env.HOME = savedHome;
    [process.env.GOPATH, process.env.GOBIN] = savedGo;
    if (savedGo[1] === undefined) delete process.env.GOBIN;
  }
  assert.equal(seen.clients.length, 0);
  assert.equal(seen.errors.length, 1);
  assert.match(seen.errors[0], /not found.*uv tool install pyworkers-lsp/);
});

test('a platform VSIX starts the binary in its bin/, not the one on PATH', async () => {
  const onPath = fakeBinary();
  const extensionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyworkers-vsix-'));
  fs.mkdirSync(path.join(extensionDir, 'bin'));
  const bundled = path.join(extensionDir, 'bin', 'pyworkers-lsp');
  fs.writeFileSync(bundled, '#!/bin/sh\n', { mode: 0o755 });
  const savedPath = process.env.PATH;
  process.env.PATH = path.dirname(onPath);
  try {
    seen.settings = {};
    await extension.activate(context(extensionDir));
  } finally {
    process.env.PATH = savedPath;
  }
  assert.equal(seen.clients[0].serverOptions.command, bundled);
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(cond(), 'condition not reached');
}
