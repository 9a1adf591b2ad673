package lookup

import (
	"github.com/pyworkers/pyworkers-lsp/analysis/config"
)

// ConfigKind says what a wrangler config holds at an offset.
type ConfigKind int

const (
	ConfigNothing ConfigKind = iota
	// CompatDate is the compatibility_date value.
	CompatDate
	// CompatFlag is one string of compatibility_flags.
	CompatFlag
	// MainPath is the `main` value (the entry module).
	MainPath
	// ClassName is a `class_name` value (a Durable Object or Workflow
	// class).
	ClassName
	// BindingName is the name of a binding (`binding = "DB"`, a vars key).
	BindingName
)

// ConfigTarget is what a wrangler config holds at an offset.
type ConfigTarget struct {
	Kind ConfigKind
	// Start and End cover the value as written (quotes included).
	Start, End int
	// Text is the decoded value.
	Text string
	// Binding is the binding declared there (BindingName, and ClassName
	// inside a binding's declaration).
	Binding *config.Binding
}

// ConfigAt returns what the parsed wrangler config holds at offset: the
// keys of the top level and of every [env.NAME] section count.
func ConfigAt(f *config.File, offset int) ConfigTarget {
	if f == nil || f.Root == nil {
		return ConfigTarget{}
	}
	tables := []*config.Value{f.Root}
	envs := []string{""}
	for _, env := range config.Envs(f) {
		if t := f.Root.Get("env", env); t != nil {
			tables = append(tables, t)
			envs = append(envs, env)
		}
	}
	for i, t := range tables {
		if c := configKeyAt(t, offset); c.Kind != ConfigNothing {
			return c
		}
		w := config.ReadWorker(f, envs[i])
		for j := range w.Bindings {
			b := &w.Bindings[j]
			if !b.Decl.IsZero() && !within(b.Decl, offset) {
				continue
			}
			if within(b.NameSpan, offset) {
				return ConfigTarget{Kind: BindingName, Start: b.NameSpan.Start, End: b.NameSpan.End, Text: b.Name, Binding: b}
			}
			if cf := b.DeclValue.Field("class_name"); cf != nil && within(cf.Value.Span, offset) {
				return ConfigTarget{Kind: ClassName, Start: cf.Value.Span.Start, End: cf.Value.Span.End, Text: b.ClassName, Binding: b}
			}
		}
	}
	return ConfigTarget{}
}

// configKeyAt finds the compatibility settings and `main` in one table.
func configKeyAt(t *config.Value, offset int) ConfigTarget {
	for _, key := range []string{"compatibility_date", "main"} {
		if f := t.Field(key); f != nil && within(f.Value.Span, offset) && (f.Value.Kind == config.String || f.Value.Kind == config.Date) {
			kind := CompatDate
			if key == "main" {
				kind = MainPath
			}
			return ConfigTarget{Kind: kind, Start: f.Value.Span.Start, End: f.Value.Span.End, Text: f.Value.Text}
		}
	}
	if f := t.Field(FlagsKey); f != nil {
		for _, item := range f.Value.Strings() {
			if within(item.Span, offset) {
				return ConfigTarget{Kind: CompatFlag, Start: item.Span.Start, End: item.Span.End, Text: item.Text}
			}
		}
	}
	return ConfigTarget{}
}

// within reports whether offset is inside s; the end counts, so the
// cursor just after a value still finds it.
func within(s config.Span, offset int) bool {
	return s.Start <= offset && offset <= s.End && s.End > s.Start
}
