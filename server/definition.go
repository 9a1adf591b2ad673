package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"

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
			if _, ok := s.readFile(path); ok {
				return s.location(path, 0, 0, v.enc), nil
			}
		case lookup.ClassName:
			if t.Binding != nil && t.Binding.ScriptName != "" {
				return nil, nil // the class belongs to another Worker
			}
			return s.classLocation(ctx, v.path, config.ReadWorker(f, ""), t.Text, v.enc), nil
		}
	}
	return nil, nil
}

// classLocation finds the Python class a config's class_name names: in
// the main module first, then in the Python files next to it.
func (s *Server) classLocation(ctx context.Context, configPath string, w *config.Worker, class string, enc source.Encoding) any {
	dir := filepath.Dir(configPath)
	var candidates []string
	if w.Main != nil {
		main := filepath.Join(dir, filepath.FromSlash(w.Main.Value))
		candidates = append(candidates, main)
		dir = filepath.Dir(main)
	}
	siblings, _ := filepath.Glob(filepath.Join(dir, "*.py"))
	sort.Strings(siblings)
	for _, path := range siblings {
		if len(candidates) >= maxClassSearch {
			break
		}
		if len(candidates) == 0 || path != candidates[0] {
			candidates = append(candidates, path)
		}
	}
	for _, path := range candidates {
		if ctx.Err() != nil {
			return nil
		}
		text, ok := s.readFile(path)
		if !ok {
			continue
		}
		doc := source.Open(pathURI(path), 0, text, true)
		start, end, found := lookup.ClassDef(doc.Tree(), text, class)
		doc.Close()
		if found {
			return s.location(path, start, end, enc)
		}
	}
	return nil
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
	text, err := os.ReadFile(path)
	return text, err == nil
}
