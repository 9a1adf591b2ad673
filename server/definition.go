package server

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// maxClassSearch bounds how many Python files next to `main` are parsed
// when looking for a class_name's class outside the main module.
const maxClassSearch = 64

// definition answers textDocument/definition: env.NAME goes to the
// binding's declaration in the wrangler config; in the config, `main`
// goes to the entry module and a class_name to its Python class.
func (s *Server) definition(ctx context.Context, raw json.RawMessage) (any, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	switch v.kind {
	case pythonDoc:
		t := lookup.At(v.python(), offset)
		if t.Kind != lookup.EnvBinding {
			return nil, nil
		}
		b, ok := v.prof.Bindings[t.Binding]
		if !ok || b.Decl.File == "" {
			return nil, nil
		}
		return s.location(b.Decl.File, b.Decl.Start, b.Decl.End, v.enc), nil
	case configDoc:
		if v.path == "" {
			return nil, nil
		}
		f := v.config()
		t := lookup.ConfigAt(f, offset)
		switch t.Kind {
		case lookup.MainPath:
			path := filepath.Join(filepath.Dir(v.path), filepath.FromSlash(t.Text))
			if _, err := config.Confine(filepath.Dir(v.path), path); err != nil {
				return nil, nil // out of the config's folder: never read (PW505 says so)
			}
			if _, ok := s.readFile(path); ok {
				return s.location(path, 0, 0, v.enc), nil
			}
		case lookup.ClassName:
			if t.Binding != nil && t.Binding.ScriptName != "" {
				return nil, nil // the class belongs to another Worker
			}
			if loc, _, ok := s.classLocation(ctx, v.path, config.ReadWorker(f, ""), t.Text, v.enc); ok {
				return loc, nil
			}
		}
	}
	return nil, nil
}

// classLocation finds the Python class a config's class_name names: in
// the main module, then where the main module imports it from, then in
// the Python files next to main. exported says whether the main module
// has the name (defined or imported), which is where the runtime looks.
func (s *Server) classLocation(ctx context.Context, configPath string, w *config.Worker, class string, enc source.Encoding) (loc protocol.Location, exported, ok bool) {
	dir := filepath.Dir(configPath)
	main := ""
	if w.Main != nil {
		main = filepath.Join(dir, filepath.FromSlash(w.Main.Value))
		dir = filepath.Dir(main)
		if loc, ok := s.exportedClass(main, class, enc); ok {
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
		if loc, ok := s.classIn(path, class, enc); ok {
			return loc, false, true
		}
	}
	return protocol.Location{}, false, false
}

// classIn finds the top-level class named class in the Python file path.
func (s *Server) classIn(path, class string, enc source.Encoding) (protocol.Location, bool) {
	text, ok := s.readFile(path)
	if !ok {
		return protocol.Location{}, false
	}
	doc := source.Open(pathURI(path), 0, text, true)
	defer doc.Close()
	start, end, found := lookup.ClassDef(doc.Tree(), text, class)
	if !found {
		return protocol.Location{}, false
	}
	return s.location(path, start, end, enc), true
}

// exportedClass finds class among the main module's names: defined there,
// or imported by a top-level `from M import class`, followed to M's file
// relative to main's directory (the Worker's module root). Main is parsed
// once for both.
func (s *Server) exportedClass(main, class string, enc source.Encoding) (protocol.Location, bool) {
	text, ok := s.readFile(main)
	if !ok {
		return protocol.Location{}, false
	}
	doc := source.Open(pathURI(main), 0, text, true)
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
		return s.location(main, start, end, enc), true
	case !imported:
		return protocol.Location{}, false
	}
	base := filepath.Dir(main)
	rest := strings.TrimLeft(module, ".")
	for range len(module) - len(rest) - 1 { // each dot past the first goes up a package
		base = filepath.Dir(base)
	}
	stem := filepath.Join(base, filepath.FromSlash(strings.ReplaceAll(rest, ".", "/")))
	for _, path := range []string{stem + ".py", filepath.Join(stem, "__init__.py")} {
		if loc, ok := s.classIn(path, original, enc); ok {
			return loc, true
		}
	}
	return protocol.Location{}, false
}

// location builds an LSP location for a byte range of the file at path.
func (s *Server) location(path string, start, end int, enc source.Encoding) protocol.Location {
	text, _ := s.readFile(path)
	m := mapper{lines: source.NewLines(text), enc: enc}
	return protocol.Location{URI: protocol.DocumentURI(pathURI(path)), Range: m.rng(start, end)}
}

// readFile returns a file's content: the open buffer if the editor holds
// it, else the disk.
func (s *Server) readFile(path string) ([]byte, bool) {
	s.mu.Lock()
	text, ok := s.overlayLocked(path)
	s.mu.Unlock()
	if ok {
		return text, true
	}
	text, err := config.ReadRegular(path, config.LimitOf(path)) // never a FIFO or device: main = "/dev/zero"
	return text, err == nil
}
