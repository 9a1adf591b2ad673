package config

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/analysis/packages"
)

// LockNames are the lock and pin files, most precise first.
var LockNames = []string{"uv.lock", "pylock.toml", "requirements.txt"}

// LockKind is the format of a lock file.
type LockKind int

const (
	UVLock LockKind = iota + 1
	PyLock
	Requirements
)

// Lock is a parsed uv.lock, pylock.toml or requirements.txt.
type Lock struct {
	Path string
	Text []byte
	Kind LockKind
	// Err is a TOML syntax error (lock files in TOML only).
	Err      *ParseError
	Packages []LockedPackage
}

// LockedPackage is one resolved distribution.
type LockedPackage struct {
	Name    string // PEP 503 normalised
	Version string
	// Native is true when the lock lists wheels and none is a
	// `none-any` (pure Python) wheel: the package needs a build for
	// Pyodide.
	Native bool
	// NameSpan is the name's value; Decl the whole entry (a
	// [[package]] section, or the requirements line).
	NameSpan Span
	Decl     Span
}

// Package finds a locked package by normalised name.
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
	switch filepath.Base(path) {
	case "uv.lock":
		l.Kind = UVLock
		l.readTOML("package")
	case "requirements.txt":
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
		p.Native = nativeWheels(pkg.Get("wheels"))
		l.Packages = append(l.Packages, p)
	}
}

// nativeWheels reports whether a wheels array lists only platform wheels.
func nativeWheels(wheels *Value) bool {
	if wheels == nil || len(wheels.Items) == 0 {
		return false // sdist only, or a local/virtual package: unknown
	}
	for _, w := range wheels.Items {
		file, _ := w.Get("name").Str()
		if file == "" {
			file, _ = w.Get("url").Str()
		}
		if file == "" {
			file, _ = w.Get("path").Str()
		}
		if strings.HasSuffix(file, "-none-any.whl") {
			return false
		}
	}
	return true
}

// readRequirements reads `name==version` lines; other lines (ranges,
// options, includes) carry no exact version and are skipped.
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
		if !ok || r.Version == "" {
			continue
		}
		lead := strings.Index(s, trimmed)
		m := requirementName.FindStringSubmatch(trimmed)
		nameStart := start + lead + strings.Index(trimmed, m[1])
		l.Packages = append(l.Packages, LockedPackage{
			Name: r.Name, Version: r.Version,
			NameSpan: Span{nameStart, nameStart + len(m[1])},
			Decl:     Span{start + lead, start + lead + len(trimmed)},
		})
	}
}
