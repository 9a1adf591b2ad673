package server

import (
	"context"
	"encoding/json"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
)

// completionTriggers are typed characters after which the client asks
// for completions: `env.` and the quote opening a flag name.
var completionTriggers = []string{".", "\""}

// completion answers textDocument/completion (ide.Completion).
func (s *Server) completion(ctx context.Context, raw json.RawMessage) (any, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	found, err := ide.Completion(ctx, v.snap, offset)
	if len(found) == 0 || err != nil {
		return nil, err
	}
	m := v.mapper()
	items := make([]protocol.CompletionItem, 0, len(found))
	for _, it := range found {
		ci := protocol.CompletionItem{Label: it.Label, Detail: it.Detail,
			TextEdit: &protocol.TextEdit{Range: m.rng(it.Start, it.End), NewText: it.NewText}}
		switch it.Kind {
		case ide.BindingItem:
			ci.Kind = protocol.CompletionItemKindField
		case ide.FlagItem:
			ci.Kind = protocol.CompletionItemKindConstant
		}
		if it.Doc != "" {
			ci.Documentation = v.markup(it.Doc)
		}
		items = append(items, ci)
	}
	return protocol.CompletionList{Items: items}, nil
}
