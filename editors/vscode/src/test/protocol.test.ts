// End to end: the real pyworkers-lsp binary, started with the arguments and initializationOptions
// the extension computes, spoken to with the capabilities vscode-languageclient sends.
// The binary comes from $PYWORKERS_LSP (editors/test.sh builds it) or the extension's own lookup.

import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  CodeAction,
  Command,
  Diagnostic,
  Hover,
  InitializeResult,
  MarkupContent,
  Range,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { hostLookup, initializationOptions, readSettings, resolveServerCommand, serverArgs, serverSettings } from '../settings';
import { vscodeClientCapabilities } from './clientCapabilities';
import { LspSession, applyEdits, editsFor, fileUri, lastFirst } from './lspSession';

const WORKER = `from pyodide.ffi import to_js
from workers import WorkerEntrypoint, Response
import js

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        headers = to_js({"content-type": "text/plain"})
        return js.Response.json(headers)
`;

const WRANGLER = `name = "hello-python"
main = "src/entry.py"
compatibility_date = "2025-09-01"
compatibility_flags = ["python_workers"]
`;

const TO_JS_LINE = 6;
const toJsLine = WORKER.split('\n')[TO_JS_LINE];
/** The `to_js(...)` call on line 6: where PW202 must point. */
const TO_JS_CALL: Range = {
  start: { line: TO_JS_LINE, character: toJsLine.indexOf('to_js(') },
  end: { line: TO_JS_LINE, character: toJsLine.lastIndexOf(')') + 1 },
};

/**
 * Checks a fixed text: the call gains `dict_converter=<converter>` and the converter's name is
 * bound by an import: the existing `import js` (js.Object.fromEntries) or one added
 * `from js import Object` (Object.fromEntries). Returns why not, or undefined when it is right.
 */
function badFix(text: string): string | undefined {
  const lines = text.split('\n');
  const call = lines.find((l) => l.includes('headers = to_js('))?.trim();
  const m = /^headers = to_js\(\{"content-type": "text\/plain"\}, dict_converter=((?:js\.)?Object)\.fromEntries\)$/.exec(call ?? '');
  if (!m) return `the to_js call is not fixed: ${call}`;
  const classAt = lines.findIndex((l) => l.startsWith('class Default'));
  const imports = lines.slice(0, classAt).map((l) => l.trim());
  if (m[1] === 'js.Object') return imports.includes('import js') ? undefined : 'js.Object used without import js';
  const added = imports.filter((l) => l === 'from js import Object').length;
  return added === 1 ? undefined : `Object used with ${added} "from js import Object" lines before the class`;
}

// PYWORKERS_EXTENSION_DIR: an unpacked platform VSIX; the binary must then be the one it bundles,
// found by the extension's own lookup (release/test-channels.sh runs it with no binary on PATH).
const extensionDir = process.env.PYWORKERS_EXTENSION_DIR;
const binary = extensionDir
  ? resolveServerCommand('', hostLookup(undefined, extensionDir))
  : process.env.PYWORKERS_LSP || resolveServerCommand('', hostLookup());
if (extensionDir && binary !== path.join(extensionDir, 'bin', process.platform === 'win32' ? 'pyworkers-lsp.exe' : 'pyworkers-lsp')) {
  throw new Error(`the extension in ${extensionDir} resolved ${binary}, not its bundled binary`);
}
const skip = binary === undefined ? 'pyworkers-lsp not built (set PYWORKERS_LSP)' : false;

let workspace: string;
let entryPath: string;
let entryUri: string;
const capabilities = vscodeClientCapabilities();

before(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pyworkers-vscode-')));
  fs.mkdirSync(path.join(workspace, 'src'));
  fs.writeFileSync(path.join(workspace, 'wrangler.toml'), WRANGLER);
  entryPath = path.join(workspace, 'src', 'entry.py');
  fs.writeFileSync(entryPath, WORKER);
  entryUri = fileUri(entryPath);
});

after(() => fs.rmSync(workspace, { recursive: true, force: true }));

/** Starts the server as the extension would with the given `pyworkers.*` settings. */
async function startAsExtension(raw: Record<string, unknown>): Promise<{ session: LspSession; init: InitializeResult }> {
  const settings = readSettings((key) => raw[key]);
  // workspace/configuration answers with the settings as they are now, as VS Code does.
  const session = LspSession.start(binary as string, serverArgs(settings), () => serverSettings(readSettings((key) => raw[key])));
  const init = await session.initialize(workspace, capabilities, initializationOptions(settings));
  await session.connection.sendNotification('initialized', {});
  return { session, init };
}

async function open(session: LspSession, text = WORKER): Promise<void> {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: entryUri, languageId: 'python', version: 1, text },
  });
}

const isPW202 = (d: Diagnostic) => d.code === 'PW202';

/** Resolves a code action's edit the way VS Code does when the server defers it. */
async function editOf(session: LspSession, action: CodeAction): Promise<WorkspaceEdit> {
  if (action.edit !== undefined) return action.edit;
  const resolved: CodeAction = await session.connection.sendRequest('codeAction/resolve', action);
  assert.ok(resolved.edit, `code action "${action.title}" has no edit even after resolve`);
  return resolved.edit;
}

function withServerLog<T>(session: LspSession, body: () => Promise<T>): Promise<T> {
  return body().catch((err: unknown) => {
    session.kill();
    const log = session.stderr.join('').slice(-4000);
    throw new Error(`${String(err)}\n--- server stderr ---\n${log}`);
  });
}

test('diagnostics, hover and quick fix for PW202 through the VS Code client capabilities', { skip }, async () => {
  const { session, init } = await startAsExtension({});
  await withServerLog(session, async () => {
    const caps = init.capabilities;
    assert.ok(caps.hoverProvider, 'hoverProvider');
    assert.ok(caps.codeActionProvider, 'codeActionProvider');
    // VS Code offers only utf-16; anything else would shift every column.
    assert.ok(caps.positionEncoding === undefined || caps.positionEncoding === 'utf-16', `positionEncoding ${caps.positionEncoding}`);
    if (typeof caps.codeActionProvider === 'object' && caps.codeActionProvider.codeActionKinds) {
      assert.ok(caps.codeActionProvider.codeActionKinds.includes('quickfix'));
      assert.ok(caps.codeActionProvider.codeActionKinds.includes('source.fixAll.pyworkers'));
    }

    assert.notEqual(badFix(WORKER), undefined, 'the fix check rejects the unfixed Worker');
    await open(session);
    const published = await session.waitForDiagnostics(entryUri, (p) => p.diagnostics.some(isPW202));
    const diag = published.diagnostics.find(isPW202) as Diagnostic;
    assert.deepEqual(diag.range, TO_JS_CALL, 'PW202 range is the to_js(...) call');
    assert.equal(diag.source, 'pyworkers');
    assert.match(diag.message, /Map|dict_converter/);

    // Hover on the `to_js` name of the call.
    const hover: Hover | null = await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: entryUri },
      position: { line: TO_JS_LINE, character: TO_JS_CALL.start.character + 2 },
    });
    assert.ok(hover, 'hover on to_js');
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown', 'VS Code prefers markdown');
    assert.match(contents.value, /to_js/);
    assert.match(contents.value, /dict_converter/);

    // The lightbulb: VS Code asks for actions at the diagnostic with the diagnostic in context.
    const actions: (CodeAction | Command)[] = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: entryUri },
      range: diag.range,
      context: { diagnostics: [diag], triggerKind: 1 },
    });
    const quickfixes = actions.filter(
      (a): a is CodeAction => 'kind' in a && a.kind === 'quickfix' && (a.diagnostics ?? []).some(isPW202),
    );
    assert.ok(quickfixes.length > 0, `a quickfix for PW202 among ${JSON.stringify(actions.map((a) => a.title))}`);
    let fix: { action: CodeAction; edits: ReturnType<typeof editsFor> } | undefined;
    for (const action of quickfixes) {
      const edits = editsFor(await editOf(session, action), entryUri);
      if (edits.some((e) => e.newText.includes('dict_converter'))) fix = { action, edits };
    }
    assert.ok(fix, 'one PW202 quickfix inserts dict_converter');
    const fixed = applyEdits(WORKER, fix.edits);
    assert.equal(badFix(fixed), undefined, fixed);

    // source.fixAll (what "editor.codeActionsOnSave": {"source.fixAll": "explicit"} asks for).
    const fixAll: (CodeAction | Command)[] = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: entryUri },
      range: { start: { line: 0, character: 0 }, end: { line: WORKER.split('\n').length, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'], triggerKind: 2 },
    });
    const all = fixAll.find((a): a is CodeAction => 'kind' in a && a.kind === 'source.fixAll.pyworkers');
    assert.ok(all, `source.fixAll.pyworkers among ${JSON.stringify(fixAll)}`);
    const fixedAll = applyEdits(WORKER, editsFor(await editOf(session, all), entryUri));
    assert.equal(badFix(fixedAll), undefined, fixedAll);

    // Applying the fix as VS Code does (ranged change events) removes the diagnostic.
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: entryUri, version: 2 },
      contentChanges: lastFirst(fix.edits).map((e) => ({ range: e.range, text: e.newText })),
    });
    const after = await session.waitForDiagnostics(entryUri, (p) => !p.diagnostics.some(isPW202));
    assert.ok(after.version === undefined || after.version === 2, `diagnostics for version ${after.version}`);
    assert.equal(await session.stop(), 0, 'exit code after shutdown/exit');
  });
});

test('settings from the extension reach the server', { skip }, async () => {
  const raw: Record<string, unknown> = { severity: { PW202: 'error' } };
  const { session } = await startAsExtension(raw);
  await withServerLog(session, async () => {
    await open(session);
    const first = await session.waitForDiagnostics(entryUri, (p) => p.diagnostics.some(isPW202));
    assert.equal(first.diagnostics.find(isPW202)?.severity, 1, 'severity override from initializationOptions');

    // The user changes the setting; the client notifies, the server asks for the new values.
    raw.ignore = ['PW202'];
    await session.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { pyworkers: { ignore: ['PW202'] } },
    });
    await session.waitForDiagnostics(entryUri, (p) => !p.diagnostics.some(isPW202));
    assert.equal(await session.stop(), 0);
  });
});
