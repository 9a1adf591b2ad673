package config

import (
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
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
			dir = " at or above " + ws.Dir
		}
		p := withOverride(withPackages(profile.Default(), ws), ws, opts)
		return p, []Note{{Severity: diag.Information, Message: "no wrangler.toml, wrangler.jsonc or wrangler.json found" + dir + "; " + defaultAssumed(p)}}
	}
	f := ws.Wrangler
	if f.Err != nil {
		p := withOverride(withPackages(profile.Default(), ws), ws, opts)
		p.ConfigFile = f.Path
		p.Sources["runtime"] = "default (" + filepath.Base(f.Path) + " has a syntax error)"
		return p, []Note{{Path: f.Path, Span: f.Err.Span, Severity: diag.Information,
			Message: fmt.Sprintf("%s cannot be read (%s at %s); %s", filepath.Base(f.Path), f.Err.Message, position(f.Path, f.Text, f.Err.Span.Start), defaultAssumed(p))}}
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
	if w.CompatDate != nil {
		in.CompatDate = w.CompatDate.Value
		in.Sources["compatibility_date"] = position(f.Path, f.Text, w.CompatDate.Span.Start)
	} else {
		in.Sources["compatibility_date"] = "not set in " + filepath.Base(f.Path)
	}
	if w.FlagsField != nil {
		in.Sources["compatibility_flags"] = position(f.Path, f.Text, w.FlagsField.Span.Start)
	}
	for _, fl := range w.CompatFlags {
		in.Flags = append(in.Flags, fl.Value)
	}
	if w.Main != nil {
		in.Main = filepath.Join(filepath.Dir(f.Path), filepath.FromSlash(w.Main.Value))
		in.Sources["main"] = position(f.Path, f.Text, w.Main.Span.Start)
	}
	for _, b := range w.Bindings {
		in.Bindings[b.Name] = profile.Binding{
			Name: b.Name, Kind: b.Kind, Remote: b.Remote, ClassName: b.ClassName,
			Decl:       profile.Location{File: f.Path, Start: b.NameSpan.Start, End: b.NameSpan.End},
			RemoteDecl: profile.Location{File: f.Path, Start: b.RemoteSpan.Start, End: b.RemoteSpan.End},
		}
		in.Sources["binding:"+b.Name] = position(f.Path, f.Text, b.NameSpan.Start)
	}
	in.Packages, in.SDKVersion = packagesOf(ws, in.Sources)
	in.DevPackages = devPackagesOf(ws)
	in.RuntimeOverride = opts.RuntimeOverride
	if in.RuntimeOverride == "" && ws.Pyproject != nil && ws.Pyproject.Settings != nil && ws.Pyproject.Settings.Runtime != nil {
		in.RuntimeOverride = ws.Pyproject.Settings.Runtime.Value
	}
	p, warnings := profile.Resolve(in)
	for _, msg := range warnings {
		notes = append(notes, Note{Path: f.Path, Severity: diag.Information, Message: msg})
	}
	return p, notes
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

// withPackages adds the workspace's dependencies to a default profile.
func withPackages(p *profile.Profile, ws *Workspace) *profile.Profile {
	if ws == nil {
		return p
	}
	p.Packages, p.SDKVersion = packagesOf(ws, p.Sources)
	for _, name := range devPackagesOf(ws) {
		p.DevPackages[name] = true
	}
	if p.SDKVersion != "" {
		p.SDKWrapsBindings = profile.VersionAtLeast(p.SDKVersion, "1.3")
	}
	return p
}

// packagesOf merges pyproject dependencies with the lock: the lock gives
// versions, nativeness and transitive packages; a direct dependency keeps
// its pyproject position. It also returns the workers-runtime-sdk version.
func packagesOf(ws *Workspace, sources map[string]string) (map[string]profile.Package, string) {
	pkgs := map[string]profile.Package{}
	if ws.Lock != nil {
		for _, lp := range ws.Lock.Packages {
			pkgs[lp.Name] = profile.Package{Name: lp.Name, Version: lp.Version, Native: lp.Native,
				Decl: profile.Location{File: ws.Lock.Path, Start: lp.NameSpan.Start, End: lp.NameSpan.End}}
			sources["package:"+lp.Name] = position(ws.Lock.Path, ws.Lock.Text, lp.NameSpan.Start)
		}
	}
	if ws.Pyproject != nil {
		pp := ws.Pyproject
		for _, r := range pp.Dependencies {
			pk := pkgs[r.Name]
			pk.Name = r.Name
			if pk.Version == "" {
				pk.Version = r.Version
			}
			pk.Decl = profile.Location{File: pp.File.Path, Start: r.Span.Start, End: r.Span.End}
			pkgs[r.Name] = pk
			sources["package:"+r.Name] = position(pp.File.Path, pp.File.Text, r.Span.Start)
		}
	}
	sdk := pkgs[SDKPackage].Version
	if sdk != "" {
		sources["sdk"] = sources["package:"+SDKPackage]
	}
	return pkgs, sdk
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

// position formats "wrangler.toml:3" for a byte offset.
func position(path string, text []byte, offset int) string {
	offset = max(0, min(offset, len(text)))
	return fmt.Sprintf("%s:%d", filepath.Base(path), 1+lineOf(text, offset))
}
