package lookup

import (
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
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
	hit, ok := f.Locate(offset)
	if !ok {
		return ConfigTarget{}
	}
	env, path := "", hit.Path
	if len(path) >= 2 && path[0] == "env" {
		env, path = path[1], path[2:]
	}
	b := bindingAt(f, env, offset)
	if b != nil && within(b.NameSpan, offset) {
		return ConfigTarget{Kind: BindingName, Start: b.NameSpan.Start, End: b.NameSpan.End, Text: b.Name, Binding: b}
	}
	v := hit.Value
	if hit.OnKey || v == nil || (v.Kind != config.String && v.Kind != config.Date) || len(path) == 0 {
		return ConfigTarget{}
	}
	t := ConfigTarget{Start: v.Span.Start, End: v.Span.End, Text: v.Text}
	switch key := path[len(path)-1]; {
	case len(path) == 1 && key == "compatibility_date":
		t.Kind = CompatDate
	case len(path) == 1 && key == "main" && v.Kind == config.String:
		t.Kind = MainPath
	case len(path) == 1 && key == FlagsKey && v.Kind == config.String:
		t.Kind = CompatFlag
	case key == "class_name" && v.Kind == config.String:
		t.Kind, t.Binding = ClassName, b
	default:
		return ConfigTarget{}
	}
	return t
}

// bindingAt returns the binding of environment env whose declaration
// holds offset, or nil.
func bindingAt(f *config.File, env string, offset int) *config.Binding {
	w := config.ReadWorker(f, env)
	for i := range w.Bindings {
		b := &w.Bindings[i]
		if within(b.Decl, offset) || within(b.NameSpan, offset) {
			return b
		}
	}
	return nil
}

// within reports whether offset is inside s; the end counts, so the
// cursor just after a value still finds it.
func within(s config.Span, offset int) bool {
	return s.Start <= offset && offset <= s.End && s.End > s.Start
}
