// Finds the pyworkers-lsp binary that npm installed for this platform: the
// per-platform package @pyworkers-lsp/cli-<platform>-<arch>, listed in
// optionalDependencies so that npm installs only the one that matches (the
// esbuild / biome / workerd pattern). PYWORKERS_LSP_BINARY overrides it.
'use strict';

const path = require('path');

const PLATFORMS = {
  'linux-x64': '@pyworkers-lsp/cli-linux-x64',
  'linux-arm64': '@pyworkers-lsp/cli-linux-arm64',
  'darwin-x64': '@pyworkers-lsp/cli-darwin-x64',
  'darwin-arm64': '@pyworkers-lsp/cli-darwin-arm64',
  'win32-x64': '@pyworkers-lsp/cli-win32-x64',
};

function binaryPath() {
  if (process.env.PYWORKERS_LSP_BINARY) return process.env.PYWORKERS_LSP_BINARY;
  const key = `${process.platform}-${process.arch}`;
  const pkg = PLATFORMS[key];
  if (pkg === undefined) {
    throw new Error(
      `pyworkers-lsp has no prebuilt binary for ${key} (there are: ${Object.keys(PLATFORMS).join(', ')}). ` +
        'Build it from source with Go and a C compiler, then set PYWORKERS_LSP_BINARY to its path.',
    );
  }
  const exe = process.platform === 'win32' ? 'pyworkers-lsp.exe' : 'pyworkers-lsp';
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch {
    throw new Error(
      `pyworkers-lsp: the package ${pkg} that holds the binary for ${key} is not installed. ` +
        'It is an optional dependency: reinstall without --omit=optional / --no-optional, ' +
        'and make sure the lockfile was not made on another platform only.',
    );
  }
}

module.exports = { binaryPath, PLATFORMS, packageDir: path.join(__dirname) };
