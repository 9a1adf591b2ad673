package profile

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FlagInfo describes a Python-relevant compatibility flag.
type FlagInfo struct {
	Name string
	// Opposite turns the flag off after its default date ("" if none).
	Opposite string
	// Date is when the flag becomes the default ("" if it never does).
	Date string
	// Runtime is the oldest runtime the date default applies to.
	Runtime Generation
	// Meaning is a one-line description for hovers and completion.
	Meaning string
}

// flagTable lists the Python-relevant flags (DESIGN.md §4). Names,
// opposites and dates follow workerd's src/workerd/io/compatibility-date.capnp
// (a Python flag's date applies through `impliedByAfterDate(pythonWorkers)`);
// enable_python_external_sdk's date and python_process_pth_files postdate
// the stored capnp snapshot and come from DESIGN.md and workerd's Python
// metadata types.
var flagTable = []FlagInfo{
	{Name: FlagPythonWorkers, Meaning: "enables Python Workers (required when `main` is a .py file)"},
	{Name: FlagPythonWorkers20250116, Opposite: "no_python_workers_20250116", Date: "2025-09-29", Meaning: "Pyodide 0.28.2 / Python 3.13; JS null arrives as pyodide.ffi.jsnull"},
	{Name: FlagPythonWorkers20260610, Meaning: "Pyodide 314 / Python 3.14: JsBigInt, stdlib socket/ssl client sockets"},
	{Name: FlagForceNewVendorPath, Date: "2025-08-11", Meaning: "vendored packages must live in python_modules/"},
	{Name: FlagNoGlobalHandlers, Opposite: "disable_python_no_global_handlers", Date: "2025-08-14", Meaning: "module-level on_fetch/@handler handlers are ignored; use class Default(WorkerEntrypoint)"},
	{Name: FlagWorkflows, Opposite: "disable_python_workflows", Date: "2025-09-20", Meaning: "Python Workflows (WorkflowEntrypoint)"},
	{Name: FlagDedicatedSnapshot, Opposite: "disable_python_dedicated_snapshot", Date: "2025-10-16", Runtime: Pyodide028, Meaning: "a memory snapshot dedicated to this Worker's imports"},
	{Name: FlagCheckRNGState, Opposite: "disable_python_check_rng_state", Date: "2025-12-16", Meaning: "entropy used at import time fails the deploy"},
	{Name: FlagRequestHeadersPreserveCommas, Opposite: "disable_python_request_headers_preserve_commas", Date: "2026-02-17", Meaning: "commas inside Request header values are kept; Set-Cookie headers stay separate values"},
	{Name: FlagWorkflowsImplicitDeps, Opposite: "no_python_workflows_implicit_dependencies", Date: "2026-02-25", Meaning: "step.do(name=None, *, concurrent=False, config=None); parameters name earlier steps; depends= raises TypeError"},
	{Name: FlagExternalSDK, Opposite: "disable_python_external_sdk", Date: "2026-04-21", Meaning: "the workers module comes from the vendored workers-runtime-sdk package"},
	{Name: FlagProcessPthFiles, Opposite: "disable_python_process_pth_files", Date: "2026-05-26", Meaning: ".pth files of vendored packages are processed at startup"},
}

// Flags returns the table of Python-relevant compatibility flags.
func Flags() []FlagInfo { return append([]FlagInfo(nil), flagTable...) }

// LookupFlag finds a flag or its opposite by name.
func LookupFlag(name string) (FlagInfo, bool) {
	for _, f := range flagTable {
		if f.Name == name || (f.Opposite != "" && f.Opposite == name) {
			return f, true
		}
	}
	return FlagInfo{}, false
}

// Input is what the configuration files say about a Worker.
type Input struct {
	CompatDate string   // as written; validated here
	Flags      []string // compatibility_flags as written
	// SDKVersion is the workers-runtime-sdk version from a lock file or
	// pin, "" if unknown.
	SDKVersion string
	// RuntimeOverride comes from [tool.pyworkers-lsp] runtime or the LSP
	// setting ("0.28", …); "" for none.
	RuntimeOverride string
	Bindings        map[string]Binding
	Packages        map[string]Package
	DevPackages     []string // development dependencies, PEP 503-normalised
	ConfigFile      string
	Main            string
	// Sources says where each input came from ("compatibility_date" →
	// "wrangler.toml:3").
	Sources map[string]string
}

// Resolve computes the profile a Worker runs on. Problems in the input
// (a malformed date, an unknown override) fall back to defaults and are
// returned as warnings; the profile is always usable.
func Resolve(in Input) (*Profile, []string) {
	var warnings []string
	p := &Profile{
		Flags:      map[string]bool{},
		Bindings:   in.Bindings,
		Packages:   in.Packages,
		ConfigFile: in.ConfigFile,
		Main:       in.Main,
		SDKVersion: in.SDKVersion,
		Sources:    map[string]string{},
	}
	for k, v := range in.Sources {
		p.Sources[k] = v
	}
	if p.Bindings == nil {
		p.Bindings = map[string]Binding{}
	}
	if p.Packages == nil {
		p.Packages = map[string]Package{}
	}
	p.DevPackages = map[string]bool{}
	for _, name := range in.DevPackages {
		p.DevPackages[name] = true
	}
	date := in.CompatDate
	if date != "" {
		if _, err := time.Parse("2006-01-02", date); err != nil {
			warnings = append(warnings, fmt.Sprintf("compatibility_date %q is not a YYYY-MM-DD date; assuming the newest runtime", date))
			date = ""
		}
	}
	p.CompatDate = date
	explicit := map[string]bool{}
	for _, f := range in.Flags {
		explicit[f] = true
	}

	// The runtime line. python_workers_20250116 is implied by the date
	// unless its opposite is listed.
	on028 := explicit[FlagPythonWorkers20250116] || (date >= "2025-09-29" && !explicit["no_python_workers_20250116"])
	switch {
	case explicit[FlagPythonWorkers20260610]:
		p.Runtime = runtimes[Pyodide314]
		p.Sources["runtime"] = sourceOr(in.Sources, "compatibility_flags", "compatibility_flags") + ": " + FlagPythonWorkers20260610
	case date == "":
		p.Runtime = Latest()
		p.Sources["runtime"] = "default (no valid compatibility_date)"
	case explicit[FlagPythonWorkers20250116]:
		p.Runtime = runtimes[Pyodide028]
		p.Sources["runtime"] = sourceOr(in.Sources, "compatibility_flags", "compatibility_flags") + ": " + FlagPythonWorkers20250116
	case on028:
		p.Runtime = runtimes[Pyodide028]
		p.Sources["runtime"] = sourceOr(in.Sources, "compatibility_date", "compatibility_date") + " (≥ 2025-09-29)"
	case explicit["no_python_workers_20250116"]:
		p.Runtime = runtimes[Pyodide026]
		p.Sources["runtime"] = sourceOr(in.Sources, "compatibility_flags", "compatibility_flags") + ": no_python_workers_20250116"
	default:
		p.Runtime = runtimes[Pyodide026]
		p.Sources["runtime"] = sourceOr(in.Sources, "compatibility_date", "compatibility_date") + " (< 2025-09-29)"
	}

	// Flags: explicit, or implied by the date unless turned off. Each
	// Python flag's reason goes to Sources["flag:NAME"].
	listed := sourceOr(in.Sources, "compatibility_flags", "compatibility_flags")
	for _, f := range flagTable {
		byDate := f.Date != "" && (date == "" || date >= f.Date) && p.Runtime.Generation >= f.Runtime
		off := f.Opposite != "" && explicit[f.Opposite]
		key := "flag:" + f.Name
		switch {
		case explicit[f.Name]:
			p.Flags[f.Name] = true
			p.Sources[key] = "listed in " + listed
		case byDate && off:
			p.Sources[key] = "turned off by " + f.Opposite + " (" + listed + ")"
		case byDate && date == "":
			p.Flags[f.Name] = true
			p.Sources[key] = "assumed on (no compatibility date)"
		case byDate:
			p.Flags[f.Name] = true
			p.Sources[key] = "default since " + f.Date
		case f.Date != "" && date < f.Date:
			p.Sources[key] = "off: default from " + f.Date
		case f.Date != "":
			p.Sources[key] = "off: needs Pyodide " + runtimes[f.Runtime].Pyodide + " or newer"
		default:
			p.Sources[key] = "off: not listed"
		}
	}
	if in.RuntimeOverride != "" {
		rt, err := ParseRuntime(in.RuntimeOverride)
		if err != nil {
			warnings = append(warnings, err.Error())
		} else {
			p.Runtime = rt
			p.Sources["runtime"] = "runtime override " + strconv.Quote(in.RuntimeOverride)
		}
	}

	p.ExternalSDK = p.Flags[FlagExternalSDK]
	p.SDKWrapsBindings = p.ExternalSDK && (in.SDKVersion == "" || versionAtLeast(in.SDKVersion, "1.3"))
	return p, warnings
}

func sourceOr(sources map[string]string, key, fallback string) string {
	if s, ok := sources[key]; ok {
		return s
	}
	return fallback
}

// VersionAtLeast compares dotted numeric versions ("1.4.2" ≥ "1.3").
// Non-numeric parts compare as 0.
func VersionAtLeast(v, min string) bool { return versionAtLeast(v, min) }

func versionAtLeast(v, min string) bool {
	a, b := strings.Split(v, "."), strings.Split(min, ".")
	for i := 0; i < len(a) || i < len(b); i++ {
		x, y := part(a, i), part(b, i)
		if x != y {
			return x > y
		}
	}
	return true
}

func part(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	digits := parts[i]
	end := 0
	for end < len(digits) && digits[end] >= '0' && digits[end] <= '9' {
		end++
	}
	n, _ := strconv.Atoi(digits[:end])
	return n
}
