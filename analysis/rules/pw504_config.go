package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/analysis/packages"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
)

// runPW504Config checks the dependencies of pyproject.toml and the
// packages of the lock file against the profile's Pyodide package index.
// A direct dependency is reported on its pyproject line; packages only in
// the lock (transitive, or requirements.txt without a pyproject) on the
// lock's name. The lock's wheels decide nativeness for packages the known
// list does not name.
func runPW504Config(p *ConfigPass) {
	ws := p.Workspace
	if ws == nil {
		return
	}
	release := packages.ForProfile(p.Profile)
	direct := map[string]bool{}
	if ws.Pyproject != nil {
		for _, r := range ws.Pyproject.Dependencies {
			direct[r.Name] = true
			locked := false
			if lp, ok := ws.Lock.Package(r.Name); ok {
				locked = lp.Native
			}
			if s := packages.DistAvailability(release, r.Name, locked); s.Status == packages.NoBuild {
				p.reportSpan(ws.Pyproject.File.Path, r.Span, noBuildMessage(r.Name, release, p.Profile), map[string]string{"package": r.Name})
			}
		}
	}
	if ws.Lock == nil {
		return
	}
	for _, lp := range ws.Lock.Packages {
		if direct[lp.Name] {
			continue
		}
		if s := packages.DistAvailability(release, lp.Name, lp.Native); s.Status == packages.NoBuild {
			p.reportSpan(ws.Lock.Path, lp.NameSpan, noBuildMessage(lp.Name, release, p.Profile), map[string]string{"package": lp.Name})
		}
	}
}

// noBuildMessage names the release and, when a newer runtime ships the
// package, how to get there.
func noBuildMessage(dist string, release *packages.Release, p *profile.Profile) string {
	msg := fmt.Sprintf("%s is a native package with no build in the Pyodide %s package index (Python %s): it cannot be installed in this Worker", dist, release.Version, p.Runtime.Python)
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
