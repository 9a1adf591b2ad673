package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/analysis/semantic"
)

var pw504 = &Rule{
	Code:     "PW504",
	Name:     "package-unavailable",
	Summary:  "dependency with no build for the runtime's Pyodide",
	Severity: diag.Error,
	Runtimes: "per profile: the Pyodide package index of the Worker's runtime",
	Unit:     runPW504Imports,
	Config:   runPW504Config,
	Doc: `## What it does
Finds dependencies the Worker cannot install on its runtime: native
packages with no Pyodide build for the package index its Python version
resolves against (Python 3.12 → Pyodide 0.27.7, 3.13 → 0.28.3, 3.14 →
314.0.x). In Python code it checks ` + "`import`" + ` lines. In the config it checks
what a deploy installs, as pywrangler resolves it: ` + "`[project].dependencies`" + `
and their closure for the Pyodide interpreter (from pylock.toml, uv.lock, or
cf-requirements.txt / requirements.txt as written), with PEP 508 markers
evaluated for Emscripten/wasm32 and the runtime's Python. Dependency groups
(dev tools such as ruff or playwright), extras nobody requests and packages a
marker excludes never reach the Worker and are never reported. A finding sits
on the pyproject line that pulls the package in (naming the chain for a
transitive one) and says why: no Pyodide build, only platform wheels, or a
version pin the index does not build.

## Why it breaks on Workers
Workers run CPython compiled to WebAssembly. Pure-Python wheels install
anywhere, but a package with C, C++ or Rust extensions works only if Pyodide
built it for that release. Without a build, vendoring the dependency fails,
or the import raises ModuleNotFoundError when the Worker starts. Commonly
hit: ` + "`psycopg2`, `asyncpg`" + ` (before Pyodide 314), ` + "`grpcio`, `uvloop`, `greenlet`,\n`gevent`, `pyzmq`, `tokenizers`, `torch`, `onnxruntime`, `psutil`" + `. Many others are
built and work: ` + "`numpy`, `pandas`, `pydantic`, `cryptography`, `lxml`, `tiktoken`,\n`Pillow`, `aiohttp`, `httpx`" + `.

## Example
` + "```python" + `
import psycopg2

conn = psycopg2.connect(dsn)
` + "```" + `

## Use instead
A pure-Python client, or a Workers binding: for Postgres, a pure-Python
driver over Hyperdrive, or D1 for SQLite-shaped data.

## Which runtimes
Per runtime: the verdict comes from the package index of the Worker's
Pyodide release (` + "`asyncpg`" + ` has a build from Pyodide 314 on). Imports guarded
by ` + "`try: … except ImportError`" + ` are left alone.`,
}

// runPW504Imports reports imports of packages without a build for the
// profile's Pyodide package index.
func runPW504Imports(p *Pass) {
	release := packages.ForProfile(p.Profile)
	for _, typ := range []string{"import_statement", "import_from_statement"} {
		for _, stmt := range p.Nodes(typ) {
			if importGuarded(p, stmt) {
				continue
			}
			for _, imp := range semantic.ImportsOf(stmt) {
				if imp.Relative {
					continue
				}
				s := packages.Availability(release, imp.Module)
				if s.Status != packages.NoBuild {
					continue
				}
				at := imp.NameNode
				if typ == "import_from_statement" {
					at = stmt.Field("module_name")
				}
				msg := noBuildMessage(s.Dist, s.Dist, release, p.Profile)
				if top, _, _ := strings.Cut(imp.Module, "."); top != s.Dist {
					msg = fmt.Sprintf("%s comes from %s", top, msg) // grpc comes from grpcio is …
				}
				p.Report(at, msg+"; this import fails when the Worker starts", map[string]string{"package": s.Dist})
				if typ == "import_from_statement" {
					break
				}
			}
		}
	}
}
