package config

import (
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
)

// What a deploy installs. pywrangler (workers-py) vendors the Worker's
// dependencies by compiling `[project].dependencies` — nothing from
// [dependency-groups] or unrequested extras — for the Pyodide interpreter
// (`uv pip compile --python cpython-<v>-emscripten-wasm32-musl`, so PEP
// 508 markers are evaluated for Emscripten/wasm32), always appending
// workers-runtime-sdk, and installs the result into python_modules/
// (workers-py packages/cli/src/pywrangler/resolve.py resolve_requirements
// and MANAGED_SDK_PACKAGE, sync.py; commit
// b00837d41fd4d6e8f475a2fe380ee6543344de23; the SDK is appended since
// a62f255e51555d212ecbb98f93e7145e251863f4). ResolveDeployed follows the
// same rule over the files it can read: pylock.toml as pywrangler wrote
// it, uv.lock's dependency graph from the project's package, or the
// requirement lines as written.

// DeployedPackage is one distribution a deploy installs.
type DeployedPackage struct {
	Name    string // normalised
	Version string // locked or pinned version, "" if unknown
	// Native: the lock lists only platform wheels; PyodideWheel: one of
	// its wheels is built for Pyodide.
	Native       bool
	PyodideWheel bool
	// Direct is the requirement (pyproject line or requirements line)
	// that pulled the package in; nil for the SDK pywrangler adds.
	Direct *Requirement
	// DirectFile is the file Direct is written in.
	DirectFile string
	// Via is the chain of packages from Direct to this package,
	// excluding both ends: greenlet via ["playwright"].
	Via []string
	// Lock is the package's lock entry, nil when unlocked.
	Lock *LockedPackage
	// Pinned is true when Version is what gets installed: a pylock.toml
	// entry or a requirements `==` pin (uv.lock versions are re-resolved
	// by pywrangler for Pyodide).
	Pinned bool
	// Added says why the build adds the package ("" for declared ones).
	Added string
}

// Deployed is the outcome of resolving a Worker's runtime dependencies.
type Deployed struct {
	Packages []DeployedPackage
	// From names the file the set was read from ("uv.lock",
	// "pyproject.toml", …).
	From string
	// SDKSupplier says what vendors workers-runtime-sdk when the project
	// does not list it itself ("" when nothing does).
	SDKSupplier string
	index       map[string]int // name → position in Packages
}

// Package finds a deployed package by name.
func (d *Deployed) Package(name string) (DeployedPackage, bool) {
	if i, ok := d.index[packages.Normalize(name)]; ok {
		return d.Packages[i], true
	}
	return DeployedPackage{}, false
}

// pywranglerDist is the distribution that provides pywrangler.
const pywranglerDist = "workers-py"

// ResolveDeployed computes the packages a deploy of the workspace
// installs on an interpreter with Python version pythonFull ("3.13.2").
// Markers that cannot be decided (an unknown variable) exclude the edge:
// a package that may not be deployed is not reported.
func ResolveDeployed(ws *Workspace, pythonFull string) *Deployed {
	d := &Deployed{}
	if ws == nil {
		return d
	}
	env := PyodideMarkerEnv(pythonFull, nil)
	pp := ws.Pyproject
	switch {
	case ws.Lock != nil && ws.Lock.Err == nil && ws.Lock.Kind == PyLock:
		d.From = filepath.Base(ws.Lock.Path)
		resolvePyLock(d, ws, env)
	case ws.Lock != nil && ws.Lock.Err == nil && ws.Lock.Kind == UVLock:
		d.From = filepath.Base(ws.Lock.Path)
		resolveUVLock(d, ws, env)
	case ws.Lock != nil && ws.Lock.Kind == Requirements:
		d.From = filepath.Base(ws.Lock.Path)
		resolveRequirements(d, ws, env)
	case pp != nil:
		d.From = filepath.Base(pp.File.Path)
		addPyproject(d, ws, env)
	}
	d.addSDK(ws)
	return d
}

func (d *Deployed) add(p DeployedPackage) {
	if d.index == nil {
		d.index = map[string]int{}
	}
	if _, ok := d.index[p.Name]; !ok {
		d.index[p.Name] = len(d.Packages)
		d.Packages = append(d.Packages, p)
	}
}

// directReqs indexes the pyproject's [project] dependencies by name and
// returns a lookup giving the requirement and its file.
func directReqs(ws *Workspace) func(name string) (*Requirement, string) {
	byName := map[string]*Requirement{}
	if ws.Pyproject != nil {
		for i := range ws.Pyproject.Dependencies {
			if r := &ws.Pyproject.Dependencies[i]; byName[r.Name] == nil {
				byName[r.Name] = r
			}
		}
	}
	return func(name string) (*Requirement, string) {
		if r := byName[name]; r != nil {
			return r, ws.Pyproject.File.Path
		}
		return nil, ""
	}
}

// resolvePyLock takes every package of a PEP 751 lock whose marker holds
// (dependency groups and extras unselected): the lock is flat.
func resolvePyLock(d *Deployed, ws *Workspace, env *MarkerEnv) {
	directReq := directReqs(ws)
	for i := range ws.Lock.Packages {
		lp := &ws.Lock.Packages[i]
		if EvalMarker(lp.Marker, env) != True {
			continue
		}
		r, file := directReq(lp.Name)
		d.add(DeployedPackage{Name: lp.Name, Version: lp.Version, Native: lp.Native, PyodideWheel: lp.PyodideWheel,
			Direct: r, DirectFile: file, Lock: lp, Pinned: true})
	}
	// A dependency added to pyproject.toml since the last sync: pywrangler
	// compiles [project].dependencies again, the lock only constrains.
	addPyproject(d, ws, env)
}

// addPyproject adds the pyproject's [project] dependencies whose marker
// holds and that nothing added yet.
func addPyproject(d *Deployed, ws *Workspace, env *MarkerEnv) {
	if ws.Pyproject == nil {
		return
	}
	for i := range ws.Pyproject.Dependencies {
		r := &ws.Pyproject.Dependencies[i]
		if EvalMarker(r.Marker, env) == True {
			d.add(DeployedPackage{Name: r.Name, Version: r.Version, Direct: r, DirectFile: ws.Pyproject.File.Path})
		}
	}
}

// resolveRequirements takes the requirement lines as written, and the
// pyproject's dependencies they do not repeat.
func resolveRequirements(d *Deployed, ws *Workspace, env *MarkerEnv) {
	for i := range ws.Lock.Packages {
		lp := &ws.Lock.Packages[i]
		if lp.Requirement == nil || EvalMarker(lp.Marker, env) != True {
			continue
		}
		d.add(DeployedPackage{Name: lp.Name, Version: lp.Version, Direct: lp.Requirement, DirectFile: ws.Lock.Path,
			Lock: lp, Pinned: lp.Version != ""})
	}
	addPyproject(d, ws, env)
}

// uvNode is a package version with the extras it is installed with.
type uvNode struct {
	pkg    *LockedPackage
	extras []string
	direct *Requirement
	file   string
	via    []string
}

// resolveUVLock walks uv.lock's graph from the project's own package
// (its [project].dependencies as uv locked them), following optional
// dependencies only for extras an edge requests. Without a project
// package (a lock written by hand, or another layout) the pyproject's
// dependencies are the roots.
func resolveUVLock(d *Deployed, ws *Workspace, env *MarkerEnv) {
	l := ws.Lock
	byName := map[string][]*LockedPackage{}
	for i := range l.Packages {
		p := &l.Packages[i]
		byName[p.Name] = append(byName[p.Name], p)
	}
	pick := func(name, version string) *LockedPackage {
		for _, p := range byName[name] {
			if version == "" || p.Version == version {
				return p
			}
		}
		return nil
	}
	directReq := directReqs(ws)
	var queue []uvNode
	if root := projectPackage(ws); root != nil {
		for _, e := range root.Dependencies {
			if EvalMarker(e.Marker, env) != True {
				continue
			}
			r, file := directReq(e.Name)
			if r == nil && ws.Pyproject != nil {
				continue // a stale lock: pyproject.toml no longer asks for it
			}
			if p := pick(e.Name, e.Version); p != nil {
				queue = append(queue, uvNode{pkg: p, extras: e.Extras, direct: r, file: file})
			}
		}
	} else if ws.Pyproject != nil {
		for i := range ws.Pyproject.Dependencies {
			r := &ws.Pyproject.Dependencies[i]
			if EvalMarker(r.Marker, env) != True {
				continue
			}
			if p := pick(r.Name, ""); p != nil {
				queue = append(queue, uvNode{pkg: p, extras: r.Extras, direct: r, file: ws.Pyproject.File.Path})
			}
		}
	}
	// Breadth first, so each package keeps its shortest chain.
	seen := map[string]bool{}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		key := n.pkg.Name + "@" + n.pkg.Version + "[" + strings.Join(n.extras, ",") + "]"
		if seen[key] {
			continue
		}
		seen[key] = true
		d.add(DeployedPackage{Name: n.pkg.Name, Version: n.pkg.Version, Native: n.pkg.Native, PyodideWheel: n.pkg.PyodideWheel,
			Direct: n.direct, DirectFile: n.file, Via: n.via, Lock: n.pkg})
		edges := n.pkg.Dependencies
		for _, x := range n.extras {
			edges = append(append([]LockDep(nil), edges...), n.pkg.Optional[x]...)
		}
		via := append(append([]string(nil), n.via...), n.pkg.Name)
		for _, e := range edges {
			if EvalMarker(e.Marker, env) != True {
				continue
			}
			if p := pick(e.Name, e.Version); p != nil {
				queue = append(queue, uvNode{pkg: p, extras: e.Extras, direct: n.direct, file: n.file, via: via})
			}
		}
	}
	// pywrangler compiles pyproject.toml, not uv.lock: a dependency the
	// lock does not have yet is deployed all the same.
	addPyproject(d, ws, env)
}

// projectPackage finds the uv.lock package of the workspace's own
// project: a local source (virtual, editable, directory) that is the
// pyproject's directory, else the package named as [project] name.
func projectPackage(ws *Workspace) *LockedPackage {
	l := ws.Lock
	var want string
	if ws.Pyproject != nil {
		want = filepath.Dir(ws.Pyproject.File.Path)
	}
	for i := range l.Packages {
		p := &l.Packages[i]
		switch p.Source {
		case "virtual", "editable", "directory":
		default:
			continue
		}
		if want != "" && filepath.Join(filepath.Dir(l.Path), filepath.FromSlash(p.SourcePath)) == want {
			return p
		}
	}
	if ws.Pyproject != nil && ws.Pyproject.Name != "" {
		name := packages.Normalize(ws.Pyproject.Name)
		for i := range l.Packages {
			if p := &l.Packages[i]; p.Name == name && p.Source != "registry" {
				return p
			}
		}
	}
	return nil
}

// addSDK adds workers-runtime-sdk when pywrangler builds the Worker: it
// appends the SDK to the requirements it compiles, whatever the project
// lists (resolve.py MANAGED_SDK_PACKAGE, commit b00837d).
func (d *Deployed) addSDK(ws *Workspace) {
	why := pywranglerEvidence(ws)
	if why == "" {
		return
	}
	d.SDKSupplier = "pywrangler (" + why + ") adds workers-runtime-sdk to the packages it vendors"
	if _, ok := d.Package(SDKPackage); ok {
		return
	}
	p := DeployedPackage{Name: SDKPackage, Added: d.SDKSupplier}
	if lp, ok := ws.Lock.Package(SDKPackage); ok {
		p.Version = lp.Version
	}
	d.add(p)
}

// pywranglerEvidence says why the project is built with pywrangler:
// workers-py among its dependencies (any group) or in its lock, or a
// [tool.pywrangler] table. "" when nothing says so.
func pywranglerEvidence(ws *Workspace) string {
	if pp := ws.Pyproject; pp != nil {
		for _, r := range pp.DevDependencies {
			if r.Name == pywranglerDist {
				return pywranglerDist + " in dependency group " + r.Group
			}
		}
		for _, r := range pp.Dependencies {
			if r.Name == pywranglerDist {
				return pywranglerDist + " in [project] dependencies"
			}
		}
		if pp.HasPywranglerConfig {
			return "[tool.pywrangler] in pyproject.toml"
		}
	}
	if _, ok := ws.Lock.Package(pywranglerDist); ok {
		return pywranglerDist + " in " + filepath.Base(ws.Lock.Path)
	}
	return ""
}
