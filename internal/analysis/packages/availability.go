package packages

import (
	"maps"
	"slices"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// Status says whether a Worker can install a package.
type Status int

const (
	// Unknown: not in the Pyodide index and not a known native package;
	// most likely pure Python, installed from PyPI.
	Unknown Status = iota
	// InIndex: the release ships a build (pure or native).
	InIndex
	// NoBuild: a native package with no build for this Pyodide release;
	// installing it fails.
	NoBuild
)

func (s Status) String() string {
	switch s {
	case InIndex:
		return "in the Pyodide index"
	case NoBuild:
		return "no Pyodide build"
	}
	return "unknown"
}

// Support is the verdict on one package for one release.
type Support struct {
	Status Status
	// Dist is the distribution name ("pyyaml" for `import yaml`), when
	// known.
	Dist string
	// Package is the index entry when Status is InIndex.
	Package Package
	// Release is the Pyodide version the verdict is for.
	Release string
}

// knownNative lists native distributions that Pyodide releases have not
// built (DESIGN.md §4), with their import names. A release that ships one
// of them (asyncpg and mysqlclient in 314) wins over this list.
var knownNative = map[string][]string{
	"psycopg2":        {"psycopg2"},
	"psycopg2-binary": {"psycopg2"},
	"asyncpg":         {"asyncpg"},
	"mysqlclient":     {"MySQLdb"},
	"grpcio":          {"grpc"},
	"uvloop":          {"uvloop"},
	"greenlet":        {"greenlet"},
	"gevent":          {"gevent"},
	"pyzmq":           {"zmq"},
	"tokenizers":      {"tokenizers"},
	"torch":           {"torch"},
	"onnxruntime":     {"onnxruntime"},
	"faiss-cpu":       {"faiss"},
	"psutil":          {"psutil"},
	"httptools":       {"httptools"},
	"watchfiles":      {"watchfiles"},
}

// KnownNative returns the known native distributions without a Pyodide
// build in some release, sorted.
func KnownNative() []string { return slices.Sorted(maps.Keys(knownNative)) }

// Availability says whether the module imported as importName can be
// installed for release r: `import yaml` → pyyaml in the index;
// `import psycopg2` → no build.
func Availability(r *Release, importName string) Support {
	top, _, _ := strings.Cut(importName, ".")
	s := Support{Release: r.Version}
	if p, ok := r.ByImport(top); ok {
		s.Status, s.Dist, s.Package = InIndex, p.Name, p
		return s
	}
	for _, dist := range slices.Sorted(maps.Keys(knownNative)) {
		for _, m := range knownNative[dist] {
			if m == top {
				s.Status, s.Dist = NoBuild, dist
				return s
			}
		}
	}
	return s
}

// DistAvailability judges a dependency by distribution name. lockedNative
// is what a lock file says (only platform wheels): such a package is
// NoBuild unless the release ships it.
func DistAvailability(r *Release, dist string, lockedNative bool) Support {
	dist = Normalize(dist)
	s := Support{Release: r.Version, Dist: dist}
	if p, ok := r.Lookup(dist); ok {
		s.Status, s.Package = InIndex, p
		return s
	}
	if _, ok := knownNative[dist]; ok || lockedNative {
		s.Status = NoBuild
	}
	return s
}

// StdlibStatus says how a standard-library module behaves on Workers.
type StdlibStatus int

const (
	// StdlibOK: importable and working (or not a stdlib module we know
	// anything special about).
	StdlibOK StdlibStatus = iota
	// StdlibMissing: not shipped; `import` raises ModuleNotFoundError.
	StdlibMissing
	// StdlibBroken: importable, but the functionality does not work in
	// the Workers runtime (no processes, threads or raw sockets).
	StdlibBroken
	// StdlibNotImportable: shipped but raises on import.
	StdlibNotImportable
)

func (s StdlibStatus) String() string {
	switch s {
	case StdlibMissing:
		return "not present"
	case StdlibBroken:
		return "importable but not working"
	case StdlibNotImportable:
		return "not importable"
	}
	return "ok"
}

// stdlibTable is DESIGN.md §4's standard-library table; fixed is the
// first runtime where a broken module works (socket on 314).
var stdlibTable = map[string]struct {
	status StdlibStatus
	fixed  profile.Generation // 0: never
}{
	"curses": {status: StdlibMissing}, "dbm": {status: StdlibMissing}, "ensurepip": {status: StdlibMissing},
	"fcntl": {status: StdlibMissing}, "grp": {status: StdlibMissing}, "idlelib": {status: StdlibMissing},
	"lib2to3": {status: StdlibMissing}, "msvcrt": {status: StdlibMissing}, "pwd": {status: StdlibMissing},
	"resource": {status: StdlibMissing}, "syslog": {status: StdlibMissing}, "termios": {status: StdlibMissing},
	"tkinter": {status: StdlibMissing}, "turtle": {status: StdlibMissing}, "venv": {status: StdlibMissing},
	"winreg": {status: StdlibMissing}, "winsound": {status: StdlibMissing},
	"multiprocessing": {status: StdlibBroken}, "threading": {status: StdlibBroken},
	"socket": {status: StdlibBroken, fixed: profile.Pyodide314},
	"pty":    {status: StdlibNotImportable}, "tty": {status: StdlibNotImportable},
}

// Stdlib says how the standard-library module `module` (dotted names by
// their first part) behaves on runtime generation g.
func Stdlib(module string, g profile.Generation) StdlibStatus {
	top, _, _ := strings.Cut(module, ".")
	e, ok := stdlibTable[top]
	if !ok || (e.fixed != 0 && g >= e.fixed) {
		return StdlibOK
	}
	return e.status
}

// Dependency is what the project files say about one deployed
// distribution.
type Dependency struct {
	Name string
	// Specifier is the version specifier the project asks for
	// (">=2,<3"), "" for any; Pinned the exact version a lock installs
	// as-is (pylock.toml, a requirements `==` pin), "" when the build
	// re-resolves it.
	Specifier string
	Pinned    string
	// LockedNative: the lock lists only platform wheels; PyodideWheel:
	// the lock lists a wheel built for Pyodide.
	LockedNative bool
	PyodideWheel bool
}

// Reason says why a dependency cannot be installed.
type Reason int

const (
	// Installable, or nothing proves otherwise.
	Installable Reason = iota
	// NoPyodideBuild: a native package the release does not build.
	NoPyodideBuild
	// NativeWithoutWheel: the lock lists only platform (native) wheels
	// and the release does not build it.
	NativeWithoutWheel
	// VersionOutsideIndex: the release builds the native package, but
	// not in a version the project accepts.
	VersionOutsideIndex
)

// Verdict is the judgement on one dependency for one release.
type Verdict struct {
	Reason Reason
	// IndexVersion is the version the release ships (VersionOutsideIndex).
	IndexVersion string
}

// Judge decides whether a deploy can install a dependency on release r.
// Pure-Python packages install from PyPI in any version, so only native
// packages are judged: absent from the index and known to be native or
// locked with platform wheels only; or present, but not in a version the
// project accepts while the lock shows no pure-Python wheel to fall back
// on (sqlalchemy, built natively by Pyodide, also ships a pure wheel).
func Judge(r *Release, dep Dependency) Verdict {
	if dep.PyodideWheel {
		return Verdict{}
	}
	if p, ok := r.Lookup(dep.Name); ok {
		if !p.Native || !dep.LockedNative {
			return Verdict{}
		}
		want := dep.Specifier
		if dep.Pinned != "" {
			want = "==" + dep.Pinned
		}
		if specs, ok := ParseSpecifiers(want); ok && len(specs) > 0 {
			if m, ok := Matches(p.Version, specs); ok && !m {
				return Verdict{Reason: VersionOutsideIndex, IndexVersion: p.Version}
			}
		}
		return Verdict{}
	}
	if _, ok := knownNative[Normalize(dep.Name)]; ok {
		return Verdict{Reason: NoPyodideBuild}
	}
	if dep.LockedNative {
		return Verdict{Reason: NativeWithoutWheel}
	}
	return Verdict{}
}
