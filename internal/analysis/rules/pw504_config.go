package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// runPW504Config checks the packages a deploy installs — the runtime
// dependencies resolved for the profile's interpreter, never dependency
// groups, unrequested extras or packages excluded by markers — against
// the profile's Pyodide package index. A finding sits on the pyproject
// (or requirements) line that pulls the package in, naming the chain for
// a transitive one; without such a line, on the lock entry.
func runPW504Config(p *ConfigPass) {
	ws := p.Workspace
	if ws == nil {
		return
	}
	release := packages.ForProfile(p.Profile)
	d := config.ResolveDeployed(ws, p.Profile.Runtime.PythonFull)
	for _, dp := range d.Packages {
		if dp.Added != "" {
			continue // the build's own addition (the SDK)
		}
		dep := packages.Dependency{Name: dp.Name, LockedNative: dp.Native, PyodideWheel: dp.PyodideWheel}
		if dp.Pinned {
			dep.Pinned = dp.Version
		} else if dp.Direct != nil && len(dp.Via) == 0 {
			dep.Specifier = dp.Direct.Specifier
		}
		v := packages.Judge(release, dep)
		if v.Reason == packages.Installable {
			continue
		}
		msg := unavailableMessage(dp, v, release, p.Profile, d.From)
		data := map[string]string{"package": dp.Name}
		switch {
		case dp.Direct != nil:
			p.reportSpan(dp.DirectFile, dp.Direct.Span, msg, data)
		case dp.Lock != nil:
			p.reportSpan(ws.Lock.Path, dp.Lock.NameSpan, msg, data)
		}
	}
}

// unavailableMessage says which package cannot be installed, how the
// project pulls it in, and why.
func unavailableMessage(dp config.DeployedPackage, v packages.Verdict, release *packages.Release, p *profile.Profile, from string) string {
	name := dp.Name
	if len(dp.Via) > 0 {
		name = fmt.Sprintf("%s (required via %s)", dp.Name, strings.Join(dp.Via, " → "))
	}
	switch v.Reason {
	case packages.VersionOutsideIndex:
		want := "==" + dp.Version
		if !dp.Pinned && dp.Direct != nil {
			want = dp.Direct.Specifier
		}
		return fmt.Sprintf("%s%s asks for a version the Pyodide %s package index (Python %s) does not build: it ships this native package only as %s, so it cannot be installed in this Worker",
			name, want, release.Version, p.Runtime.Python, v.IndexVersion)
	case packages.NativeWithoutWheel:
		return fmt.Sprintf("%s has only platform-specific (native) wheels in %s and no build in the Pyodide %s package index (Python %s): it cannot be installed in this Worker",
			name, filepath.Base(from), release.Version, p.Runtime.Python)
	}
	return noBuildMessage(name, dp.Name, release, p)
}

// noBuildMessage names the release and, when a newer runtime ships the
// package, how to get there.
func noBuildMessage(shown, dist string, release *packages.Release, p *profile.Profile) string {
	msg := fmt.Sprintf("%s is a native package with no build in the Pyodide %s package index (Python %s): it cannot be installed in this Worker", shown, release.Version, p.Runtime.Python)
	for _, v := range packages.Versions() {
		r, _ := packages.Index(v)
		if v == release.Version || !profile.VersionAtLeast(v, release.Version) {
			continue
		}
		if _, ok := r.Lookup(dist); ok {
			msg += fmt.Sprintf("; Pyodide %s ships it", v)
			if v == profile.RuntimeOf(profile.Pyodide314).PackageIndex {
				msg += " (compatibility flag " + profile.FlagPythonWorkers20260610 + ")"
			}
			break
		}
	}
	return msg
}
