import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import {
  CLIENT_ONLY_KEYS,
  DOCUMENT_SELECTOR,
  type Lookup,
  initializationOptions,
  needsRestart,
  readSettings,
  resolveServerCommand,
  serverArgs,
} from '../settings';

const manifest = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
) as {
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
};

function lookupOf(settings: Record<string, unknown>) {
  return (key: string) => settings[key];
}

test('settings become initializationOptions under the pyworkers key', async (t) => {
  const cases: { name: string; raw: Record<string, unknown>; want: unknown }[] = [
    { name: 'defaults send nothing', raw: {}, want: { pyworkers: {} } },
    {
      name: 'rule settings are passed on, codes upper-cased and de-duplicated',
      raw: {
        select: ['pw2', ' PW3 ', 'PW2'],
        ignore: ['PW301'],
        severity: { pw206: 'info' },
        runtime: '0.28',
        inlayHints: true,
        docsUrl: ' https://docs.example/rules ',
      },
      want: {
        pyworkers: {
          select: ['PW2', 'PW3'],
          ignore: ['PW301'],
          severity: { PW206: 'info' },
          runtime: '0.28',
          inlayHints: true,
          docsUrl: 'https://docs.example/rules',
        },
      },
    },
    {
      name: 'values of the wrong type or out of range are dropped',
      raw: {
        select: 'PW2',
        ignore: [7, 'PW101', ''],
        severity: { PW206: 'loud', PW207: 'hint' },
        runtime: '3.12',
        inlayHints: 'yes',
      },
      want: { pyworkers: { ignore: ['PW101'], severity: { PW207: 'hint' } } },
    },
    {
      name: 'client-only settings stay on the client',
      raw: { path: '/opt/pyworkers-lsp', logLevel: 'debug', 'trace.server': 'verbose' },
      want: { pyworkers: {} },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(initializationOptions(readSettings(lookupOf(c.raw))), c.want);
    });
  }
});

test('server arguments carry stdio and the log level', () => {
  assert.deepEqual(serverArgs(readSettings(lookupOf({ logLevel: 'debug' }))), [
    'serve',
    '--stdio',
    '--log-level',
    'debug',
  ]);
  assert.deepEqual(serverArgs(readSettings(lookupOf({ logLevel: 'chatty' }))).slice(-1), ['info']);
});

test('every contributed setting is read by the extension', () => {
  const contributed = Object.keys(manifest.contributes.configuration.properties).map((k) =>
    k.replace(/^pyworkers\./, ''),
  );
  const recorded: string[] = [];
  readSettings((key) => {
    recorded.push(key);
    return undefined;
  });
  for (const key of contributed) {
    const handled = recorded.includes(key) || (CLIENT_ONLY_KEYS as readonly string[]).includes(key);
    assert.ok(handled, `pyworkers.${key} is contributed but never read`);
  }
  // Contributed defaults must survive validation unchanged, or the UI lies about them.
  const defaults = Object.fromEntries(
    Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [
      k.replace(/^pyworkers\./, ''),
      v.default,
    ]),
  );
  const read = readSettings(lookupOf(defaults));
  for (const key of recorded) {
    assert.deepEqual((read as unknown as Record<string, unknown>)[key], defaults[key], key);
  }
});

test('configuration changes restart the server except for tracing', () => {
  const changed = (...sections: string[]) => (s: string) =>
    sections.some((c) => c === s || c.startsWith(`${s}.`));
  assert.equal(needsRestart(changed('pyworkers.path')), true);
  assert.equal(needsRestart(changed('pyworkers.severity')), true);
  assert.equal(needsRestart(changed('pyworkers.logLevel')), true);
  assert.equal(needsRestart(changed('pyworkers.inlayHints')), true);
  assert.equal(needsRestart(changed('pyworkers.trace.server')), false);
  for (const key of Object.keys(manifest.contributes.configuration.properties)) {
    if (key !== 'pyworkers.trace.server') assert.equal(needsRestart(changed(key)), true, key);
  }
  assert.equal(needsRestart(changed('python.analysis.typeCheckingMode')), false);
});

test('the server binary is found the way a user expects', async (t) => {
  const posix = (files: string[], env: NodeJS.ProcessEnv, workspaceFolder?: string): Lookup => ({
    env,
    platform: 'linux',
    homeDir: '/home/u',
    workspaceFolder,
    isExecutable: (f) => files.includes(f),
  });
  const cases: { name: string; configured: string; look: Lookup; want: string | undefined }[] = [
    {
      name: 'configured absolute path wins even when PATH has one',
      configured: '/opt/bin/pyworkers-lsp',
      look: posix(['/usr/bin/pyworkers-lsp'], { PATH: '/usr/bin' }),
      want: '/opt/bin/pyworkers-lsp',
    },
    {
      name: 'configured path expands ~ and ${workspaceFolder}',
      configured: '~/bin/pyworkers-lsp',
      look: posix([], {}),
      want: '/home/u/bin/pyworkers-lsp',
    },
    {
      name: 'configured relative path is taken from the workspace folder',
      configured: '${workspaceFolder}/tools/pyworkers-lsp',
      look: posix([], {}, '/src/app'),
      want: '/src/app/tools/pyworkers-lsp',
    },
    {
      name: 'bare relative path too',
      configured: 'bin/pyworkers-lsp',
      look: posix([], {}, '/src/app'),
      want: '/src/app/bin/pyworkers-lsp',
    },
    {
      name: 'first PATH entry holding the binary',
      configured: '',
      look: posix(['/b/pyworkers-lsp', '/c/pyworkers-lsp'], { PATH: '/a:/b:/c' }),
      want: '/b/pyworkers-lsp',
    },
    {
      name: 'GOBIN before GOPATH/bin before ~/go/bin when PATH lacks it',
      configured: '',
      look: posix(['/gp/bin/pyworkers-lsp', '/home/u/go/bin/pyworkers-lsp'], {
        PATH: '/usr/bin',
        GOPATH: '/x:/gp',
      }),
      want: '/gp/bin/pyworkers-lsp',
    },
    {
      name: '~/go/bin as the last resort',
      configured: '',
      look: posix(['/home/u/go/bin/pyworkers-lsp'], { PATH: '/usr/bin' }),
      want: '/home/u/go/bin/pyworkers-lsp',
    },
    {
      name: 'the binary bundled in the VSIX before PATH',
      configured: '',
      look: {
        ...posix(['/ext/bin/pyworkers-lsp', '/b/pyworkers-lsp'], { PATH: '/b' }),
        extensionDir: '/ext',
      },
      want: '/ext/bin/pyworkers-lsp',
    },
    {
      name: 'a configured path before the bundled binary',
      configured: '/opt/pyworkers-lsp',
      look: { ...posix(['/ext/bin/pyworkers-lsp'], {}), extensionDir: '/ext' },
      want: '/opt/pyworkers-lsp',
    },
    {
      name: 'PATH when the VSIX bundles no binary (the universal package)',
      configured: '',
      look: { ...posix(['/b/pyworkers-lsp'], { PATH: '/b' }), extensionDir: '/ext' },
      want: '/b/pyworkers-lsp',
    },
    {
      name: 'Windows: the bundled .exe',
      configured: '',
      look: {
        env: { Path: 'C:\\go\\bin' },
        platform: 'win32',
        homeDir: 'C:\\Users\\u',
        extensionDir: 'C:\\ext',
        isExecutable: (f) => f === 'C:\\ext\\bin\\pyworkers-lsp.exe' || f === 'C:\\go\\bin\\pyworkers-lsp.exe',
      },
      want: 'C:\\ext\\bin\\pyworkers-lsp.exe',
    },
    {
      name: 'not found',
      configured: '',
      look: posix([], { PATH: '/usr/bin' }),
      want: undefined,
    },
    {
      name: 'Windows looks for the .exe on Path',
      configured: '',
      look: {
        env: { Path: 'C:\\tools;C:\\go\\bin' },
        platform: 'win32',
        homeDir: 'C:\\Users\\u',
        isExecutable: (f) => f === 'C:\\go\\bin\\pyworkers-lsp.exe',
      },
      want: 'C:\\go\\bin\\pyworkers-lsp.exe',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.equal(resolveServerCommand(c.configured, c.look), c.want);
    });
  }
});

test('document selector covers Python, wrangler configs and pyproject.toml only', async (t) => {
  const selects = (file: string, languageId: string) =>
    DOCUMENT_SELECTOR.some((f) =>
      'language' in f ? f.language === languageId : minimatch(file, f.pattern),
    );
  const cases: [string, string, boolean][] = [
    ['/w/src/entry.py', 'python', true],
    ['/w/wrangler.toml', 'toml', true],
    ['/w/wrangler.toml', 'plaintext', true],
    ['/w/app/wrangler.jsonc', 'jsonc', true],
    ['/w/wrangler.json', 'json', true],
    ['/w/pyproject.toml', 'toml', true],
    ['/w/Cargo.toml', 'toml', false],
    ['/w/package.json', 'json', false],
    ['/w/tsconfig.json', 'jsonc', false],
  ];
  for (const [file, lang, want] of cases) {
    await t.test(`${file} (${lang})`, () => assert.equal(selects(file, lang), want));
  }
});

test('the extension activates in folders with a wrangler config', () => {
  const patterns = manifest.activationEvents
    .filter((e) => e.startsWith('workspaceContains:'))
    .map((e) => e.slice('workspaceContains:'.length));
  for (const file of ['wrangler.toml', 'api/wrangler.jsonc', 'wrangler.json']) {
    assert.ok(patterns.some((p) => minimatch(file, p)), file);
  }
  assert.ok(manifest.activationEvents.includes('onCommand:pyworkers.restart'));
});
