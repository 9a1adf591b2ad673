package config

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/packages"
)

// LockNames are the lock and pin files, the one that decides what a
// deploy installs first. pylock.toml is what pywrangler itself writes and
// installs from (`uv pip compile … -o pylock.toml`, then `uv pip install
// -r pylock.toml`: workers-py packages/cli/src/pywrangler/resolve.py and
// sync.py, commit b00837d41fd4d6e8f475a2fe380ee6543344de23), resolved
// for Pyodide; uv.lock is the developer's universal lock; wrangler reads
// cf-requirements.txt before requirements.txt (workers-sdk 17b1e5a).
var LockNames = []string{"pylock.toml", "uv.lock", "cf-requirements.txt", "requirements.txt"}

// LockKind is the format of a lock file.
type LockKind int

const (
	UVLock LockKind = iota + 1
	PyLock
	Requirements
)

// Lock is a parsed uv.lock, pylock.toml or requirements file.
type Lock struct {
	Path string
	Text []byte
	Kind LockKind
	// Revision is uv.lock's `revision` (1 when absent).
	Revision int
	// Err is a TOML syntax error (lock files in TOML only).
	Err      *ParseError
	Packages []LockedPackage
	lines    lineIndex
}

// LockedPackage is one resolved distribution.
type LockedPackage struct {
	Name    string // PEP 503 normalised
	Version string
	// Source is uv.lock's source kind ("registry", "virtual", "editable",
	// "directory", "git", "path", "url"; "" when absent) and SourcePath
	// its value for local kinds, relative to the lock.
	Source     string
	SourcePath string
	// Native is true when the lock lists wheels and none is a
	// `none-any` (pure Python) wheel: the package needs a build for
	// Pyodide.
	Native bool
	// PyodideWheel is true when a listed wheel is built for Pyodide
	// (a pyodide_* or emscripten_* platform tag).
	PyodideWheel bool
	// Marker is pylock.toml's per-package marker ("" for none).
	Marker string
	// Dependencies are uv.lock's edges; Optional its
	// [package.optional-dependencies] by extra; Groups its
	// [package.dev-dependencies] by group.
	Dependencies []LockDep
	Optional     map[string][]LockDep
	Groups       map[string][]LockDep
	// Requirement is the line of a requirements file, parsed.
	Requirement *Requirement
	// NameSpan is the name's value; Decl the whole entry (a
	// [[package]] section, or the requirements line).
	NameSpan Span
	Decl     Span
}

// LockDep is one dependency edge of a uv.lock package.
type LockDep struct {
	Name string // normalised
	// Version disambiguates when the lock holds several versions of
	// Name (a forked resolution); "" otherwise.
	Version string
	Marker  string
	Extras  []string // normalised
}

// Package finds a locked package by normalised name (the first, when a
// forked resolution holds several versions).
func (l *Lock) Package(name string) (LockedPackage, bool) {
	if l == nil {
		return LockedPackage{}, false
	}
	name = packages.Normalize(name)
	for _, p := range l.Packages {
		if p.Name == name {
			return p, true
		}
	}
	return LockedPackage{}, false
}

// ParseLock reads a lock file; its kind comes from the file name.
func ParseLock(path string, text []byte) *Lock {
	l := &Lock{Path: path, Text: text}
	base := filepath.Base(path)
	switch {
	case base == "uv.lock":
		l.Kind = UVLock
		l.readTOML("package")
	case strings.HasSuffix(base, ".txt"):
		l.Kind = Requirements
		l.readRequirements()
	default:
		l.Kind = PyLock
		l.readTOML("packages")
	}
	return l
}

// readTOML reads the [[package]] (uv) or [[packages]] (PEP 751) tables.
func (l *Lock) readTOML(key string) {
	f := ParseFile(l.Path, l.Text, TOML)
	if f.Err != nil {
		l.Err = f.Err
		return
	}
	l.Revision = 1
	if r := f.Root.Get("revision"); r != nil && r.Kind == Number {
		if n, err := strconv.Atoi(r.Text); err == nil {
			l.Revision = n
		}
	}
	list := f.Root.Get(key)
	if list == nil {
		return
	}
	for _, pkg := range list.Items {
		nf := pkg.Field("name")
		if nf == nil {
			continue
		}
		name, ok := nf.Value.Str()
		if !ok {
			continue
		}
		p := LockedPackage{Name: packages.Normalize(name), NameSpan: nf.Value.Span, Decl: pkg.Span}
		p.Version, _ = pkg.Get("version").Str()
		p.Marker, _ = pkg.Get("marker").Str()
		p.Native, p.PyodideWheel = wheelKinds(pkg.Get("wheels"))
		if src := pkg.Get("source"); src != nil && len(src.Fields) > 0 {
			p.Source = src.Fields[0].Key
			p.SourcePath, _ = src.Fields[0].Value.Str()
		}
		p.Dependencies = lockDeps(pkg.Get("dependencies"))
		p.Optional = lockDepGroups(pkg.Get("optional-dependencies"))
		p.Groups = lockDepGroups(pkg.Get("dev-dependencies"))
		l.Packages = append(l.Packages, p)
	}
}

func lockDeps(list *Value) []LockDep {
	if list == nil || list.Kind != Array {
		return nil
	}
	var out []LockDep
	for _, it := range list.Items {
		name, ok := it.Get("name").Str()
		if !ok {
			continue
		}
		d := LockDep{Name: packages.Normalize(name)}
		d.Version, _ = it.Get("version").Str()
		d.Marker, _ = it.Get("marker").Str()
		for _, x := range it.Get("extra").Strings() {
			d.Extras = append(d.Extras, normalizeExtra(x.Text))
		}
		out = append(out, d)
	}
	return out
}

func lockDepGroups(t *Value) map[string][]LockDep {
	if t == nil || t.Kind != Table {
		return nil
	}
	out := map[string][]LockDep{}
	for _, f := range t.Fields {
		out[normalizeExtra(f.Key)] = lockDeps(f.Value)
	}
	return out
}

// wheelKinds reads a wheels array: native is true when it lists only
// platform wheels; pyodide when one of them is built for Pyodide.
func wheelKinds(wheels *Value) (native, pyodide bool) {
	if wheels == nil || len(wheels.Items) == 0 {
		return false, false // sdist only, or a local/virtual package: unknown
	}
	native = true
	for _, w := range wheels.Items {
		file, _ := w.Get("name").Str()
		if file == "" {
			file, _ = w.Get("url").Str()
		}
		if file == "" {
			file, _ = w.Get("path").Str()
		}
		if strings.HasSuffix(file, "-none-any.whl") {
			native = false
		}
		if strings.Contains(file, "pyodide_") || strings.Contains(file, "emscripten_") {
			pyodide = true
		}
	}
	return native, pyodide
}

// readRequirements reads a requirements file: one PEP 508 requirement a
// line; options (`-r`, `--index-url`) and comments are skipped.
func (l *Lock) readRequirements() {
	off := 0
	for _, line := range bytes.SplitAfter(l.Text, []byte("\n")) {
		start := off
		off += len(line)
		s := string(line)
		if i := strings.Index(s, " #"); i >= 0 {
			s = s[:i]
		}
		trimmed := strings.TrimSpace(s)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, "-") {
			continue
		}
		r, ok := ParseRequirement(trimmed)
		if !ok {
			continue
		}
		lead := strings.Index(s, trimmed)
		m := requirementName.FindStringSubmatch(trimmed)
		nameStart := start + lead + strings.Index(trimmed, m[1])
		r.Span = Span{start + lead, start + lead + len(trimmed)}
		l.Packages = append(l.Packages, LockedPackage{
			Name: r.Name, Version: r.Version, Marker: r.Marker,
			NameSpan:    Span{nameStart, nameStart + len(m[1])},
			Decl:        r.Span,
			Requirement: &r,
		})
	}
}
