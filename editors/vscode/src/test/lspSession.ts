// A minimal LSP client over the real server process: what vscode-languageclient does on the
// wire, without VS Code. Used by the protocol test.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type MessageConnection,
  type Position,
  type TextEdit,
  type WorkspaceEdit,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-languageserver-protocol/node';

export interface Published {
  version?: number;
  diagnostics: Diagnostic[];
}

export class LspSession {
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  private readonly published = new Map<string, Published>();
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;
  /** The server offers pull diagnostics: vscode-languageclient then pulls instead of listening. */
  private pulls = false;

  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    private readonly sectionSettings: () => unknown,
  ) {
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(
      new StreamMessageReader(proc.stdout),
      new StreamMessageWriter(proc.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string } & Published) => {
      this.published.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      for (const wake of [...this.waiters]) wake();
    });
    // Requests VS Code answers: configuration from settings, the rest acknowledged.
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((item) => (item.section === 'pyworkers' ? this.sectionSettings() : null)),
    );
    for (const method of [
      'client/registerCapability',
      'client/unregisterCapability',
      'window/workDoneProgress/create',
      'workspace/diagnostic/refresh',
      'workspace/codeLens/refresh',
      'workspace/inlayHint/refresh',
      'workspace/semanticTokens/refresh',
      'window/showMessageRequest',
    ]) {
      this.connection.onRequest(method, () => null);
    }
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  static start(command: string, args: string[], sectionSettings: () => unknown): LspSession {
    const proc = spawn(command, args, { stdio: 'pipe' });
    return new LspSession(proc, sectionSettings);
  }

  async initialize(
    rootPath: string,
    capabilities: ClientCapabilities,
    initializationOptions: unknown,
  ): Promise<InitializeResult> {
    const rootUri = fileUri(rootPath);
    const result: InitializeResult = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'Visual Studio Code', version: '1.95.0' },
      locale: 'en',
      rootPath,
      rootUri,
      capabilities,
      initializationOptions,
      trace: 'off',
      workspaceFolders: [{ uri: rootUri, name: 'worker' }],
    });
    this.pulls = result.capabilities.diagnosticProvider !== undefined;
    return result;
  }

  /** Pulls the diagnostics of `uri` (textDocument/diagnostic), as vscode-languageclient does
   * for open documents when the server offers pull diagnostics. */
  private async pull(uri: string): Promise<void> {
    const report: { kind: string; items?: Diagnostic[] } = await this.connection.sendRequest('textDocument/diagnostic', {
      textDocument: { uri },
      identifier: 'pyworkers',
    });
    if (report.kind === 'full') {
      this.published.set(uri, { diagnostics: report.items ?? [] });
      for (const wake of [...this.waiters]) wake();
    }
  }

  /** Resolves with the latest diagnostics for `uri` once `accept` holds, or rejects on timeout. */
  waitForDiagnostics(uri: string, accept: (p: Published) => boolean, timeoutMs = 10_000): Promise<Published> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const p = this.published.get(uri);
        if (p !== undefined && accept(p)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(p);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const last = JSON.stringify(this.published.get(uri) ?? null);
        reject(new Error(`no matching diagnostics for ${uri} after ${timeoutMs} ms; last: ${last}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
      if (this.pulls) {
        // The client pulls after each change; poll until the server has caught up.
        const poll = async (): Promise<void> => {
          while (this.waiters.has(check)) {
            await this.pull(uri).catch(() => undefined);
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        void poll();
      }
    });
  }

  /** shutdown + exit, as vscode-languageclient does on stop; resolves with the exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000).unref());
    const code = await Promise.race([this.exited, timeout]);
    this.connection.dispose();
    if (code === 'timeout') {
      this.proc.kill();
      throw new Error('server did not exit within 5 s of the exit notification');
    }
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.proc.kill();
  }
}

export function fileUri(p: string): string {
  return `file://${p.split('/').map(encodeURIComponent).join('/')}`;
}

/** Offset into a string (UTF-16 code units, like LSP's default encoding) of an LSP position. */
export function offsetAt(text: string, pos: Position): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + pos.character, lineEnd < 0 ? text.length : lineEnd);
}

/** The text edits a WorkspaceEdit makes to one document, from documentChanges or changes. */
export function editsFor(edit: WorkspaceEdit, uri: string): TextEdit[] {
  const out: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) {
      out.push(...(change.edits as TextEdit[]));
    }
  }
  out.push(...(edit.changes?.[uri] ?? []));
  return out;
}

/**
 * Edits sorted last-first, so each can be applied (or sent as a change event) in turn without
 * moving the others. Edits at the same position keep their LSP order (first one ends up first).
 */
export function lastFirst(edits: TextEdit[]): TextEdit[] {
  return edits
    .map((edit, index) => ({ edit, index }))
    .sort(
      (a, b) =>
        b.edit.range.start.line - a.edit.range.start.line ||
        b.edit.range.start.character - a.edit.range.start.character ||
        b.index - a.index,
    )
    .map(({ edit }) => edit);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of lastFirst(edits)) {
    out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  }
  return out;
}
