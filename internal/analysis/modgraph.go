package analysis

import (
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
)

// The Worker's module graph, as Python on the runtime sees it: the main
// module's directory is the root of absolute imports (`from db import
// get_user`, `import helpers`); relative imports (`from .db import
// get_user`, `from . import util`, `from ..shared import x`) start at the
// importing file's package. A name imported from a module of the Worker
// is linked to that function's summary; a module imported whole
// (`from . import util`, `import db`) links each of its summarised
// functions as `util.get_user`, so calls written through the module
// reach them too.

// link records in m the summaries of the functions it imports from the
// Worker's other modules.
func (s *Modules) link(m *semantic.Module, in Input) {
	main := ""
	if in.Profile != nil {
		main = in.Profile.Main
	}
	for _, local := range m.Imports() {
		b := m.Names[local]
		if mod, name := splitImport(b.Qualified); name != "" {
			if f := s.module(in.Path, main, mod); f != nil {
				if fn := f.funcs[name]; fn != nil {
					m.Link(local, fn)
					continue
				}
			}
		}
		if f := s.module(in.Path, main, b.Qualified); f != nil {
			for name, fn := range f.funcs {
				m.Link(local+"."+name, fn)
			}
		}
	}
}

// splitImport splits a qualified import into module and member:
// "db.get_user" → "db", "get_user"; ".db.get_user" → ".db", "get_user";
// ".util" → ".", "util"; "db" → "", "".
func splitImport(q string) (mod, name string) {
	rest := strings.TrimLeft(q, ".")
	dots := q[:len(q)-len(rest)]
	i := strings.LastIndexByte(rest, '.')
	switch {
	case i >= 0:
		return dots + rest[:i], rest[i+1:]
	case dots != "":
		return dots, rest
	}
	return "", ""
}

// module returns the summaries of module mod as imported by the file at
// importer in a Worker whose main module is main, or nil.
func (s *Modules) module(importer, main, mod string) *moduleFile {
	if mod == "" {
		return nil
	}
	for _, path := range moduleCandidates(importer, main, mod) {
		if f := s.file(path); f != nil {
			return f
		}
	}
	return nil
}

// moduleCandidates lists the files module mod may be, in the order Python
// would find them: relative imports from importer's package; absolute
// ones from the main module's directory, then (for files checked without
// a known main module) the importer's own directory.
func moduleCandidates(importer, main, mod string) []string {
	rel := strings.TrimLeft(mod, ".")
	dots := len(mod) - len(rel)
	var roots []string
	if dots > 0 {
		dir := filepath.Dir(importer)
		for i := 1; i < dots; i++ {
			dir = filepath.Dir(dir)
		}
		roots = []string{dir}
	} else {
		if main != "" {
			roots = append(roots, filepath.Dir(main))
		}
		if d := filepath.Dir(importer); len(roots) == 0 || roots[0] != d {
			roots = append(roots, d)
		}
	}
	var out []string
	for _, root := range roots {
		base := root
		if rel != "" {
			base = filepath.Join(root, filepath.FromSlash(strings.ReplaceAll(rel, ".", "/")))
			out = append(out, base+".py")
		}
		if rel != "" || dots > 0 {
			out = append(out, filepath.Join(base, "__init__.py"))
		}
	}
	return out
}
