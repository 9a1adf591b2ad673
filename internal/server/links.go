package server

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
)

func init() {
	requests["textDocument/documentLink"] = (*Server).documentLink
}

// documentLink answers textDocument/documentLink for Worker configs: in
// a wrangler config the `main` of the top level and of every [env.NAME]
// that sets its own; in a workerd config (config.capnp, *.wd-test) every
// module's `embed "path"`. Each links to the file when it exists.
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
	if v.path == "" {
		return links, nil
	}
	switch {
	case v.kind == configDoc:
		return wranglerLinks(v), nil
	case config.IsWorkerdConfig(v.path):
		return workerdLinks(v), nil
	}
	return links, nil
}

func wranglerLinks(v *view) []protocol.DocumentLink {
	links := []protocol.DocumentLink{}
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
		if !isFile(target) {
			continue
		}
		start, end := unquoted(v.snap.Text, w.Main.Span)
		links = append(links, protocol.DocumentLink{Range: m.rng(start, end), Target: protocol.DocumentURI(pathURI(target)), Tooltip: "Open the Worker's main module"})
	}
	return links
}

// workerdLinks links the embedded files of every module of the config's
// Workers (Python and others: a Worker's modules list is where its files
// are named). Embeds under an import directory (`embed "/x"`) resolve
// nowhere known and get no link.
func workerdLinks(v *view) []protocol.DocumentLink {
	links := []protocol.DocumentLink{}
	c := config.ParseWorkerd(v.path, v.snap.Text)
	m := v.mapper()
	seen := map[int]bool{}
	for _, w := range c.Workers {
		for i, mod := range w.Modules {
			if mod.Path == "" || seen[mod.Span.Start] || !isFile(mod.Path) {
				continue
			}
			seen[mod.Span.Start] = true
			start, end, ok := quotedIn(v.snap.Text, mod.Span)
			if !ok {
				continue
			}
			tip := "Open module " + mod.Name
			if i == 0 {
				tip = "Open the Worker's main module"
			}
			links = append(links, protocol.DocumentLink{Range: m.rng(start, end), Target: protocol.DocumentURI(pathURI(mod.Path)), Tooltip: tip})
		}
	}
	return links
}

// quotedIn returns the inside of the first double-quoted string in sp
// (the path of `embed "worker.py"`).
func quotedIn(text []byte, sp config.Span) (int, int, bool) {
	if sp.End > len(text) || sp.Start < 0 || sp.Start >= sp.End {
		return 0, 0, false
	}
	open := bytes.IndexByte(text[sp.Start:sp.End], '"')
	if open < 0 {
		return 0, 0, false
	}
	start := sp.Start + open + 1
	closing := bytes.IndexByte(text[start:sp.End], '"')
	if closing < 0 {
		return 0, 0, false
	}
	return start, start + closing, true
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
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
