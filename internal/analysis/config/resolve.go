package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// SDKPackage is the distribution that provides the `workers` module when
// enable_python_external_sdk is on.
const SDKPackage = "workers-runtime-sdk"

// ProfileOptions choose among a workspace's settings.
type ProfileOptions struct {
	// Env selects [env.NAME] of the wrangler config; "" uses
	// [tool.pyworkers-lsp] env, then the top level.
	Env string
	// RuntimeOverride ("0.26", "0.28", "314") wins over
	// [tool.pyworkers-lsp] runtime and the config.
	RuntimeOverride string
}

// Note is a message about how a profile was resolved (a default that was
// assumed, a file that could not be read). Notes are not diagnostics:
// CheckConfig reports the config's problems. Path and Span locate the
// cause when there is one; Path is "" otherwise.
type Note struct {
	Path     string
	Span     Span
	Severity diag.Severity
	Message  string
}

// ResolveProfile computes the runtime profile of a workspace. It always
// returns a usable profile: with no wrangler config, or one with a syntax
// error, the default profile (newest runtime) and a note saying so.
func ResolveProfile(ws *Workspace, opts ProfileOptions) (*profile.Profile, []Note) {
	if ws == nil || ws.Wrangler == nil {
		dir := ""
		if ws != nil {
			dir = " at or above " + filepath.Base(ws.Dir) + "/"
		}
		p := withPackages(withOverride(profile.Default(), ws, opts), ws)
		return p, []Note{{Severity: diag.Information, Message: "no wrangler.toml, wrangler.jsonc or wrangler.json found" + dir + "; " + defaultAssumed(p)}}
	}
	f := ws.Wrangler
	if f.Err != nil {
		p := withPackages(withOverride(profile.Default(), ws, opts), ws)
		p.ConfigFile = f.Path
		p.Sources["runtime"] = "default (" + filepath.Base(f.Path) + " has a syntax error)"
		return p, []Note{{Path: f.Path, Span: f.Err.Span, Severity: diag.Information,
			Message: fmt.Sprintf("%s cannot be read (%s at %s); %s", filepath.Base(f.Path), f.Err.Message, position(f.Path, f.lines.of(f.Text), f.Err.Span.Start), defaultAssumed(p))}}
	}
	env := opts.Env
	if env == "" && ws.Pyproject != nil && ws.Pyproject.Settings != nil && ws.Pyproject.Settings.Env != nil {
		env = ws.Pyproject.Settings.Env.Value
	}
	w := ReadWorker(f, env)
	var notes []Note
	for _, pr := range w.Problems {
		notes = append(notes, Note{Path: f.Path, Span: pr.Span, Severity: diag.Information, Message: pr.Message})
	}

	in := profile.Input{
		ConfigFile: f.Path,
		Bindings:   map[string]profile.Binding{},
		Sources:    map[string]string{},
	}
	if w.Env != "" {
		in.Sources["env"] = w.Env
	}
	placeholder := ""
	switch {
	case w.CompatDate != nil && IsPlaceholder(w.CompatDate.Value):
		placeholder = w.CompatDate.Value
		in.CompatDate = Today()
		in.Sources["compatibility_date"] = fmt.Sprintf("placeholder %s at %s; assuming %s, as create-cloudflare fills in the current date", placeholder, position(f.Path, f.lines.of(f.Text), w.CompatDate.Span.Start), in.CompatDate)
	case w.CompatDate != nil:
		in.CompatDate = w.CompatDate.Value
		in.Sources["compatibility_date"] = position(f.Path, f.lines.of(f.Text), w.CompatDate.Span.Start)
	default:
		in.Sources["compatibility_date"] = "not set in " + filepath.Base(f.Path)
	}
	if w.FlagsField != nil {
		in.Sources["compatibility_flags"] = position(f.Path, f.lines.of(f.Text), w.FlagsField.Span.Start)
	}
	for _, fl := range w.CompatFlags {
		if !IsPlaceholder(fl.Value) {
			in.Flags = append(in.Flags, fl.Value)
		}
	}
	if w.Main != nil && !IsPlaceholder(w.Main.Value) {
		in.Main = filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(w.Main.Value))
		in.Sources["main"] = position(f.Path, f.lines.of(f.Text), w.Main.Span.Start)
	}
	for _, b := range w.Bindings {
		in.Bindings[b.Name] = profile.Binding{
			Name: b.Name, Kind: b.Kind, Remote: b.Remote, ClassName: b.ClassName,
			Decl:       profile.Location{File: f.Path, Start: b.NameSpan.Start, End: b.NameSpan.End},
			RemoteDecl: profile.Location{File: f.Path, Start: b.RemoteSpan.Start, End: b.RemoteSpan.End},
		}
		in.Sources["binding:"+b.Name] = position(f.Path, f.lines.of(f.Text), b.NameSpan.Start)
	}
	in.DevPackages = devPackagesOf(ws)
	in.RuntimeOverride = opts.RuntimeOverride
	if in.RuntimeOverride == "" && ws.Pyproject != nil && ws.Pyproject.Settings != nil && ws.Pyproject.Settings.Runtime != nil {
		in.RuntimeOverride = ws.Pyproject.Settings.Runtime.Value
	}
	p, warnings := profile.Resolve(in)
	for _, msg := range warnings {
		notes = append(notes, Note{Path: f.Path, Severity: diag.Information, Message: msg})
	}
	if placeholder != "" {
		p.DatePlaceholder = placeholder
		notes = append(notes, Note{Path: f.Path, Span: w.CompatDate.Span, Severity: diag.Information, Message: PlaceholderMessage(placeholder, p)})
	}
	withPackages(p, ws)
	return p, notes
}

// placeholderPattern matches the template placeholders config files
// carry before a tool fills them in: `<COMPATIBILITY_DATE>` and `<TBD>`
// (Cloudflare's templates, filled by create-cloudflare), `%COMPAT_DATE%`
// and `%COMPAT_DATE` (workers-py's test harness replaces "%COMPAT_DATE":
// packages/runtime-sdk/tests/conftest.py, commit b00837d41fd4), `${VAR}`
// and `{{ var }}` (shell and template engines).
var placeholderPattern = regexp.MustCompile(`^\s*(<[^<>]+>|%[A-Za-z_][A-Za-z0-9_]*%?|\$\{[^{}]+\}|\$[A-Z_][A-Z0-9_]*|\{\{[^{}]+\}\})\s*$`)

// IsPlaceholder reports whether a config value is a template placeholder
// rather than a value.
func IsPlaceholder(s string) bool { return placeholderPattern.MatchString(s) }

// Today is the date a placeholder compatibility_date stands for: the
// current date, as create-cloudflare fills it in (the newest workerd
// release date, or today's when that is later). A variable so tests can
// fix it.
var Today = func() string { return time.Now().UTC().Format("2006-01-02") }

// PlaceholderMessage is the note on a placeholder compatibility_date:
// which profile is assumed.
func PlaceholderMessage(placeholder string, p *profile.Profile) string {
	return fmt.Sprintf("compatibility_date %q is a template placeholder, filled in when the project is created; assuming a current date (%s): %s with every dated Python flag on", placeholder, p.CompatDate, p.Runtime)
}

func defaultAssumed(p *profile.Profile) string {
	return fmt.Sprintf("assuming the default profile: %s with every dated Python flag on and the vendored workers-runtime-sdk", p.Runtime)
}

// withOverride applies a runtime override (editor or command line, else
// [tool.pyworkers-lsp] runtime) to a default profile; an invalid value is
// reported by PW505 and ignored here.
func withOverride(p *profile.Profile, ws *Workspace, opts ProfileOptions) *profile.Profile {
	override := opts.RuntimeOverride
	if override == "" && ws != nil && ws.Pyproject != nil && ws.Pyproject.Settings != nil && ws.Pyproject.Settings.Runtime != nil {
		override = ws.Pyproject.Settings.Runtime.Value
	}
	if rt, err := profile.ParseRuntime(override); override != "" && err == nil {
		p.Runtime = rt
		p.Sources["runtime"] = "runtime override " + strconv.Quote(override) + " (no usable wrangler config)"
	}
	return p
}

// withPackages adds the packages a deploy installs to a profile: the
// dependencies resolved for its runtime's interpreter (ResolveDeployed),
// the workers-runtime-sdk version among them, and what supplies the SDK.
func withPackages(p *profile.Profile, ws *Workspace) *profile.Profile {
	if ws == nil {
		return p
	}
	d := ResolveDeployed(ws, p.Runtime.PythonFull)
	p.Packages = map[string]profile.Package{}
	for _, dp := range d.Packages {
		pk := profile.Package{Name: dp.Name, Version: dp.Version, Native: dp.Native}
		switch {
		case dp.Direct != nil:
			pk.Decl = profile.Location{File: dp.DirectFile, Start: dp.Direct.Span.Start, End: dp.Direct.Span.End}
			p.Sources["package:"+dp.Name] = position(dp.DirectFile, ws.linesOf(dp.DirectFile), dp.Direct.Span.Start)
		case dp.Lock != nil:
			pk.Decl = profile.Location{File: ws.Lock.Path, Start: dp.Lock.NameSpan.Start, End: dp.Lock.NameSpan.End}
			p.Sources["package:"+dp.Name] = position(ws.Lock.Path, ws.Lock.lines.of(ws.Lock.Text), dp.Lock.NameSpan.Start)
		default:
			p.Sources["package:"+dp.Name] = dp.Added
		}
		if len(dp.Via) > 0 {
			p.Sources["package:"+dp.Name] += " via " + strings.Join(dp.Via, " → ")
		}
		p.Packages[dp.Name] = pk
	}
	for _, name := range devPackagesOf(ws) {
		p.DevPackages[name] = true
	}
	p.SDKSupplier = d.SDKSupplier
	p.SDKVersion = p.Packages[SDKPackage].Version
	if src, ok := p.Sources["package:"+SDKPackage]; ok {
		p.Sources["sdk"] = src
	}
	if p.ExternalSDK {
		p.SDKWrapsBindings = p.SDKVersion == "" || profile.VersionAtLeast(p.SDKVersion, "1.3")
	}
	return p
}

// devPackagesOf lists the normalised names of the pyproject's
// development dependencies.
func devPackagesOf(ws *Workspace) []string {
	if ws.Pyproject == nil {
		return nil
	}
	var out []string
	for _, r := range ws.Pyproject.DevDependencies {
		out = append(out, r.Name)
	}
	return out
}

// position formats "wrangler.toml:3" for a byte offset of the file at
// path, with its line index (which clamps the offset; nil: a file the
// workspace does not hold, reported at its first line).
func position(path string, lines *source.Lines, offset int) string {
	line := 0
	if lines != nil {
		line = lines.Line(offset)
	}
	return fmt.Sprintf("%s:%d", filepath.Base(path), 1+line)
}
