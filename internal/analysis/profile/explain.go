package profile

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// runtimeNotes says in one line what matters about each runtime line.
var runtimeNotes = [...]string{
	Pyodide026: "JS null arrives as None; no jsnull, run_sync, eager_converter or JsWeakRef; sync HTTP clients (requests, httpx.Client) do not work",
	Pyodide028: "JS null arrives as pyodide.ffi.jsnull (not None); jsnull, run_sync, JsWeakRef available",
	Pyodide314: "JS null arrives as jsnull; JsBigInt; stdlib socket/ssl client sockets work",
}

// Explain renders the resolved profile and where each value came from,
// for `pyworkers-lsp check --explain-profile`, with absolute paths.
func Explain(p *Profile) string { return ExplainPaths(p, nil) }

// ExplainPaths is Explain with file paths shown by show (nil: as
// resolved, absolute).
func ExplainPaths(p *Profile, show func(path string) string) string {
	if show == nil {
		show = func(path string) string { return path }
	}
	var b strings.Builder
	row := func(label, value, source string) {
		fmt.Fprintf(&b, "%-19s %s%s\n", label+":", value, paren(source))
	}
	cfg := show(p.ConfigFile)
	if p.ConfigFile == "" || p.Default {
		cfg = "none found: default profile"
	}
	if env := p.Sources["env"]; env != "" {
		cfg += " [env " + env + "]"
	}
	row("Config", cfg, "")
	row("Runtime", p.Runtime.String(), p.Sources["runtime"])
	fmt.Fprintf(&b, "%-19s %s\n", "", runtimeNotes[p.Runtime.Generation])
	row("Package index", "Pyodide "+p.Runtime.PackageIndex, "")
	date := p.CompatDate
	if date == "" {
		date = "(none)"
	}

	row("Compatibility date", date, p.Sources["compatibility_date"])
	if p.Main != "" {
		row("Main", show(p.Main), p.Sources["main"])
	}
	sdk := "built-in `workers` module of the runtime"
	if p.ExternalSDK {
		sdk = "vendored workers-runtime-sdk"
		if p.SDKVersion != "" {
			sdk += " " + p.SDKVersion
		} else {
			sdk += " (version unknown)"
		}
	}
	sdkSource := p.Sources["sdk"]
	if !p.ExternalSDK {
		sdkSource = ""
	}
	row("SDK", sdk, sdkSource)
	if p.ExternalSDK && p.SDKSupplier != "" && !strings.Contains(sdkSource, p.SDKSupplier) {
		fmt.Fprintf(&b, "%-19s %s\n", "", p.SDKSupplier)
	}
	wraps := "no: bindings are raw JS objects (convert with .to_py(), pass JS null explicitly)"
	if p.SDKWrapsBindings {
		wraps = "yes: binding arguments and results are converted by the SDK"
	}
	row("Bindings wrapped", wraps, "")

	b.WriteString("Flags:\n")
	for _, f := range flagTable {
		state := "off"
		if p.Flags[f.Name] {
			state = "on "
		}
		fmt.Fprintf(&b, "  %s %-40s %s\n", state, f.Name, p.Sources["flag:"+f.Name])
	}

	if len(p.Bindings) > 0 {
		b.WriteString("Bindings:\n")
		for _, name := range slices.Sorted(maps.Keys(p.Bindings)) {
			bd := p.Bindings[name]
			extra := ""
			if bd.ClassName != "" {
				extra = " class " + bd.ClassName
			}
			if bd.Remote != nil {
				extra += fmt.Sprintf(" remote=%v", *bd.Remote)
			}
			fmt.Fprintf(&b, "  %-24s %s%s%s\n", name, bd.Kind, extra, paren(p.Sources["binding:"+name]))
		}
	}
	if len(p.Packages) > 0 {
		b.WriteString("Packages (deployed: runtime dependencies resolved for Pyodide):\n")
		for _, name := range slices.Sorted(maps.Keys(p.Packages)) {
			pk := p.Packages[name]
			version := pk.Version
			if version == "" {
				version = "(unpinned)"
			}
			native := ""
			if pk.Native {
				native = " native"
			}
			fmt.Fprintf(&b, "  %-24s %s%s%s\n", name, version, native, paren(p.Sources["package:"+name]))
		}
	}
	return b.String()
}

// DescribeDate explains what a compatibility date means for a Python
// Worker (markdown, for hovers on compatibility_date): the runtime it
// selects, the Python flags it turns on and the ones still to come.
func DescribeDate(date string) string {
	p, warnings := Resolve(Input{CompatDate: date, Flags: []string{FlagPythonWorkers}})
	if len(warnings) > 0 {
		return "**compatibility_date " + date + "**: not a YYYY-MM-DD date; wrangler rejects it."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**compatibility_date %s** → %s (package index Pyodide %s): %s.\n\n", date, p.Runtime, p.Runtime.PackageIndex, runtimeNotes[p.Runtime.Generation])
	var on, later []string
	for _, f := range flagTable {
		if f.Date == "" {
			continue
		}
		if p.Flags[f.Name] {
			on = append(on, fmt.Sprintf("- `%s` (since %s): %s", f.Name, f.Date, f.Meaning))
		} else if date < f.Date {
			later = append(later, fmt.Sprintf("- `%s` from %s: %s", f.Name, f.Date, f.Meaning))
		}
	}
	if len(on) > 0 {
		b.WriteString("On by this date:\n" + strings.Join(on, "\n") + "\n\n")
	}
	if len(later) > 0 {
		b.WriteString("Not yet on (list the flag to opt in):\n" + strings.Join(later, "\n") + "\n\n")
	}
	if p.Runtime.Generation < Pyodide314 {
		fmt.Fprintf(&b, "Python 3.14 (Pyodide 314) needs the `%s` flag.\n", FlagPythonWorkers20260610)
	}
	return strings.TrimRight(b.String(), "\n")
}

// DescribeFlag explains a compatibility flag (markdown, for hovers and
// completion in the wrangler config).
func DescribeFlag(name string) string {
	if f, ok := LookupFlag(name); ok {
		if name == f.Opposite {
			return fmt.Sprintf("**%s** turns off `%s` (default since %s): %s.", name, f.Name, f.Date, f.Meaning)
		}
		s := fmt.Sprintf("**%s**: %s.", name, f.Meaning)
		if f.Date != "" {
			s += fmt.Sprintf("\n\nOn by default from compatibility_date %s", f.Date)
			if f.Runtime > Pyodide026 {
				s += " on " + runtimes[f.Runtime].String() + " and newer"
			}
			s += "."
			if f.Opposite != "" {
				s += fmt.Sprintf(" Turn it off with `%s`.", f.Opposite)
			}
		}
		return s
	}
	if IsKnownFlag(name) {
		return fmt.Sprintf("**%s**: a workerd compatibility flag; it does not change Python-specific behaviour.", name)
	}
	s := fmt.Sprintf("**%s**: not a known compatibility flag.", name)
	if sug, ok := SuggestFlag(name); ok {
		s += fmt.Sprintf(" Did you mean `%s`?", sug)
	}
	return s
}

// paren formats an optional source note.
func paren(s string) string {
	if s == "" {
		return ""
	}
	return "  (" + s + ")"
}
