#!/usr/bin/env node
// Runs the platform's pyworkers-lsp binary with this process's arguments and
// stdio (so `pyworkers-lsp serve` speaks LSP straight through), and exits
// with its status, or re-raises the signal that ended it.
'use strict';

const { spawnSync } = require('child_process');
const { binaryPath } = require('..');

let bin;
try {
  bin = binaryPath();
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(2);
}
const result = spawnSync(bin, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (result.error) {
  process.stderr.write(`pyworkers-lsp: cannot run ${bin}: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 1);
