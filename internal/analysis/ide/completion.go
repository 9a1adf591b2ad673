package ide

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// ItemKind is what a completion item names.
type ItemKind int

const (
	BindingItem ItemKind = iota + 1 // env.NAME
	FlagItem                        // a compatibility flag
)

// Item is one completion: Label replaces the bytes [Start, End) with
// NewText. Doc is markdown ("" for none).
type Item struct {
	Label, Detail, Doc, NewText string
	Kind                        ItemKind
	Start, End                  int
}

// Completion lists the completions at offset: binding names after `env.`
// and `self.env.`, and Python-relevant flags inside compatibility_flags;
// nil for none.
func Completion(ctx context.Context, s *Snapshot, offset int) ([]Item, error) {
	switch s.Kind {
	case Python:
		f, done, err := s.Lookup(ctx)
		if err != nil {
			return nil, err
		}
		slot, ok := lookup.EnvAttributeAt(f, offset)
		done()
		if ok {
			return bindingItems(s.Profile(), slot), nil
		}
	case Config:
		if slot, ok := lookup.FlagAt(s.Text, offset); ok {
			return flagItems(slot), nil
		}
	}
	return nil, nil
}

// bindingItems lists the profile's bindings, the kind as detail.
func bindingItems(p *profile.Profile, slot lookup.Slot) []Item {
	names := make([]string, 0, len(p.Bindings))
	for name := range p.Bindings {
		names = append(names, name)
	}
	sort.Strings(names)
	items := make([]Item, 0, len(names))
	for _, name := range names {
		b := p.Bindings[name]
		detail := b.Kind
		if k, ok := config.LookupBindingKind(b.Kind); ok {
			detail = k.Doc + " (" + b.Kind + ")"
		}
		if b.ClassName != "" {
			detail += ", class " + b.ClassName
		}
		items = append(items, Item{Label: name, Kind: BindingItem, Detail: detail, NewText: name, Start: slot.Start, End: slot.End})
	}
	return items
}

// flagItems lists the Python-relevant compatibility flags and their
// opposites, with what each means.
func flagItems(slot lookup.Slot) []Item {
	var items []Item
	add := func(name, detail string) {
		if slices.Contains(slot.Listed, name) {
			return // already in the array
		}
		text := name
		if !slot.Quoted {
			text = `"` + name + `"`
		}
		items = append(items, Item{Label: name, Kind: FlagItem, Detail: detail, Doc: profile.DescribeFlag(name),
			NewText: text, Start: slot.Start, End: slot.End})
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

// Hint is an inlay hint: Label shown at Offset.
type Hint = lookup.Hint

// InlayHints returns what each `to_js(...)` call in [start, end) of a
// Python snapshot produces on its runtime.
func InlayHints(ctx context.Context, s *Snapshot, start, end int) ([]Hint, error) {
	if s.Kind != Python {
		return nil, nil
	}
	f, done, err := s.Lookup(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	return lookup.ToJSHints(f, start, end), nil
}
