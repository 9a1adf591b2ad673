package server

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
)

// completionTriggers are typed characters after which the client asks
// for completions: `env.` and the quote opening a flag name.
var completionTriggers = []string{".", "\""}

// completion answers textDocument/completion: binding names after `env.`
// and `self.env.`, and Python-relevant flags inside compatibility_flags.
func (s *Server) completion(ctx context.Context, raw json.RawMessage) (any, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	m := v.mapper()
	var items []protocol.CompletionItem
	switch v.kind {
	case pythonDoc:
		if slot, ok := lookup.EnvAttributeAt(v.python(), offset); ok {
			items = bindingItems(v.prof, m.rng(slot.Start, slot.End))
		}
	case configDoc:
		if slot, ok := lookup.FlagAt(v.snap.Text, offset); ok {
			items = flagItems(v, slot, m.rng(slot.Start, slot.End))
		}
	}
	if items == nil {
		return nil, nil
	}
	return protocol.CompletionList{Items: items}, nil
}

// bindingItems lists the profile's bindings, the kind as detail.
func bindingItems(p *profile.Profile, rng protocol.Range) []protocol.CompletionItem {
	names := make([]string, 0, len(p.Bindings))
	for name := range p.Bindings {
		names = append(names, name)
	}
	sort.Strings(names)
	items := make([]protocol.CompletionItem, 0, len(names))
	for _, name := range names {
		b := p.Bindings[name]
		detail := b.Kind
		if k, ok := config.LookupBindingKind(b.Kind); ok {
			detail = k.Doc + " (" + b.Kind + ")"
		}
		if b.ClassName != "" {
			detail += ", class " + b.ClassName
		}
		items = append(items, protocol.CompletionItem{
			Label:    name,
			Kind:     protocol.CompletionItemKindField,
			Detail:   detail,
			TextEdit: &protocol.TextEdit{Range: rng, NewText: name},
		})
	}
	return items
}

// flagItems lists the Python-relevant compatibility flags and their
// opposites, with what each means.
func flagItems(v *view, slot lookup.Slot, rng protocol.Range) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	add := func(name, detail string) {
		if slices.Contains(slot.Listed, name) {
			return // already in the array
		}
		text := name
		if !slot.Quoted {
			text = `"` + name + `"`
		}
		doc := v.markup(profile.DescribeFlag(name))
		items = append(items, protocol.CompletionItem{
			Label:         name,
			Kind:          protocol.CompletionItemKindConstant,
			Detail:        detail,
			Documentation: doc,
			TextEdit:      &protocol.TextEdit{Range: rng, NewText: text},
		})
	}
	for _, f := range profile.Flags() {
		add(f.Name, f.Meaning)
		if f.Opposite != "" {
			add(f.Opposite, "turns off "+f.Name)
		}
	}
	sort.Slice(items, func(i, j int) bool { return strings.Compare(items[i].Label, items[j].Label) < 0 })
	return items
}
