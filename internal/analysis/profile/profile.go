// Package profile describes the runtime a Worker runs on — Pyodide and
// Python version, the compatibility flags in effect, the SDK that wraps
// env, the bindings of its wrangler config and its dependencies — and
// resolves it from the Worker's configuration files.
package profile

import (
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"strings"
	"sync"
)

// Generation is a Python Workers runtime line (DESIGN.md §4).
type Generation int

const (
	// Pyodide026 is Pyodide 0.26.0a2 / Python 3.12.
	Pyodide026 Generation = iota
	// Pyodide028 is Pyodide 0.28.2 / Python 3.13.
	Pyodide028
	// Pyodide314 is Pyodide 314.0.x / Python 3.14.
	Pyodide314
)

// Runtime is the interpreter a Worker runs on.
type Runtime struct {
	Generation Generation
	Pyodide    string // "0.28.2"
	Python     string // "3.13"
	// PackageIndex is the Pyodide release whose packages are installable.
	PackageIndex string
	// PythonFull is the interpreter version dependencies are resolved
	// for: pywrangler compiles them for cpython-<PythonFull>-emscripten-
	// wasm32-musl (workers-py packages/cli/src/pywrangler/utils.py
	// get_uv_pyodide_interp_name, commit b00837d41fd4).
	PythonFull string
}

// Runtimes lists the runtime lines, oldest first. Pyodide is the release
// workerd loads for the line (build/python_metadata.bzl PYODIDE_VERSIONS /
// BUNDLE_VERSION_INFO, workerd commit 6552d999c79e: 0.26.0a2, 0.28.2, and
// 314.0.4 behind python_workers_20260610; 314.0.5 is not released there).
var runtimes = [...]Runtime{
	{Pyodide026, "0.26.0a2", "3.12", "0.27.7", "3.12.7"},
	{Pyodide028, "0.28.2", "3.13", "0.28.3", "3.13.2"},
	{Pyodide314, "314.0.4", "3.14", "314.0.7", "3.14.2"},
}

// RuntimeOf returns the runtime of a generation.
func RuntimeOf(g Generation) Runtime { return runtimes[g] }

// Latest is the newest runtime line: the default when nothing is known.
func Latest() Runtime { return runtimes[len(runtimes)-1] }

// ParseRuntime reads a runtime override such as "0.26", "0.28", "314",
// "3.12", "3.13" or "3.14".
func ParseRuntime(s string) (Runtime, error) {
	switch strings.TrimSpace(s) {
	case "0.26", "0.26.0a2", "3.12":
		return runtimes[Pyodide026], nil
	case "0.28", "0.28.2", "3.13":
		return runtimes[Pyodide028], nil
	case "314", "314.0", "314.0.0", "314.0.4", "3.14":
		return runtimes[Pyodide314], nil
	}
	return Runtime{}, fmt.Errorf("unknown runtime %q (want 0.26, 0.28 or 314)", s)
}

func (r Runtime) String() string {
	return fmt.Sprintf("Pyodide %s (Python %s)", r.Pyodide, r.Python)
}

// AtLeast reports whether r is generation g or newer.
func (r Runtime) AtLeast(g Generation) bool { return r.Generation >= g }

// Python-relevant compatibility flags (DESIGN.md §4).
const (
	FlagPythonWorkers         = "python_workers"
	FlagPythonWorkers20250116 = "python_workers_20250116"
	FlagPythonWorkers20260610 = "python_workers_20260610"
	FlagNoGlobalHandlers      = "python_no_global_handlers"
	FlagWorkflows             = "python_workflows"
	FlagDedicatedSnapshot     = "python_dedicated_snapshot"
	FlagCheckRNGState         = "python_check_rng_state"
	FlagWorkflowsImplicitDeps = "python_workflows_implicit_dependencies"
	FlagExternalSDK           = "enable_python_external_sdk"
	FlagForceNewVendorPath    = "python_workers_force_new_vendor_path"
	// FlagRequestHeadersPreserveCommas keeps commas in header values.
	FlagRequestHeadersPreserveCommas = "python_request_headers_preserve_commas"
	// FlagProcessPthFiles runs .pth files of vendored packages.
	FlagProcessPthFiles = "python_process_pth_files"
)

// Location is a place in a file, as byte offsets.
type Location struct {
	File  string // absolute path
	Start int
	End   int
}

// Binding is one entry of the wrangler config's bindings.
type Binding struct {
	Name string // the env attribute: env.NAME
	// Kind is the wrangler config key: "kv_namespaces", "d1_databases",
	// "r2_buckets", "queues.producers", "durable_objects.bindings", "ai",
	// "vars", …
	Kind   string
	Remote *bool // the `remote` key, nil when absent
	// ClassName is the Durable Object or Workflow class, if any.
	ClassName string
	Decl      Location // the binding's name in the config
	// RemoteDecl is the `remote` key's value when present.
	RemoteDecl Location
}

// Package is a dependency of the Worker.
type Package struct {
	Name    string // normalised distribution name ("pyyaml")
	Version string // exact version from a lock file, or "" if unknown
	Decl    Location
	// Native is true when a lock file shows only platform wheels.
	Native bool
}

// Profile is everything the rules need to know about a Worker's runtime.
// A Profile is immutable once built.
type Profile struct {
	Runtime          Runtime
	CompatDate       string          // "2025-11-02", or "" when unknown
	Flags            map[string]bool // effective Python-relevant flags (explicit and by date)
	ExternalSDK      bool            // `workers` comes from workers-runtime-sdk
	SDKVersion       string          // workers-runtime-sdk version, "" if unknown
	SDKWrapsBindings bool            // env bindings convert arguments/results (SDK ≥ 1.3)
	Bindings         map[string]Binding
	Packages         map[string]Package
	// DevPackages are the normalised names of development dependencies
	// ([dependency-groups]): tools like pywrangler (workers-py), not
	// deployed, but pywrangler vendors workers-runtime-sdk itself.
	DevPackages map[string]bool
	// SDKSupplier says what vendors workers-runtime-sdk when the project
	// does not list it (pywrangler adds it), "" when nothing does.
	SDKSupplier string
	// DatePlaceholder is the compatibility_date as written when it is a
	// template placeholder ("<COMPATIBILITY_DATE>", "%COMPAT_DATE%"):
	// the date is unknown and the newest runtime is assumed.
	DatePlaceholder string
	ConfigFile      string // the wrangler config, "" when none was found
	Main            string // absolute path of `main`, "" if unknown
	// Default is true when no usable config was found and the profile is
	// the stated default (the newest runtime).
	Default bool
	// Sources explains where each resolved value came from, for
	// `check --explain-profile` and hovers: key → "wrangler.toml:3".
	// Keys: runtime, compatibility_date, compatibility_flags, main, sdk,
	// env (the wrangler environment used), flag:NAME (why a Python flag
	// is on or off), binding:NAME and package:NAME.
	Sources map[string]string

	// derived memoises what Key and BindingNames compute from the fields
	// above, once: every analysis of every open file asks for them (500
	// at once after a config edit), and a Worker may declare tens of
	// thousands of bindings.
	deriveOnce sync.Once
	derived    derived
}

type derived struct {
	key   uint64
	names []string
}

func (p *Profile) derive() *derived {
	p.deriveOnce.Do(func() {
		p.derived = derived{key: p.computeKey(), names: slices.Sorted(maps.Keys(p.Bindings))}
	})
	return &p.derived
}

// BindingNames returns the declared binding names, sorted. The slice is
// shared: callers must not modify it.
func (p *Profile) BindingNames() []string { return p.derive().names }

// Has reports whether flag is in effect.
func (p *Profile) Has(flag string) bool { return p.Flags[flag] }

// HasConfig reports whether a wrangler config was found and read.
func (p *Profile) HasConfig() bool { return p.ConfigFile != "" && !p.Default }

// Key identifies the profile's content, for caches. Keys are comparable
// within one process only.
func (p *Profile) Key() uint64 { return p.derive().key }

func (p *Profile) computeKey() uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	fmt.Fprintf(&h, "%d|%s|%v|%s|%v|%s|%s|%v|%s|%s|", p.Runtime.Generation, p.CompatDate, p.ExternalSDK, p.SDKVersion, p.SDKWrapsBindings, p.ConfigFile, p.Main, p.Default, p.SDKSupplier, p.DatePlaceholder)
	for _, f := range slices.Sorted(maps.Keys(p.Flags)) {
		if p.Flags[f] {
			fmt.Fprintf(&h, "f:%s|", f)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(p.Bindings)) {
		b := p.Bindings[name]
		fmt.Fprintf(&h, "b:%s:%s:%s:%v|", name, b.Kind, b.ClassName, b.Remote != nil && *b.Remote)
	}
	for _, name := range slices.Sorted(maps.Keys(p.Packages)) {
		fmt.Fprintf(&h, "p:%s:%s:%v|", name, p.Packages[name].Version, p.Packages[name].Native)
	}
	for _, name := range slices.Sorted(maps.Keys(p.DevPackages)) {
		fmt.Fprintf(&h, "d:%s|", name)
	}
	return h.Sum64()
}

// keySeed is fixed for the process so equal profiles get equal keys.
var keySeed = maphash.MakeSeed()

// Default returns the profile used when no configuration is known: the
// newest runtime with the flags its date implies and the vendored SDK.
func Default() *Profile {
	rt := Latest()
	flags := map[string]bool{FlagPythonWorkers: true, FlagPythonWorkers20260610: true}
	sources := map[string]string{"runtime": "default (no wrangler config found)"}
	for _, f := range flagTable {
		if f.Date != "" || flags[f.Name] {
			flags[f.Name] = true
			sources["flag:"+f.Name] = "assumed on (default profile)"
		} else {
			sources["flag:"+f.Name] = "off: not listed"
		}
	}
	return &Profile{
		Runtime:          rt,
		Flags:            flags,
		ExternalSDK:      true,
		SDKWrapsBindings: true,
		Bindings:         map[string]Binding{},
		Packages:         map[string]Package{},
		DevPackages:      map[string]bool{},
		Default:          true,
		Sources:          sources,
	}
}
