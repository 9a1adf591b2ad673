package ide

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/docs"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// Files reads another file of the workspace: the editor's open buffer
// when it holds one, else the disk (regular files only, size-capped).
type Files func(path string) ([]byte, bool)

// Location is a byte range in a file.
type Location struct {
	Path       string
	Start, End int
}

// Hover is a hover's markdown and the range it is about.
type Hover struct {
	Markdown   string
	Start, End int
}

// HoverAt returns the hover at offset ("" Markdown for none). docsBase is
// the base URL of the rule documentation.
func HoverAt(ctx context.Context, s *Snapshot, offset int, files Files, docsBase string) (Hover, error) {
	switch s.Kind {
	case Python:
		f, done, err := s.Lookup(ctx)
		if err != nil {
			return Hover{}, err
		}
		t := lookup.At(f, offset)
		done()
		return Hover{pythonHover(s, t, files, docsBase), t.Start, t.End}, nil
	case Config:
		f := s.ConfigFile()
		t := lookup.ConfigAt(f, offset)
		return Hover{configHover(ctx, s, f, t, files), t.Start, t.End}, nil
	}
	return Hover{}, nil
}

// pythonHover renders the hover of a Python target; "" for none.
func pythonHover(s *Snapshot, t lookup.Target, files Files, docsBase string) string {
	switch t.Kind {
	case lookup.Symbol, lookup.ProxyMethod:
		e, ok := docs.Lookup(t.Key, s.Profile())
		if !ok {
			return ""
		}
		if t.Kind == lookup.ProxyMethod && t.Binding != "" {
			return bindingValueNote(t) + "\n\n" + e.Markdown
		}
		return e.Markdown
	case lookup.EnvBinding, lookup.BindingMember:
		return bindingHover(s.Profile(), t, files)
	case lookup.RuleCode:
		r := rules.ByCode(t.Code)
		if r == nil {
			return ""
		}
		return fmt.Sprintf("**%s** `%s`: %s\n\nSeverity: %s. Applies: %s. Fix: %s.\n\n[Documentation](%s)",
			r.Code, r.Name, r.Summary, r.Severity, r.Runtimes, r.FixSafety(), rules.DocURL(docsBase, r.Code))
	}
	return ""
}

// bindingValueNote says whether a value a binding returned was converted.
func bindingValueNote(t lookup.Target) string {
	from := "`" + bindingExpr(t.Binding) + strings.TrimSuffix(t.Path, "."+t.Member) + "`"
	if t.Raw {
		return "This value comes from " + from + ", a raw JavaScript binding: it is a JsProxy."
	}
	return "This value comes from " + from + ", which workers-runtime-sdk already converted to a Python value: `." + t.Member + "()` raises AttributeError here."
}

// bindingExpr is how code reaches a binding: env.DB, self.ctx.storage.
func bindingExpr(binding string) string {
	if binding == "ctx.storage" {
		return "self.ctx.storage"
	}
	return "env." + binding
}

// bindingHover describes env.NAME (or a member used on it): its kind,
// where it is declared, whether the SDK converts across it, and the
// kind's documentation.
func bindingHover(prof *profile.Profile, t lookup.Target, files Files) string {
	var b strings.Builder
	name, kind, desc := bindingExpr(t.Binding), t.BindingKind, "binding"
	if k, ok := config.LookupBindingKind(kind); ok {
		desc = k.Doc
	}
	storage := t.Binding == "ctx.storage"
	if storage {
		kind, desc = "", "Durable Object storage"
	}
	switch {
	case t.Kind == lookup.BindingMember:
		fmt.Fprintf(&b, "**%s%s**: used on the %s `%s`\n\n", name, t.Path, desc, name)
	case kind != "":
		fmt.Fprintf(&b, "**%s**: %s (`%s`)\n\n", name, desc, kind)
	case storage:
		fmt.Fprintf(&b, "**%s**: the Durable Object's transactional key-value storage\n\n", name)
	default:
		fmt.Fprintf(&b, "**%s**\n\n", name)
	}
	if storage {
		// Not declared in the config: every Durable Object has it.
	} else if decl, ok := prof.Bindings[t.Binding]; ok {
		if decl.ClassName != "" {
			fmt.Fprintf(&b, "Class `%s`. ", decl.ClassName)
		}
		if loc := decl.Decl; loc.File != "" {
			line := lineOf(files, loc.File, loc.Start)
			fmt.Fprintf(&b, "Declared in [%s:%d](%s#L%d).\n\n", filepath.Base(loc.File), line, FileURI(loc.File), line)
		} else {
			b.WriteString("Declared in the wrangler config.\n\n")
		}
	} else if prof.HasConfig() {
		fmt.Fprintf(&b, "Not declared in `%s`: `%s` does not exist at runtime.\n\n", filepath.Base(prof.ConfigFile), name)
	} else {
		b.WriteString("No wrangler config found, so the binding's kind is unknown.\n\n")
	}
	switch {
	case kind == "vars":
		// A plain value: nothing to call, nothing converted per call.
	case t.Raw && prof.SDKWrapsBindings:
		b.WriteString("Raw JavaScript binding here: this `env` is not the one workers-runtime-sdk wraps, so " + rawConversion)
	case t.Raw:
		b.WriteString("Raw JavaScript binding here: " + rawConversion)
	default:
		b.WriteString("workers-runtime-sdk converts across this binding: arguments become JavaScript values (`None` → `null`, a dict → an Object) and results come back as Python values.")
	}
	if e, ok := docs.BindingKind(kind, prof); ok {
		b.WriteString("\n\n---\n\n" + e.Markdown)
	}
	return strings.TrimRight(b.String(), "\n")
}

// rawConversion says what crossing a raw JavaScript binding does.
const rawConversion = "arguments get Pyodide's default conversion (`None` → `undefined`, a dict → a PyProxy whose keys JavaScript cannot see) and results are JsProxy objects (`.to_py()` copies them)."

// configHover renders the hover of a wrangler config target; "" for none.
func configHover(ctx context.Context, s *Snapshot, f *config.File, t lookup.ConfigTarget, files Files) string {
	switch t.Kind {
	case lookup.MainPath:
		return mainHover(s, t.Text, files)
	case lookup.ClassName:
		return classNameHover(ctx, s, f, t, files)
	case lookup.CompatDate:
		md := profile.DescribeDate(t.Text)
		// The flags can move the runtime off the date's line (a newer
		// Python, an opted-out one): say what this Worker ends up with.
		if p := s.Profile(); s.Path != "" && p.ConfigFile == s.Path && p.CompatDate == t.Text {
			md += fmt.Sprintf("\n\nThis Worker, flags included, runs on **%s** (%s).", p.Runtime, p.Sources["runtime"])
		}
		return md
	case lookup.CompatFlag:
		return profile.DescribeFlag(t.Text)
	case lookup.BindingName:
		if e, ok := docs.BindingKind(t.Binding.Kind, s.Profile()); ok {
			return fmt.Sprintf("`env.%s`\n\n%s", t.Binding.Name, e.Markdown)
		}
	}
	return ""
}

// mainHover says what the entry module is and where requests go in it.
func mainHover(s *Snapshot, main string, files Files) string {
	md := fmt.Sprintf("**main**: the Worker's entry module, `%s`.", main)
	if s.Path == "" {
		return md
	}
	path := filepath.Join(filepath.Dir(s.Path), filepath.FromSlash(main))
	if _, err := config.Confine(filepath.Dir(s.Path), path); err != nil {
		return md + "\n\nIt leads outside this config's folder: not read."
	}
	if _, ok := files(path); !ok {
		return md + "\n\nThe file does not exist next to this config: the deploy fails."
	}
	if p := s.Profile(); p.ConfigFile == s.Path {
		if p.Has(profile.FlagNoGlobalHandlers) {
			md += "\n\nOn this runtime requests go to `class Default(WorkerEntrypoint)` in it; module-level `on_fetch` and `@handler` functions are ignored (`" + profile.FlagNoGlobalHandlers + "`)."
		} else {
			md += "\n\nOn this runtime module-level `on_fetch` handlers still run; `class Default(WorkerEntrypoint)` is what newer runtimes call (`" + profile.FlagNoGlobalHandlers + "`, the default from 2025-08-14)."
		}
	}
	return md
}

// classNameHover says which Python class a class_name names and where it
// is defined.
func classNameHover(ctx context.Context, s *Snapshot, f *config.File, t lookup.ConfigTarget, files Files) string {
	what := "Durable Object or Workflow"
	if t.Binding != nil {
		what = fmt.Sprintf("`env.%s` (%s)", t.Binding.Name, t.Binding.Kind)
	}
	md := fmt.Sprintf("**class_name** `%s`: the Python class behind %s.", t.Text, what)
	switch {
	case t.Binding != nil && t.Binding.ScriptName != "":
		return md + fmt.Sprintf("\n\nIt is defined in the Worker `%s` (script_name), not in this one.", t.Binding.ScriptName)
	case s.Path == "":
		return md
	}
	loc, exported, ok := ClassLocation(ctx, s.Path, config.ReadWorker(f, ""), t.Text, files)
	if !ok {
		return md + "\n\nThe main module neither defines nor imports a class of that name (and none is beside it): the runtime looks class_name up among the main module's names, so the deploy fails."
	}
	path := loc.Path
	if rel, err := filepath.Rel(filepath.Dir(s.Path), path); err == nil {
		path = filepath.ToSlash(rel)
	}
	md += fmt.Sprintf("\n\nDefined in `%s`, line %d.", path, lineOf(files, loc.Path, loc.Start))
	if !exported {
		md += " The main module does not import it, and the runtime looks class_name up among the main module's names: import it there."
	}
	return md
}

// lineOf returns the 1-based line of offset in the file at path; 1 when
// the file cannot be read.
func lineOf(files Files, path string, offset int) int {
	text, ok := files(path)
	if !ok {
		return 1
	}
	return source.NewLines(text).Line(offset) + 1
}

// FileURI builds a file: URI for a local path.
func FileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
