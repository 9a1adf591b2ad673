package server

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"sort"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

func init() {
	requests["textDocument/prepareRename"] = (*Server).prepareRename
	requests["textDocument/rename"] = (*Server).rename
	requests["textDocument/references"] = (*Server).references
}

// A binding name is a symbol of the Worker: declared in the wrangler
// config (`binding = "CACHE"`, a vars key) and read as env.CACHE in its
// Python modules. Rename and find-references cover every declaration (all
// environments) and every read the analysis resolves to that binding —
// a CACHE attribute of anything else is left alone.

// bindingTarget is the binding under the cursor.
type bindingTarget struct {
	name       string
	start, end int // the name in the document under the cursor
	path       string
	m          mapper
}

// bindingAt finds the binding name at the request's position: env.NAME
// in Python, the binding's name in a wrangler config.
func (s *Server) bindingAt(ctx context.Context, raw json.RawMessage) (*bindingTarget, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	if v.path == "" {
		return nil, nil
	}
	switch v.kind {
	case pythonDoc:
		f, done, err := v.python(ctx)
		if err != nil {
			return nil, err
		}
		t := lookup.At(f, offset)
		done()
		if t.Kind == lookup.EnvBinding && t.Binding != "" {
			return &bindingTarget{name: t.Binding, start: t.Start, end: t.End, path: v.path, m: v.mapper()}, nil
		}
	case projectDoc:
		if config.IsWorkerdConfig(v.path) {
			return workerdBindingAt(v, offset), nil
		}
	case configDoc:
		t := lookup.ConfigAt(v.config(), offset)
		if t.Kind == lookup.BindingName && t.Text != "" {
			start, end := unquoted(v.snap.Text, config.Span{Start: t.Start, End: t.End})
			return &bindingTarget{name: t.Text, start: start, end: end, path: v.path, m: v.mapper()}, nil
		}
	}
	return nil, nil
}

// occurrence is one place a binding name is written.
type occurrence struct {
	path       string
	start, end int
	decl       bool // in the wrangler config
}

// bindingOccurrences lists the declarations and reads of binding name in
// the Worker the file at path belongs to, with each file's text.
func (s *Server) bindingOccurrences(ctx context.Context, path, name string) ([]occurrence, map[string][]byte, error) {
	s.mu.Lock()
	p := s.projectForLocked(path)
	opts := s.optionsForLocked(p)
	s.mu.Unlock()
	if p.Worker != nil || config.IsWorkerdConfig(path) {
		return s.workerdOccurrences(ctx, path, name)
	}
	texts := map[string][]byte{}
	if !hasWrangler(p) {
		return nil, texts, nil // bindings come from a wrangler config
	}
	occs := configOccurrences(p, name, s.readFile, texts)
	modules := workerModules(p, opts)
	if filepath.Ext(path) == ".py" && !hasString(modules, path) {
		modules = append(modules, path)
	}
	found, err := s.modulesOccurrences(ctx, modules, name, func(string) *analysis.Project { return p }, texts)
	return append(occs, found...), texts, err
}

// configOccurrences are the binding's declarations in every environment
// of the Worker's wrangler config.
func configOccurrences(p *analysis.Project, name string, read func(string) ([]byte, bool), texts map[string][]byte) []occurrence {
	path := p.Workspace.Wrangler.Path
	text, ok := read(path)
	if !ok {
		return nil
	}
	f := config.ParseFile(path, text, config.FormatOf(path))
	var out []occurrence
	seen := map[int]bool{}
	for _, env := range append([]string{""}, config.Envs(f)...) {
		for _, b := range config.ReadWorker(f, env).Bindings {
			if b.Name != name || seen[b.NameSpan.Start] || b.NameSpan.End <= b.NameSpan.Start {
				continue
			}
			seen[b.NameSpan.Start] = true
			start, end := unquoted(text, b.NameSpan)
			out = append(out, occurrence{path: path, start: start, end: end, decl: true})
		}
	}
	if len(out) > 0 {
		texts[path] = text
	}
	return out
}

// moduleOccurrences finds the reads of binding name in one module: each
// `.name` in the text is a candidate, kept only when the analysis
// resolves it to the binding (self.env.NAME, env.NAME of a handler, …).
func moduleOccurrences(path string, text []byte, name string, p *analysis.Project) []occurrence {
	candidates := attributeCandidates(text, name)
	if len(candidates) == 0 {
		return nil // no parse for modules that never mention the name
	}
	doc := source.Open(pathURI(path), 0, text, true)
	defer doc.Close()
	snap := doc.Snapshot()
	defer snap.Close()
	f := lookup.NewFile(snap.Tree, snap.Text, p.Profile, nil)
	var out []occurrence
	for _, off := range candidates {
		if t := lookup.At(f, off); t.Kind == lookup.EnvBinding && t.Binding == name {
			out = append(out, occurrence{path: path, start: t.Start, end: t.End})
		}
	}
	return out
}

// attributeCandidates returns the offsets of `name` written as a whole
// identifier right after a dot.
func attributeCandidates(text []byte, name string) []int {
	var out []int
	needle := []byte(name)
	for i := 0; ; {
		j := bytes.Index(text[i:], needle)
		if j < 0 {
			return out
		}
		at := i + j
		end := at + len(needle)
		before := at - 1
		for before >= 0 && (text[before] == ' ' || text[before] == '\t') {
			before--
		}
		if before >= 0 && text[before] == '.' && (end >= len(text) || !isIdent(text[end])) && (at == 0 || !isIdent(text[at-1])) {
			out = append(out, at)
		}
		i = end
	}
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func hasString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// validBindingName: a binding is read as a Python attribute, so a new
// name must be an identifier.
func validBindingName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isIdent(name[i]) || name[i] >= 0x80 {
			return false
		}
	}
	return true
}

func (s *Server) prepareRename(ctx context.Context, raw json.RawMessage) (any, error) {
	t, err := s.bindingAt(ctx, raw)
	if t == nil {
		return nil, err
	}
	return map[string]any{"range": t.m.rng(t.start, t.end), "placeholder": t.name}, nil
}

// rename renames a binding in the wrangler config and every module of
// the Worker.
func (s *Server) rename(ctx context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		NewName string `json:"newName"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	t, err := s.bindingAt(ctx, raw)
	if t == nil {
		return nil, err
	}
	if !validBindingName(p.NewName) {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%q is not a valid binding name: it is read as env.NAME, so it must be a Python identifier", p.NewName)
	}
	locs, err := s.bindingLocations(ctx, t, true)
	if err != nil {
		return nil, err
	}
	changes := map[protocol.DocumentURI][]protocol.TextEdit{}
	for _, l := range locs {
		changes[l.URI] = append(changes[l.URI], protocol.TextEdit{Range: l.Range, NewText: p.NewName})
	}
	return protocol.WorkspaceEdit{Changes: changes}, nil
}

// references lists where a binding is read (and, with
// includeDeclaration, declared).
func (s *Server) references(ctx context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		Context struct {
			IncludeDeclaration bool `json:"includeDeclaration"`
		} `json:"context"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	out := []protocol.Location{}
	t, err := s.bindingAt(ctx, raw)
	if t == nil {
		return out, err
	}
	out, err = s.bindingLocations(ctx, t, p.Context.IncludeDeclaration)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].URI != out[j].URI {
			return out[i].URI < out[j].URI
		}
		a, b := out[i].Range.Start, out[j].Range.Start
		return a.Line < b.Line || a.Line == b.Line && a.Character < b.Character
	})
	return out, nil
}

// bindingLocations converts the binding's occurrences to LSP locations
// (declarations only with decl).
func (s *Server) bindingLocations(ctx context.Context, t *bindingTarget, decl bool) ([]protocol.Location, error) {
	occs, texts, err := s.bindingOccurrences(ctx, t.path, t.name)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	enc := s.enc
	s.mu.Unlock()
	out := []protocol.Location{}
	for _, o := range occs {
		if o.decl && !decl {
			continue
		}
		m := mapper{lines: source.NewLines(texts[o.path]), enc: enc}
		out = append(out, protocol.Location{URI: protocol.DocumentURI(pathURI(o.path)), Range: m.rng(o.start, o.end)})
	}
	return out, nil
}

// workerdBindingAt finds the binding name under offset in a workerd
// config: the `name = "CACHE"` of one of its Workers' bindings.
func workerdBindingAt(v *view, offset int) *bindingTarget {
	c := config.ParseWorkerd(v.path, v.snap.Text)
	for _, w := range c.Workers {
		for _, b := range w.Bindings {
			if b.NameSpan.Start <= offset && offset <= b.NameSpan.End && b.NameSpan.End > b.NameSpan.Start {
				start, end := unquoted(v.snap.Text, b.NameSpan)
				return &bindingTarget{name: b.Name, start: start, end: end, path: v.path, m: v.mapper()}
			}
		}
	}
	return nil
}

// workerdOccurrences lists a binding's declarations and reads in the
// workerd Workers involved: those embedding the module at path (or, from
// a config, that config's Workers) that declare the name. Each Worker
// declares its bindings itself, so the declarations in every such Worker
// and the reads in every module they embed change together.
func (s *Server) workerdOccurrences(ctx context.Context, path, name string) ([]occurrence, map[string][]byte, error) {
	texts := map[string][]byte{}
	s.mu.Lock()
	ws := s.dirProjectLocked(path).Workspace
	s.mu.Unlock()
	if ws == nil {
		return nil, texts, nil
	}
	candidates := ws.WorkersOf(path)
	for _, c := range ws.Workerd {
		if c.Path == path {
			candidates = append(candidates, c.Workers...)
		}
	}
	// The Workers that declare name, by config, and their Python modules.
	byConfig := map[string]map[string]bool{}
	var modules []string
	for _, w := range candidates {
		if _, ok := workerdBinding(w, name); !ok {
			continue
		}
		if byConfig[w.Config.Path] == nil {
			byConfig[w.Config.Path] = map[string]bool{}
		}
		byConfig[w.Config.Path][w.Name] = true
		for _, m := range w.Modules {
			if m.Type == "pythonModule" && m.Path != "" && !hasString(modules, m.Path) {
				modules = append(modules, m.Path)
			}
		}
	}
	var occs []occurrence
	for cpath, names := range byConfig {
		text, ok := s.readFile(cpath)
		if !ok {
			continue
		}
		// Spans from the text being edited (an open buffer wins).
		for _, w := range config.ParseWorkerd(cpath, text).Workers {
			if b, ok := workerdBinding(w, name); ok && names[w.Name] {
				start, end := unquoted(text, b.NameSpan)
				occs = append(occs, occurrence{path: cpath, start: start, end: end, decl: true})
				texts[cpath] = text
			}
		}
	}
	sort.Strings(modules)
	found, err := s.modulesOccurrences(ctx, modules, name, func(mod string) *analysis.Project {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.projectForLocked(mod)
	}, texts)
	return append(occs, found...), texts, err
}

// modulesOccurrences finds the reads of binding name in each module,
// resolved under the project projectOf gives it; modules with a read
// get their text in texts.
func (s *Server) modulesOccurrences(ctx context.Context, modules []string, name string, projectOf func(string) *analysis.Project, texts map[string][]byte) ([]occurrence, error) {
	var occs []occurrence
	for _, mod := range modules {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		text, ok := s.readFile(mod)
		if !ok {
			continue
		}
		if found := moduleOccurrences(mod, text, name, projectOf(mod)); len(found) > 0 {
			texts[mod] = text
			occs = append(occs, found...)
		}
	}
	return occs, nil
}

// workerdBinding returns the Worker's binding called name.
func workerdBinding(w *config.WorkerdWorker, name string) (config.Binding, bool) {
	for _, b := range w.Bindings {
		if b.Name == name && b.NameSpan.End > b.NameSpan.Start {
			return b, true
		}
	}
	return config.Binding{}, false
}
