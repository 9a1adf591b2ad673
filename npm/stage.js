// node npm/stage.js STAGE_DIR VERSION BUILD_DIR TARGET... — writes the npm
// packages into STAGE_DIR (one directory each) for `npm pack`: the
// pyworkers-lsp launcher, whose optionalDependencies name every platform
// package at exactly VERSION, and one @pyworkers-lsp/cli-<platform>-<arch>
// package per built TARGET holding BUILD_DIR/TARGET/pyworkers-lsp[.exe].
'use strict';

const fs = require('fs');
const path = require('path');

// Release target name -> npm's process.platform and process.arch.
const NPM = {
  'linux-x64': ['linux', 'x64'],
  'linux-arm64': ['linux', 'arm64'],
  'darwin-x64': ['darwin', 'x64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'windows-x64': ['win32', 'x64'],
};

function main([stage, version, build, ...targets]) {
  const here = __dirname;
  const launcher = path.join(stage, 'pyworkers-lsp');
  fs.cpSync(path.join(here, 'pyworkers-lsp'), launcher, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(launcher, 'package.json'), 'utf8'));
  manifest.version = version;
  manifest.optionalDependencies = {};
  for (const [os, cpu] of Object.values(NPM)) {
    manifest.optionalDependencies[`@pyworkers-lsp/cli-${os}-${cpu}`] = version;
  }
  write(path.join(launcher, 'package.json'), manifest);
  copyLicense(launcher);
  fs.chmodSync(path.join(launcher, 'bin', 'pyworkers-lsp.js'), 0o755);

  for (const target of targets) {
    const [os, cpu] = NPM[target] ?? fail(`unknown target ${target}`);
    const platform = `${os}-${cpu}`;
    const dir = path.join(stage, `cli-${platform}`);
    fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
    const exe = os === 'win32' ? 'pyworkers-lsp.exe' : 'pyworkers-lsp';
    fs.copyFileSync(path.join(build, target, exe), path.join(dir, 'bin', exe));
    fs.chmodSync(path.join(dir, 'bin', exe), 0o755);
    const tmpl = fs.readFileSync(path.join(here, 'cli', 'package.json'), 'utf8').replaceAll('PLATFORM', platform);
    const pkg = JSON.parse(tmpl);
    Object.assign(pkg, { version, os: [os], cpu: [cpu] });
    write(path.join(dir, 'package.json'), pkg);
    copyLicense(dir);
    fs.writeFileSync(path.join(dir, 'README.md'),
      fs.readFileSync(path.join(here, 'cli', 'README.md'), 'utf8').replaceAll('PLATFORM', platform));
  }
}

// copyLicense puts the repository's LICENSE, when it has one, in a package
// directory (npm pack always includes it) and points package.json at it. With
// no LICENSE the package names no licence: release/build.sh warns about that.
function copyLicense(dir) {
  const license = path.join(__dirname, '..', 'LICENSE');
  if (!fs.existsSync(license)) return;
  fs.copyFileSync(license, path.join(dir, 'LICENSE'));
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  pkg.license = 'SEE LICENSE IN LICENSE';
  write(file, pkg);
}

function write(file, json) {
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

function fail(msg) {
  throw new Error(`stage.js: ${msg}`);
}

main(process.argv.slice(2));
