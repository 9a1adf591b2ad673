package profile

import (
	"sort"
	"strings"
	"testing"
)

func TestResolveRuntimeAndFlags(t *testing.T) {
	for _, tc := range []struct {
		name      string
		date      string
		flags     []string
		sdk       string
		override  string
		pyodide   string
		wantFlags []string // flags that must be on
		offFlags  []string // flags that must be off
		wraps     bool
		warnings  int
	}{
		{name: "0.26 before 2025-08-11", date: "2025-01-01", flags: []string{"python_workers"}, pyodide: "0.26.0a2",
			wantFlags: []string{FlagPythonWorkers}, offFlags: []string{FlagForceNewVendorPath, FlagNoGlobalHandlers, FlagExternalSDK}},
		{name: "vendor path date", date: "2025-08-11", pyodide: "0.26.0a2", wantFlags: []string{FlagForceNewVendorPath}, offFlags: []string{FlagNoGlobalHandlers}},
		{name: "global handlers off by date", date: "2025-08-14", pyodide: "0.26.0a2", wantFlags: []string{FlagNoGlobalHandlers}},
		{name: "global handlers kept by opposite flag", date: "2025-10-01", flags: []string{"disable_python_no_global_handlers"}, pyodide: "0.28.2", offFlags: []string{FlagNoGlobalHandlers}},
		{name: "workflows by date", date: "2025-09-20", pyodide: "0.26.0a2", wantFlags: []string{FlagWorkflows}},
		{name: "0.28 flag before its date", date: "2025-03-01", flags: []string{FlagPythonWorkers20250116}, pyodide: "0.28.2"},
		{name: "0.28 turned off after its date", date: "2025-11-01", flags: []string{"no_python_workers_20250116"}, pyodide: "0.26.0a2", offFlags: []string{FlagDedicatedSnapshot, FlagPythonWorkers20250116}, wantFlags: []string{FlagWorkflows}},
		{name: "vendor path has no opposite", date: "2025-09-01", flags: []string{"python_workers_old_vendor_path"}, pyodide: "0.26.0a2", wantFlags: []string{FlagForceNewVendorPath}},
		{name: "header commas by date", date: "2026-02-17", pyodide: "0.28.2", wantFlags: []string{FlagRequestHeadersPreserveCommas}, offFlags: []string{FlagWorkflowsImplicitDeps}},
		{name: "0.28 by date", date: "2025-09-29", pyodide: "0.28.2", offFlags: []string{FlagDedicatedSnapshot}},
		{name: "dedicated snapshot needs 0.28", date: "2025-10-16", pyodide: "0.28.2", wantFlags: []string{FlagDedicatedSnapshot}},
		{name: "rng state", date: "2025-12-16", pyodide: "0.28.2", wantFlags: []string{FlagCheckRNGState}, offFlags: []string{FlagWorkflowsImplicitDeps}},
		{name: "implicit deps", date: "2026-02-25", pyodide: "0.28.2", wantFlags: []string{FlagWorkflowsImplicitDeps}, offFlags: []string{FlagExternalSDK}},
		{name: "implicit deps disabled", date: "2026-03-01", flags: []string{"no_python_workflows_implicit_dependencies"}, pyodide: "0.28.2", offFlags: []string{FlagWorkflowsImplicitDeps}},
		{name: "external sdk by date, version unknown", date: "2026-04-21", pyodide: "0.28.2", wantFlags: []string{FlagExternalSDK}, wraps: true},
		{name: "external sdk, old sdk version", date: "2026-05-01", sdk: "1.2.0", pyodide: "0.28.2", wantFlags: []string{FlagExternalSDK}, wraps: false},
		{name: "external sdk 1.4", date: "2026-07-01", sdk: "1.4.1", pyodide: "0.28.2", wraps: true},
		{name: "external sdk explicit before date", date: "2026-01-01", flags: []string{FlagExternalSDK}, sdk: "1.3", pyodide: "0.28.2", wraps: true},
		{name: "external sdk disabled", date: "2026-06-01", flags: []string{"disable_python_external_sdk"}, pyodide: "0.28.2", offFlags: []string{FlagExternalSDK}},
		{name: "314 flag", date: "2026-06-10", flags: []string{FlagPythonWorkers20260610}, pyodide: "314.0.4", wraps: true},
		{name: "malformed date", date: "2025-13-45", pyodide: "314.0.4", warnings: 1, wraps: true},
		{name: "override", date: "2026-06-01", override: "0.26", pyodide: "0.26.0a2", wraps: true},
		{name: "bad override", date: "2026-06-01", override: "9.9", pyodide: "0.28.2", warnings: 1, wraps: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, warnings := Resolve(Input{CompatDate: tc.date, Flags: tc.flags, SDKVersion: tc.sdk, RuntimeOverride: tc.override})
			if p.Runtime.Pyodide != tc.pyodide {
				t.Errorf("runtime = %s, want Pyodide %s", p.Runtime, tc.pyodide)
			}
			for _, f := range tc.wantFlags {
				if !p.Has(f) {
					t.Errorf("flag %s off, want on (flags %v)", f, flagList(p))
				}
			}
			for _, f := range tc.offFlags {
				if p.Has(f) {
					t.Errorf("flag %s on, want off", f)
				}
			}
			if p.SDKWrapsBindings != tc.wraps {
				t.Errorf("SDKWrapsBindings = %v, want %v", p.SDKWrapsBindings, tc.wraps)
			}
			if len(warnings) != tc.warnings {
				t.Errorf("warnings = %q, want %d", warnings, tc.warnings)
			}
		})
	}
}

func flagList(p *Profile) string {
	var fs []string
	for f := range p.Flags {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return strings.Join(fs, ",")
}

func TestKeyDistinguishesProfiles(t *testing.T) {
	a, _ := Resolve(Input{CompatDate: "2025-01-01"})
	b, _ := Resolve(Input{CompatDate: "2026-01-01"})
	a2, _ := Resolve(Input{CompatDate: "2025-01-01"})
	if a.Key() == b.Key() || a.Key() != a2.Key() {
		t.Fatalf("keys: a=%x b=%x a2=%x", a.Key(), b.Key(), a2.Key())
	}
}
