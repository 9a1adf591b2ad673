package ide

import (
	"context"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// maxClassSearch bounds how many Python files next to `main` are parsed
// when looking for a class_name's class outside the main module.
const maxClassSearch = 64

// Definition returns where the target at offset is defined: env.NAME goes
// to the binding's declaration in the wrangler config; in the config,
// `main` goes to the entry module and a class_name to its Python class.
func Definition(ctx context.Context, s *Snapshot, offset int, files Files) (Location, bool, error) {
	switch s.Kind {
	case Python:
		f, done, err := s.Lookup(ctx)
		if err != nil {
			return Location{}, false, err
		}
		t := lookup.At(f, offset)
		done()
		if t.Kind != lookup.EnvBinding {
			return Location{}, false, nil
		}
		b, ok := s.Profile().Bindings[t.Binding]
		if !ok || b.Decl.File == "" {
			return Location{}, false, nil
		}
		return Location{b.Decl.File, b.Decl.Start, b.Decl.End}, true, nil
	case Config:
		if s.Path == "" {
			return Location{}, false, nil
		}
		f := s.ConfigFile()
		t := lookup.ConfigAt(f, offset)
		switch t.Kind {
		case lookup.MainPath:
			path := filepath.Join(filepath.Dir(s.Path), filepath.FromSlash(t.Text))
			if _, err := config.Confine(filepath.Dir(s.Path), path); err != nil {
				return Location{}, false, nil // out of the config's folder: never read (PW505 says so)
			}
			if _, ok := files(path); ok {
				return Location{Path: path}, true, nil
			}
		case lookup.ClassName:
			if t.Binding != nil && t.Binding.ScriptName != "" {
				return Location{}, false, nil // the class belongs to another Worker
			}
			if loc, _, ok := ClassLocation(ctx, s.Path, config.ReadWorker(f, ""), t.Text, files); ok {
				return loc, true, nil
			}
		}
	}
	return Location{}, false, nil
}

// ClassLocation finds the Python class a config's class_name names: in
// the main module, then where the main module imports it from, then in
// the Python files next to main. exported says whether the main module
// has the name (defined or imported), which is where the runtime looks.
func ClassLocation(ctx context.Context, configPath string, w *config.Worker, class string, files Files) (loc Location, exported, ok bool) {
	dir := filepath.Dir(configPath)
	main := ""
	if w.Main != nil {
		main = filepath.Join(dir, filepath.FromSlash(w.Main.Value))
		dir = filepath.Dir(main)
		if loc, ok := exportedClass(main, class, files); ok {
			return loc, true, true
		}
	}
	siblings, _ := filepath.Glob(filepath.Join(dir, "*.py"))
	sort.Strings(siblings)
	searched := 0
	for _, path := range siblings {
		if ctx.Err() != nil || searched >= maxClassSearch {
			break
		}
		if path == main {
			continue
		}
		searched++
		if loc, ok := classIn(path, class, files); ok {
			return loc, false, true
		}
	}
	return Location{}, false, false
}

// classIn finds the top-level class named class in the Python file path.
func classIn(path, class string, files Files) (Location, bool) {
	text, ok := files(path)
	if !ok {
		return Location{}, false
	}
	doc := source.Open(FileURI(path), 0, text, true)
	defer doc.Close()
	start, end, found := lookup.ClassDef(doc.Tree(), text, class)
	if !found {
		return Location{}, false
	}
	return Location{path, start, end}, true
}

// exportedClass finds class among the main module's names: defined there,
// or imported by a top-level `from M import class`, followed to M's file
// relative to main's directory (the Worker's module root). Main is parsed
// once for both.
func exportedClass(main, class string, files Files) (Location, bool) {
	text, ok := files(main)
	if !ok {
		return Location{}, false
	}
	doc := source.Open(FileURI(main), 0, text, true)
	tree := doc.Tree()
	start, end, defined := lookup.ClassDef(tree, text, class)
	var module, original string
	imported := false
	if !defined {
		module, original, imported = lookup.ImportedClass(tree, text, class)
	}
	doc.Close()
	switch {
	case defined:
		return Location{main, start, end}, true
	case !imported:
		return Location{}, false
	}
	base := filepath.Dir(main)
	rest := strings.TrimLeft(module, ".")
	for range len(module) - len(rest) - 1 { // each dot past the first goes up a package
		base = filepath.Dir(base)
	}
	stem := filepath.Join(base, filepath.FromSlash(strings.ReplaceAll(rest, ".", "/")))
	for _, path := range []string{stem + ".py", filepath.Join(stem, "__init__.py")} {
		if loc, ok := classIn(path, original, files); ok {
			return loc, true
		}
	}
	return Location{}, false
}
