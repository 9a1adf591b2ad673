package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw109 = &Rule{
	Code:     "PW109",
	Name:     "workers-sdk-import",
	Summary:  "`workers` import that fails: SDK not vendored, or the removed `cloudflare.workers` path",
	Severity: diag.Error,
	Runtimes: "enable_python_external_sdk on (compatibility_date 2026-04-21 or newer); cloudflare.workers: Pyodide 0.28 and newer",
	Fixes: []Fix{
		{Kind: FixRenameModule, Title: "Import from workers", Safety: SafeFix},
	},
	Applies: func(p *profile.Profile) bool {
		return p.Runtime.AtLeast(profile.Pyodide028) || (p.ExternalSDK && p.HasConfig())
	},
	Unit: runPW109,
}

// sdkPackage is the distribution that provides `workers` with the external
// SDK; pywrangler, from workersPy, vendors it whatever the dependencies say.
const (
	sdkPackage = "workers-runtime-sdk"
	workersPy  = "workers-py"
)

// sdkVendored reports whether something puts the SDK into the Worker: a
// dependency on it, or pywrangler, in any dependency group or the lock.
// pywrangler appends workers-runtime-sdk to the requirements it compiles
// and vendors whatever the project lists (workers-py
// packages/cli/src/pywrangler/resolve.py MANAGED_SDK_PACKAGE, commit
// b00837d41fd4d6e8f475a2fe380ee6543344de23; since a62f255e5155).
func sdkVendored(p *profile.Profile) bool {
	if p.SDKSupplier != "" {
		return true
	}
	for _, name := range []string{sdkPackage, workersPy} {
		if hasPackage(p, name) || p.DevPackages[name] {
			return true
		}
	}
	return false
}

func runPW109(p *Pass) {
	// A placeholder compatibility_date belongs to a template or a test
	// harness that fills it in and sets up the build (workers-py's
	// harness copies the SDK into python_modules): whether the external
	// SDK applies is not known.
	needsVendoredSDK := p.Profile.ExternalSDK && p.Profile.HasConfig() && p.Profile.DatePlaceholder == "" && !sdkVendored(p.Profile)
	oldPath := p.Profile.Runtime.AtLeast(profile.Pyodide028)
	for _, typ := range []string{"import_statement", "import_from_statement"} {
		for _, stmt := range p.Nodes(typ) {
			for _, imp := range semantic.ImportsOf(stmt) {
				if imp.Relative {
					continue
				}
				at := imp.NameNode
				if typ == "import_from_statement" {
					at = stmt.Field(syntax.FieldModuleName)
				}
				switch {
				case oldPath && inPackage(imp.Module, "cloudflare.workers") || oldPath && imp.Module == "cloudflare" && imp.Name == "workers":
					p.ReportTagged(at, fmt.Sprintf("cloudflare.workers does not exist on %s (only Pyodide 0.26 injects it): import from workers instead", p.Profile.Runtime),
						FixRenameModule.Data("to", "workers"), diag.Deprecated)
				case needsVendoredSDK && inPackage(imp.Module, "workers"):
					p.Report(at, fmt.Sprintf("%s: the workers module comes from the %s package, which is not among this Worker's dependencies and no pywrangler (%s) is set up to vendor it, so this import raises ModuleNotFoundError; add %s to pyproject.toml or deploy with pywrangler",
						flagState(p.Profile, profile.FlagExternalSDK), sdkPackage, workersPy, sdkPackage),
						map[string]string{"package": sdkPackage})
				default:
					continue
				}
				if typ == "import_from_statement" {
					break // one finding per statement
				}
			}
		}
	}
}

// inPackage reports whether module is pkg or one of its submodules.
func inPackage(module, pkg string) bool {
	return module == pkg || strings.HasPrefix(module, pkg+".")
}

// hasPackage reports whether the profile lists a dependency, comparing
// normalised distribution names (PEP 503).
func hasPackage(p *profile.Profile, name string) bool {
	want := packages.Normalize(name)
	for key, pkg := range p.Packages {
		if packages.Normalize(key) == want || packages.Normalize(pkg.Name) == want {
			return true
		}
	}
	return false
}
