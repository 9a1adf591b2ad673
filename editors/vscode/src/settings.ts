// Pure logic of the extension: reading `pyworkers.*` settings, turning them into the server's
// command line and initializationOptions, and finding the binary. Nothing here imports `vscode`,
// so it runs (and is tested) under plain Node.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const RUNTIMES = ['0.26', '0.28', '314'] as const;

/** The `pyworkers.*` settings the extension reads, after validation. */
export interface ExtensionSettings {
  path: string;
  select: string[];
  ignore: string[];
  severity: Record<string, Severity>;
  runtime: string;
  inlayHints: boolean;
  docsUrl: string;
  logLevel: LogLevel;
}

/** The server-side settings object, as the server reads it under the `pyworkers` key. */
export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  runtime?: string;
  inlayHints?: boolean;
  docsUrl?: string;
}

/** Keys under `pyworkers.` that the client consumes itself and never sends to the server. */
export const CLIENT_ONLY_KEYS = ['path', 'logLevel', 'trace.server'] as const;

/**
 * Reads and validates the settings. `get` is `WorkspaceConfiguration.get` of the `pyworkers`
 * section (or any lookup with the same shape); values of the wrong type fall back to defaults so
 * that a typo in settings.json never keeps the server from starting.
 */
export function readSettings(get: (key: string) => unknown): ExtensionSettings {
  const severity: Record<string, Severity> = {};
  const rawSeverity = get('severity');
  if (rawSeverity !== null && typeof rawSeverity === 'object' && !Array.isArray(rawSeverity)) {
    for (const [code, level] of Object.entries(rawSeverity)) {
      const name = normaliseCode(code);
      if (name !== '' && isOneOf(SEVERITIES, level)) {
        severity[name] = level;
      }
    }
  }
  const runtime = stringOr(get('runtime'), '').trim();
  const logLevel = get('logLevel');
  return {
    path: stringOr(get('path'), '').trim(),
    select: codeList(get('select')),
    ignore: codeList(get('ignore')),
    severity,
    runtime: isOneOf(RUNTIMES, runtime) ? runtime : '',
    inlayHints: get('inlayHints') === true,
    docsUrl: stringOr(get('docsUrl'), '').trim(),
    logLevel: isOneOf(LOG_LEVELS, logLevel) ? logLevel : 'info',
  };
}

/** initializationOptions for the server: only what the user set, under the `pyworkers` key. */
export function initializationOptions(s: ExtensionSettings): { pyworkers: ServerSettings } {
  return { pyworkers: serverSettings(s) };
}

/** The server's view of the settings, also the answer to `workspace/configuration` for `pyworkers`. */
export function serverSettings(s: ExtensionSettings): ServerSettings {
  const out: ServerSettings = {};
  if (s.select.length > 0) out.select = [...s.select];
  if (s.ignore.length > 0) out.ignore = [...s.ignore];
  if (Object.keys(s.severity).length > 0) out.severity = { ...s.severity };
  if (s.runtime !== '') out.runtime = s.runtime;
  if (s.inlayHints) out.inlayHints = true;
  if (s.docsUrl !== '') out.docsUrl = s.docsUrl;
  return out;
}

/** Arguments for the server process. stdio is explicit so that no default can change under us. */
export function serverArgs(s: ExtensionSettings): string[] {
  return ['serve', '--stdio', '--log-level', s.logLevel];
}

/**
 * Whether a configuration change needs a new server process. Everything but `trace.server` does:
 * the path and log level are fixed at spawn, and the rule settings travel in initializationOptions.
 * `trace.server` is applied live by vscode-languageclient.
 */
export function needsRestart(affects: (section: string) => boolean): boolean {
  if (!affects('pyworkers')) return false;
  const keys = ['path', 'select', 'ignore', 'severity', 'runtime', 'inlayHints', 'docsUrl', 'logLevel'];
  return keys.some((k) => affects(`pyworkers.${k}`));
}

/** Where to look for the server and how to test a candidate; injected for tests. */
export interface Lookup {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homeDir: string;
  workspaceFolder?: string;
  /** The extension's own directory: platform VSIXs ship the binary in its bin/. */
  extensionDir?: string;
  isExecutable: (file: string) => boolean;
}

export const BINARY_NAME = 'pyworkers-lsp';

/**
 * Finds the server binary. A configured path wins (`~` and `${workspaceFolder}` expanded, relative
 * paths taken from the first workspace folder) and is returned even when missing so the error
 * names it. Otherwise the binary bundled in a platform VSIX (built from the same commit as the
 * extension, so it wins over an older one on PATH), then PATH, then where `go install` puts
 * binaries ($GOBIN, each $GOPATH/bin, ~/go/bin): editors started from a desktop launcher often
 * lack the shell's PATH additions.
 */
export function resolveServerCommand(configured: string, look: Lookup): string | undefined {
  const p = look.platform === 'win32' ? path.win32 : path.posix;
  if (configured !== '') {
    let file = configured.replace(/\$\{workspaceFolder\}/g, look.workspaceFolder ?? '');
    if (file === '~' || file.startsWith('~/') || file.startsWith('~\\')) {
      file = p.join(look.homeDir, file.slice(1));
    }
    if (!p.isAbsolute(file) && look.workspaceFolder !== undefined) {
      file = p.join(look.workspaceFolder, file);
    }
    return file;
  }
  const exe = look.platform === 'win32' ? `${BINARY_NAME}.exe` : BINARY_NAME;
  const sep = look.platform === 'win32' ? ';' : ':';
  if (look.extensionDir !== undefined) {
    const bundled = p.join(look.extensionDir, 'bin', exe);
    if (look.isExecutable(bundled)) return bundled;
  }
  const dirs = splitList(look.env.PATH ?? look.env.Path, sep);
  if (look.env.GOBIN) dirs.push(look.env.GOBIN);
  for (const gopath of splitList(look.env.GOPATH, sep)) dirs.push(p.join(gopath, 'bin'));
  dirs.push(p.join(look.homeDir, 'go', 'bin'));
  for (const dir of dirs) {
    const candidate = p.join(dir, exe);
    if (look.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The lookup for the running process. */
export function hostLookup(workspaceFolder?: string, extensionDir?: string): Lookup {
  return {
    env: process.env,
    platform: process.platform,
    homeDir: os.homedir(),
    workspaceFolder,
    extensionDir,
    isExecutable: (file) => {
      try {
        if (!fs.statSync(file).isFile()) return false;
        fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Documents the server analyses. Wrangler configs and pyproject.toml are matched by name, not by
 * language id: VS Code has no TOML language without an extension, and the server must see these
 * files whatever mode they open in.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', pattern: '**/wrangler.toml' },
  { scheme: 'file', pattern: '**/wrangler.{json,jsonc}' },
  { scheme: 'file', pattern: '**/pyproject.toml' },
];

/** Files whose changes on disk alter the runtime profile of the Python files next to them. */
export const WATCHED_FILES =
  '**/{wrangler.toml,wrangler.jsonc,wrangler.json,pyproject.toml,uv.lock,pylock.toml,requirements.txt}';

function codeList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const codes = value.filter((v): v is string => typeof v === 'string').map(normaliseCode);
  return [...new Set(codes.filter((c) => c !== ''))];
}

function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function splitList(value: string | undefined, sep: string): string[] {
  return (value ?? '').split(sep).filter((d) => d !== '');
}
