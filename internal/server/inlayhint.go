package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
)

// protocol v0.12 predates inlay hints (LSP 3.17): the few fields used.

type inlayHintParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Range wireRange `json:"range"`
}

// inlayHintKindType is InlayHintKind.Type.
const inlayHintKindType = 1

type inlayHint struct {
	Position    protocol.Position `json:"position"`
	Label       string            `json:"label"`
	Kind        int               `json:"kind,omitempty"`
	PaddingLeft bool              `json:"paddingLeft,omitempty"`
}

// inlayHint answers textDocument/inlayHint: what each `to_js(...)` call
// in the range produces on the file's runtime. Hints are off unless the
// `inlayHints` setting turns them on.
func (s *Server) inlayHint(ctx context.Context, raw json.RawMessage) (any, error) {
	var p inlayHintParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	hints := []inlayHint{}
	v, ok := s.viewOf(p.TextDocument.URI)
	if !ok {
		return hints, nil
	}
	defer v.close()
	if !v.settings.InlayHints || v.kind != pythonDoc {
		return hints, nil
	}
	m := v.mapper()
	start, end := m.offsets(p.Range)
	found, err := ide.InlayHints(ctx, v.snap, start, end)
	if err != nil {
		return nil, err
	}
	for _, h := range found {
		hints = append(hints, inlayHint{Position: m.position(h.Offset), Label: h.Label, Kind: inlayHintKindType, PaddingLeft: true})
	}
	return hints, nil
}
