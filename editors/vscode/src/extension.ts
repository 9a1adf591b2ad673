// VS Code glue: starts pyworkers-lsp through vscode-languageclient and restarts it when its
// settings change. The decisions (which binary, which arguments, which options) live in
// settings.ts so they can be tested without VS Code.

import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  DOCUMENT_SELECTOR,
  WATCHED_FILES,
  hostLookup,
  initializationOptions,
  needsRestart,
  readSettings,
  resolveServerCommand,
  serverArgs,
  serverSettings,
} from './settings';

const INSTALL_HINT =
  'This extension package bundles no binary for this platform. Install one with ' +
  '`uv tool install pyworkers-lsp` or `npm install -g pyworkers-lsp`, or set `pyworkers.path`.';

/** Owns the one running client; start/stop/restart are serialised through `queue`. */
class ServerManager {
  private client: LanguageClient | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly extensionDir: string,
  ) {}

  restart(): Promise<void> {
    this.queue = this.queue.then(async () => {
      await this.stopClient();
      await this.startClient();
    });
    return this.queue;
  }

  stop(): Promise<void> {
    this.queue = this.queue.then(() => this.stopClient());
    return this.queue;
  }

  private async startClient(): Promise<void> {
    const config = vscode.workspace.getConfiguration('pyworkers');
    const settings = readSettings((key) => config.get(key));
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const command = resolveServerCommand(settings.path, hostLookup(folder, this.extensionDir));
    if (command === undefined) {
      this.output.appendLine(`pyworkers-lsp was not found in the extension, on PATH or in the Go bin directories. ${INSTALL_HINT}`);
      void this.reportMissing('pyworkers-lsp was not found.');
      return;
    }
    const args = serverArgs(settings);
    this.output.appendLine(`Starting ${command} ${args.join(' ')}`);
    const serverOptions: ServerOptions = { command, args, options: { cwd: folder } };
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      initializationOptions: initializationOptions(settings),
      outputChannel: this.output,
      diagnosticCollectionName: 'pyworkers',
      synchronize: { fileEvents: watcher },
      middleware: {
        workspace: {
          // Answer `workspace/configuration` for our section with the same validated object the
          // server got at initialize, not the raw VS Code settings (which hold client-only keys).
          configuration: async (params, token, next) => {
            const answers = await next(params, token);
            if (!Array.isArray(answers)) return answers;
            return params.items.map((item, i) =>
              item.section === 'pyworkers' ? serverSettings(settings) : answers[i],
            );
          },
        },
      },
    };
    // The id `pyworkers` makes vscode-languageclient follow `pyworkers.trace.server` by itself.
    const client = new LanguageClient('pyworkers', 'pyworkers-lsp', serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      this.client = undefined;
      watcher.dispose();
      this.output.appendLine(`pyworkers-lsp failed to start: ${String(err)}`);
      void this.reportMissing(`pyworkers-lsp failed to start (${command}).`);
      return;
    }
    this.watcher = watcher;
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.watcher?.dispose();
    this.watcher = undefined;
    if (client === undefined) return;
    try {
      await client.stop(2000);
    } catch (err) {
      this.output.appendLine(`pyworkers-lsp did not stop cleanly: ${String(err)}`);
    }
  }

  private async reportMissing(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(
      `${message} ${INSTALL_HINT}`,
      'Open Settings',
      'Show Output',
    );
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'pyworkers.path');
    } else if (choice === 'Show Output') {
      this.output.show(true);
    }
  }
}

let manager: ServerManager | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('pyworkers-lsp');
  const servers = new ServerManager(output, context.extensionPath);
  manager = servers;
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pyworkers.restart', () => servers.restart()),
    vscode.commands.registerCommand('pyworkers.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart((section) => event.affectsConfiguration(section))) {
        output.appendLine('pyworkers settings changed; restarting the server.');
        void servers.restart();
      }
    }),
  );
  await servers.restart();
}

export async function deactivate(): Promise<void> {
  await manager?.stop();
  manager = undefined;
}
