package docs

import (
	"embed"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/runtimefacts"
)

//go:embed content/*.md
var content embed.FS

// load parses the embedded content once. The content is part of the
// binary and TestContentParses guards it, so a parse error is a build
// defect, reported like template.Must would.
var load = sync.OnceValue(func() *index {
	idx, err := parseFS(content)
	if err != nil {
		panic(fmt.Sprintf("internal/analysis/docs: embedded content: %v", err))
	}
	return idx
})

// Entry is a documentation entry specialised to one runtime profile.
type Entry struct {
	// Key is what was looked up ("pyodide.ffi.to_js", "js.Foo",
	// "kv_namespaces").
	Key       string
	Title     string
	Signature string // Python signature, "" when there is none
	// Available is false when the symbol does not exist on the profile's
	// runtime; Markdown then starts by saying so and what to use instead.
	Available bool
	// Markdown is the hover text, already specialised to the profile.
	Markdown string
}

// Lookup finds the entry for a fully resolved qualified name
// ("pyodide.ffi.to_js", "workers.Response.json", "JsProxy.to_py",
// "js.Object.fromEntries") and specialises it to p. A nil profile keeps
// every runtime-specific section, each labelled with where it applies.
//
// Besides exact keys and aliases: a name under the old
// `cloudflare.workers` module shows the `workers` entry of the same name
// with the old path's availability; `js.A.b` falls back to `js.A`, and
// any other `js.X` to the generic JavaScript-global entry.
func Lookup(qualified string, p *profile.Profile) (Entry, bool) {
	idx := load()
	if e, ok := idx.symbols[qualified]; ok {
		return render(e, qualified, p, e.available, e.instead), true
	}
	if rest, ok := strings.CutPrefix(qualified, legacyModule+"."); ok {
		e, found := idx.symbols["workers."+rest]
		legacy, legacyFound := idx.symbols[legacyModule]
		if found && legacyFound {
			return render(e, qualified, p, legacy.available, legacy.instead), true
		}
	}
	if rest, ok := strings.CutPrefix(qualified, "js."); ok && rest != "" {
		parts := strings.Split(qualified, ".")
		for n := len(parts) - 1; n >= 2; n-- {
			if e, ok := idx.symbols[strings.Join(parts[:n], ".")]; ok {
				return render(e, qualified, p, e.available, e.instead), true
			}
		}
		if e, ok := idx.symbols["js.*"]; ok {
			return render(e, qualified, p, e.available, e.instead), true
		}
	}
	return Entry{}, false
}

// legacyModule is the old import path of the `workers` SDK.
const legacyModule = "cloudflare.workers"

// BindingKind finds the entry for a wrangler binding kind, named by its
// config key ("kv_namespaces", "queues.producers",
// "durable_objects.bindings"), specialised to p.
func BindingKind(kind string, p *profile.Profile) (Entry, bool) {
	e, ok := load().kinds[kind]
	if !ok {
		return Entry{}, false
	}
	return render(e, kind, p, e.available, e.instead), true
}

// Symbols lists every key Lookup knows exactly (aliases included),
// sorted. Wildcard keys end in ".*".
func Symbols() []string { return append([]string(nil), load().symbolKeys...) }

// BindingKinds lists every binding kind BindingKind knows, sorted.
func BindingKinds() []string { return append([]string(nil), load().kindKeys...) }

// render specialises e to p. available/instead may come from another
// entry (the legacy module path).
func render(e *entry, key string, p *profile.Profile, available *cond, instead string) Entry {
	out := Entry{Key: key, Title: e.title, Signature: e.signature, Available: true}
	name := key
	if prefix, wild := strings.CutSuffix(e.key, "*"); wild {
		if key == e.key { // the wildcard itself, as `explain js.*` asks
			name = prefix + "NAME"
		}
		out.Title = name
	}
	// Sections are whole paragraphs: the kept ones are joined by blank lines.
	var paras []string
	add := func(text string) {
		if text = strings.Trim(text, "\n"); text != "" {
			paras = append(paras, text)
		}
	}
	if available != nil {
		switch {
		case p == nil:
			add(fmt.Sprintf("**Only %s.** Elsewhere: %s", available.label(), instead))
		case !available.holds(p):
			out.Available = false
			add(fmt.Sprintf("**Not available on %s:** %s", describeRuntime(p), instead))
		}
	}
	if out.Signature != "" {
		add("```python\n" + out.Signature + "\n```")
	} else {
		add("**" + out.Title + "**")
	}
	for _, s := range e.body {
		switch {
		case s.when == nil:
			add(s.text)
		case p == nil:
			label := s.when.label()
			if s.otherwise {
				label = "otherwise"
			}
			add("*" + capitalize(label) + ":*\n" + strings.Trim(s.text, "\n"))
		case s.when.holds(p) != s.otherwise:
			add(s.text)
		}
	}
	if p != nil {
		add(fmt.Sprintf("*Shown for %s, Python %s%s.*", describeRuntime(p), p.Runtime.Python, describeSDK(p)))
	}
	md := strings.ReplaceAll(strings.Join(paras, "\n\n"), "{{name}}", name)
	md = expandFacts(md, p)
	out.Markdown = blankRuns.ReplaceAllString(md, "\n\n") + "\n"
	return out
}

// factsDirective marks where a paragraph of measured FFI behaviour goes:
// `{{facts: to_js(dict)}}` names a truth-table value kind. The facts come
// from internal/analysis/runtimefacts only, so the hover text cannot drift from
// what the rules report.
var factsDirective = regexp.MustCompile(`\{\{facts: ([^}]+)\}\}`)

// expandFacts replaces each facts directive with the measured behaviour
// on the profile's runtime, or on every runtime when p is nil.
func expandFacts(md string, p *profile.Profile) string {
	return factsDirective.ReplaceAllStringFunc(md, func(m string) string {
		value := factsDirective.FindStringSubmatch(m)[1]
		if p != nil {
			return runtimefacts.Summary(p.Runtime.Generation, value) + " See docs/runtime-behaviour.md."
		}
		var lines []string
		for _, g := range []profile.Generation{profile.Pyodide026, profile.Pyodide028, profile.Pyodide314} {
			lines = append(lines, "- *Pyodide "+runtimefacts.RuntimeID(g)+":* "+runtimefacts.Summary(g, value))
		}
		return "\n\n" + strings.Join(lines, "\n") + "\n\nSee docs/runtime-behaviour.md."
	})
}

// blankRuns matches blank-line runs inside the content, kept to one.
var blankRuns = regexp.MustCompile(`\n{3,}`)

// describeRuntime names the runtime and why the profile has it:
// "Pyodide 0.26.0a2 (compatibility_date 2025-06-01)".
func describeRuntime(p *profile.Profile) string {
	src := p.Sources["runtime"]
	// A runtime chosen by a flag is recorded as "<where>: <flag>".
	flag := ""
	if i := strings.LastIndex(src, ": "); i >= 0 {
		flag = src[i+2:]
	}
	why := "compatibility_date " + p.CompatDate
	switch _, isFlag := profile.LookupFlag(flag); {
	case p.Default:
		why = "default profile: no wrangler config found"
	case strings.HasPrefix(src, "runtime override"):
		why = src
	case isFlag:
		why = "compatibility flag " + flag
	case p.CompatDate == "":
		why = "no compatibility_date"
	}
	return fmt.Sprintf("Pyodide %s (%s)", p.Runtime.Pyodide, why)
}

func describeSDK(p *profile.Profile) string {
	switch {
	case p.SDKWrapsBindings:
		return "; env bindings wrapped by workers-runtime-sdk"
	case p.ExternalSDK:
		return "; workers-runtime-sdk < 1.3, env bindings are raw JS objects"
	}
	return "; built-in SDK, env bindings are raw JS objects"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
