package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
)

func init() {
	requests["textDocument/documentLink"] = (*Server).documentLink
}

// documentLink answers textDocument/documentLink for wrangler configs:
// the `main` of the top level and of every [env.NAME] that sets its own
// links to the module, when it exists.
func (s *Server) documentLink(ctx context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		TextDocument struct {
			URI string `json:"uri"`
		} `json:"textDocument"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	links := []protocol.DocumentLink{}
	v, ok := s.viewOf(p.TextDocument.URI)
	if !ok {
		return links, nil
	}
	defer v.close()
	if v.kind != configDoc || v.path == "" {
		return links, nil
	}
	f := v.config()
	m := v.mapper()
	seen := map[int]bool{}
	for _, env := range append([]string{""}, config.Envs(f)...) {
		w := config.ReadWorker(f, env)
		if w.Main == nil || seen[w.Main.Span.Start] || w.Main.Value == "" {
			continue
		}
		seen[w.Main.Span.Start] = true
		target := filepath.Join(filepath.Dir(v.path), filepath.FromSlash(w.Main.Value))
		if info, err := os.Stat(target); err != nil || info.IsDir() {
			continue
		}
		start, end := unquoted(v.snap.Text, w.Main.Span)
		links = append(links, protocol.DocumentLink{Range: m.rng(start, end), Target: protocol.DocumentURI(pathURI(target)), Tooltip: "Open the Worker's main module"})
	}
	return links, nil
}

// unquoted returns a value's span without its quotes, if it has them.
func unquoted(text []byte, sp config.Span) (int, int) {
	start, end := sp.Start, sp.End
	if end-start >= 2 && end <= len(text) {
		if q := text[start]; (q == '"' || q == '\'') && text[end-1] == q {
			return start + 1, end - 1
		}
	}
	return start, end
}
