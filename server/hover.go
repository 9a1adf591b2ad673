package server

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/analysis/docs"
	"github.com/pyworkers/pyworkers-lsp/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
)

// positionParams is TextDocumentPositionParams, decoded with wire
// positions so out-of-range values clamp instead of failing.
type positionParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Position wirePosition `json:"position"`
}

// view is what a request needs of one open document, taken under s.mu so
// the request can run off the read loop. Close releases the snapshot.
type view struct {
	snap     *source.Snapshot
	path     string
	kind     docKind
	prof     *profile.Profile
	enc      source.Encoding
	markdown bool
	settings Settings
	docs     string // base URL of the rule documentation
	sums     *lookup.Summaries
	work     *worker // the document's analysis worker (its published findings)
}

// viewOf snapshots the open document uri; false when it is not open.
func (s *Server) viewOf(uri string) (*view, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return nil, false
	}
	if d.kind == pythonDoc && d.lookups == nil {
		d.lookups = &lookup.Summaries{}
	}
	proj := s.projectForLocked(d.path)
	return &view{
		snap:     d.doc.Snapshot(),
		path:     d.path,
		kind:     d.kind,
		prof:     proj.Profile,
		enc:      s.enc,
		markdown: s.client.markdownHover,
		settings: s.settings,
		docs:     s.optionsForLocked(proj).Docs(),
		sums:     d.lookups,
		work:     d.work,
	}, true
}

// viewAt decodes position params and snapshots their document; a nil
// view means the document is not open (or the params are invalid: err).
func (s *Server) viewAt(raw json.RawMessage) (v *view, offset int, err error) {
	var p positionParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, 0, invalidParams(err)
	}
	v, ok := s.viewOf(p.TextDocument.URI)
	if !ok {
		return nil, 0, nil
	}
	return v, v.mapper().offset(p.Position), nil
}

func (v *view) close() { v.snap.Close() }

func (v *view) mapper() mapper { return mapper{lines: v.snap.Lines, enc: v.enc} }

// python prepares the Python document for lookups, with the module
// summary the analysis built for this version when it has published it.
func (v *view) python() *lookup.File {
	if m, ok := v.work.summary(v.snap.Version); ok {
		return lookup.NewFileOf(v.snap.Tree, v.snap.Text, v.prof, m)
	}
	return lookup.NewFile(v.snap.Tree, v.snap.Text, v.prof, v.sums)
}

// config parses the wrangler config document.
func (v *view) config() *config.File {
	name := v.path
	if name == "" {
		name = v.snap.URI
	}
	return config.ParseFile(v.path, v.snap.Text, config.FormatOf(name))
}

// markup renders markdown for the client: as is, or as plain text for
// clients that do not take markdown.
func (v *view) markup(md string) protocol.MarkupContent {
	if v.markdown {
		return protocol.MarkupContent{Kind: protocol.Markdown, Value: md}
	}
	return protocol.MarkupContent{Kind: protocol.PlainText, Value: docs.Entry{Markdown: md}.Plaintext()}
}

func (s *Server) hover(ctx context.Context, raw json.RawMessage) (any, error) {
	v, offset, err := s.viewAt(raw)
	if v == nil {
		return nil, err
	}
	defer v.close()
	m := v.mapper()
	var md string
	var start, end int
	switch v.kind {
	case pythonDoc:
		t := lookup.At(v.python(), offset)
		md, start, end = s.pythonHover(v, t), t.Start, t.End
	case configDoc:
		f := v.config()
		t := lookup.ConfigAt(f, offset)
		md, start, end = s.configHover(ctx, v, f, t), t.Start, t.End
	}
	if md == "" {
		return nil, nil
	}
	rng := m.rng(start, end)
	return protocol.Hover{Contents: v.markup(md), Range: &rng}, nil
}

// pythonHover renders the hover of a Python target; "" for none.
func (s *Server) pythonHover(v *view, t lookup.Target) string {
	switch t.Kind {
	case lookup.Symbol, lookup.ProxyMethod:
		e, ok := docs.Lookup(t.Key, v.prof)
		if !ok {
			return ""
		}
		if t.Kind == lookup.ProxyMethod && t.Binding != "" {
			return bindingValueNote(t) + "\n\n" + e.Markdown
		}
		return e.Markdown
	case lookup.EnvBinding, lookup.BindingMember:
		return s.bindingHover(v, t)
	case lookup.RuleCode:
		r := rules.ByCode(t.Code)
		if r == nil {
			return ""
		}
		return fmt.Sprintf("**%s** `%s`: %s\n\nSeverity: %s. Applies: %s. Fix: %s.\n\n[Documentation](%s)",
			r.Code, r.Name, r.Summary, r.Severity, r.Runtimes, r.FixSafety(), rules.DocURL(v.docs, r.Code))
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
func (s *Server) bindingHover(v *view, t lookup.Target) string {
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
	} else if decl, ok := v.prof.Bindings[t.Binding]; ok {
		if decl.ClassName != "" {
			fmt.Fprintf(&b, "Class `%s`. ", decl.ClassName)
		}
		if loc := decl.Decl; loc.File != "" {
			line := s.lineOf(loc.File, loc.Start)
			fmt.Fprintf(&b, "Declared in [%s:%d](%s#L%d).\n\n", filepath.Base(loc.File), line, pathURI(loc.File), line)
		} else {
			b.WriteString("Declared in the wrangler config.\n\n")
		}
	} else if v.prof.HasConfig() {
		fmt.Fprintf(&b, "Not declared in `%s`: `%s` does not exist at runtime.\n\n", filepath.Base(v.prof.ConfigFile), name)
	} else {
		b.WriteString("No wrangler config found, so the binding's kind is unknown.\n\n")
	}
	switch {
	case kind == "vars":
		// A plain value: nothing to call, nothing converted per call.
	case t.Raw && v.prof.SDKWrapsBindings:
		b.WriteString("Raw JavaScript binding here: this `env` is not the one workers-runtime-sdk wraps, so " + rawConversion)
	case t.Raw:
		b.WriteString("Raw JavaScript binding here: " + rawConversion)
	default:
		b.WriteString("workers-runtime-sdk converts across this binding: arguments become JavaScript values (`None` → `null`, a dict → an Object) and results come back as Python values.")
	}
	if e, ok := docs.BindingKind(kind, v.prof); ok {
		b.WriteString("\n\n---\n\n" + e.Markdown)
	}
	return strings.TrimRight(b.String(), "\n")
}

// rawConversion says what crossing a raw JavaScript binding does.
const rawConversion = "arguments get Pyodide's default conversion (`None` → `undefined`, a dict → a PyProxy whose keys JavaScript cannot see) and results are JsProxy objects (`.to_py()` copies them)."

// configHover renders the hover of a wrangler config target; "" for none.
func (s *Server) configHover(ctx context.Context, v *view, f *config.File, t lookup.ConfigTarget) string {
	switch t.Kind {
	case lookup.MainPath:
		return s.mainHover(v, t.Text)
	case lookup.ClassName:
		return s.classNameHover(ctx, v, f, t)
	case lookup.CompatDate:
		md := profile.DescribeDate(t.Text)
		// The flags can move the runtime off the date's line (a newer
		// Python, an opted-out one): say what this Worker ends up with.
		if p := v.prof; v.path != "" && p.ConfigFile == v.path && p.CompatDate == t.Text {
			md += fmt.Sprintf("\n\nThis Worker, flags included, runs on **%s** (%s).", p.Runtime, p.Sources["runtime"])
		}
		return md
	case lookup.CompatFlag:
		return profile.DescribeFlag(t.Text)
	case lookup.BindingName:
		if e, ok := docs.BindingKind(t.Binding.Kind, v.prof); ok {
			return fmt.Sprintf("`env.%s`\n\n%s", t.Binding.Name, e.Markdown)
		}
	}
	return ""
}

// mainHover says what the entry module is and where requests go in it.
func (s *Server) mainHover(v *view, main string) string {
	md := fmt.Sprintf("**main**: the Worker's entry module, `%s`.", main)
	if v.path == "" {
		return md
	}
	if _, ok := s.readFile(filepath.Join(filepath.Dir(v.path), filepath.FromSlash(main))); !ok {
		return md + "\n\nThe file does not exist next to this config: the deploy fails."
	}
	if p := v.prof; p.ConfigFile == v.path {
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
func (s *Server) classNameHover(ctx context.Context, v *view, f *config.File, t lookup.ConfigTarget) string {
	what := "Durable Object or Workflow"
	if t.Binding != nil {
		what = fmt.Sprintf("`env.%s` (%s)", t.Binding.Name, t.Binding.Kind)
	}
	md := fmt.Sprintf("**class_name** `%s`: the Python class behind %s.", t.Text, what)
	switch {
	case t.Binding != nil && t.Binding.ScriptName != "":
		return md + fmt.Sprintf("\n\nIt is defined in the Worker `%s` (script_name), not in this one.", t.Binding.ScriptName)
	case v.path == "":
		return md
	}
	loc, exported, ok := s.classLocation(ctx, v.path, config.ReadWorker(f, ""), t.Text, v.enc)
	if !ok {
		return md + "\n\nThe main module neither defines nor imports a class of that name (and none is beside it): the runtime looks class_name up among the main module's names, so the deploy fails."
	}
	path := loc.URI.Filename()
	if rel, err := filepath.Rel(filepath.Dir(v.path), path); err == nil {
		path = filepath.ToSlash(rel)
	}
	md += fmt.Sprintf("\n\nDefined in `%s`, line %d.", path, loc.Range.Start.Line+1)
	if !exported {
		md += " The main module does not import it, and the runtime looks class_name up among the main module's names: import it there."
	}
	return md
}

// lineOf returns the 1-based line of offset in the file at path (an open
// buffer wins over the disk); 1 when the file cannot be read.
func (s *Server) lineOf(path string, offset int) int {
	text, ok := s.readFile(path)
	if !ok {
		return 1
	}
	return source.NewLines(text).Line(offset) + 1
}
