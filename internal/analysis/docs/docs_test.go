package docs

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// testProfiles are the three runtime lines, resolved the way a wrangler
// config would resolve them.
var testProfiles = map[string]profile.Input{
	"0.26": {CompatDate: "2025-06-01", Flags: []string{"python_workers"}},
	"0.28": {CompatDate: "2025-11-01", Flags: []string{"python_workers"}},
	"314":  {CompatDate: "2026-07-01", Flags: []string{"python_workers", profile.FlagPythonWorkers20260610}, SDKVersion: "1.4"},
}

func resolved(t *testing.T, name string) *profile.Profile {
	t.Helper()
	in, ok := testProfiles[name]
	if !ok {
		t.Fatalf("no test profile %q", name)
	}
	p, warnings := profile.Resolve(in)
	if len(warnings) > 0 {
		t.Fatalf("profile %s: %v", name, warnings)
	}
	return p
}

// The profiles must be what the tests assume, or every other assertion
// here tests the wrong thing.
func TestTestProfiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		gen   profile.Generation
		wraps bool
	}{
		{"0.26", profile.Pyodide026, false},
		{"0.28", profile.Pyodide028, false},
		{"314", profile.Pyodide314, true},
	} {
		p := resolved(t, tc.name)
		if p.Runtime.Generation != tc.gen || p.SDKWrapsBindings != tc.wraps {
			t.Errorf("profile %s: runtime %v wraps %v, want %v %v", tc.name, p.Runtime, p.SDKWrapsBindings, tc.gen, tc.wraps)
		}
	}
}

func TestContentParses(t *testing.T) {
	idx, err := parseFS(content)
	if err != nil {
		t.Fatalf("embedded content: %v", err)
	}
	if len(idx.symbolKeys) < 40 || len(idx.kindKeys) < 20 {
		t.Errorf("suspiciously little content: %d symbols, %d binding kinds", len(idx.symbolKeys), len(idx.kindKeys))
	}
}

// The symbols and binding kinds the hover and the rules rely on.
func TestRequiredKeys(t *testing.T) {
	symbols := []string{
		"pyodide.ffi", "pyodide.ffi.to_js", "pyodide.ffi.to_py", "pyodide.ffi.create_proxy",
		"pyodide.ffi.create_once_callable", "pyodide.ffi.destroy_proxies", "pyodide.ffi.jsnull",
		"pyodide.ffi.JsNull", "pyodide.ffi.run_sync", "pyodide.ffi.can_run_sync", "pyodide.ffi.JsProxy",
		"pyodide.ffi.JsException", "pyodide.ffi.JsBuffer", "pyodide.ffi.JsWeakRef", "pyodide.ffi.JsBigInt",
		"pyodide.ffi.wrappers", "pyodide.ffi.wrappers.add_event_listener", "pyodide.ffi.wrappers.set_timeout",
		"pyodide.ffi.wrappers.set_interval",
		"JsProxy.to_py", "JsProxy.object_entries", "JsProxy.as_object_map", "JsProxy.as_py_json",
		"JsProxy.new", "JsProxy.to_weakref", "JsBuffer.to_bytes", "JsBuffer.to_memoryview", "JsBuffer.to_string",
		"workers", "workers.WorkerEntrypoint", "workers.DurableObject", "workers.WorkflowEntrypoint",
		"workers.Request", "workers.Request.json", "workers.Response", "workers.Response.json",
		"workers.Response.redirect", "workers.fetch", "workers.handler", "workers.env",
		"workers.import_from_javascript", "workers.wait_until", "cloudflare.workers",
		"js", "js.*", "js.Object", "js.JSON", "js.fetch", "js.Response", "js.Headers", "js.URL",
		"js.console", "js.eval", "js.Function",
	}
	assertListed(t, "symbol", Symbols(), symbols)
	kinds := []string{
		"kv_namespaces", "d1_databases", "r2_buckets", "queues.producers", "durable_objects.bindings",
		"workflows", "services", "ai", "vectorize", "hyperdrive", "analytics_engine_datasets", "browser",
		"images", "send_email", "ratelimits", "version_metadata", "assets", "dispatch_namespaces",
		"mtls_certificates", "secrets_store_secrets", "worker_loaders", "vars",
	}
	assertListed(t, "binding kind", BindingKinds(), kinds)
}

func assertListed(t *testing.T, what string, listed, required []string) {
	t.Helper()
	have := map[string]bool{}
	for _, k := range listed {
		have[k] = true
	}
	for _, k := range required {
		if !have[k] {
			t.Errorf("missing %s entry %q", what, k)
		}
	}
}

// Limits that keep a hover readable in seconds.
const (
	maxMarkdownBytes = 1600
	maxMarkdownLines = 32
)

// renderAll yields every entry rendered for every test profile and for
// no profile.
func renderAll(t *testing.T, visit func(name string, e Entry)) {
	t.Helper()
	profiles := map[string]*profile.Profile{"nil": nil}
	for name := range testProfiles {
		profiles[name] = resolved(t, name)
	}
	families := []struct {
		keys   []string
		lookup func(string, *profile.Profile) (Entry, bool)
	}{{Symbols(), Lookup}, {BindingKinds(), BindingKind}}
	for pname, p := range profiles {
		for _, f := range families {
			for _, k := range f.keys {
				e, ok := f.lookup(k, p)
				if !ok {
					t.Errorf("listed key %q not found", k)
					continue
				}
				visit(k+" @"+pname, e)
			}
		}
	}
}

func TestEveryEntryRenders(t *testing.T) {
	renderAll(t, func(name string, e Entry) {
		md := e.Markdown
		if strings.TrimSpace(md) == "" || e.Title == "" {
			t.Errorf("%s: empty title or markdown", name)
			return
		}
		blocks := strings.Count(md, "```") / 2
		want := 1
		if e.Signature != "" {
			want = 2 // the signature block and an example
		}
		if strings.Count(md, "```")%2 != 0 || blocks < want {
			t.Errorf("%s: %d code blocks (want an example code block):\n%s", name, blocks, md)
		}
		for _, leftover := range []string{"<!--", "-->", "{{"} {
			if strings.Contains(md, leftover) {
				t.Errorf("%s: rendering contains %q", name, leftover)
			}
		}
		if strings.Contains(md, "\n\n\n") {
			t.Errorf("%s: rendering has a run of blank lines", name)
		}
		if !strings.HasSuffix(name, "@nil") && (len(md) > maxMarkdownBytes || strings.Count(md, "\n") > maxMarkdownLines) {
			t.Errorf("%s: %d bytes, %d lines; a hover should stay within %d bytes and %d lines", name, len(md), strings.Count(md, "\n"), maxMarkdownBytes, maxMarkdownLines)
		}
	})
}

// TestRuntimeSpecificContent checks that the version-specific facts
// appear exactly on the runtimes they belong to.
func TestRuntimeSpecificContent(t *testing.T) {
	for _, tc := range []struct {
		key     string
		binding bool
		profile string
		want    []string
		notWant []string
		prefix  string // the rendering must start with this
	}{
		{key: "pyodide.ffi.jsnull", profile: "0.26",
			prefix: "**Not available on Pyodide 0.26.0a2 (compatibility_date 2025-06-01):**",
			want:   []string{`js.JSON.parse(json.dumps(value))`, `js.JSON.parse("null")`}},
		{key: "pyodide.ffi.jsnull", profile: "0.28", notWant: []string{"Not available"}, want: []string{"is None"}},
		{key: "pyodide.ffi.JsNull", profile: "0.26", prefix: "**Not available on Pyodide 0.26.0a2"},
		{key: "pyodide.ffi.jsnull", profile: "314", want: []string{"workers-runtime-sdk ≥ 1.3 turns `null`"}},
		{key: "pyodide.ffi.jsnull", profile: "0.28", notWant: []string{"workers-runtime-sdk ≥ 1.3 turns"}},
		{key: "pyodide.ffi.run_sync", profile: "0.26", prefix: "**Not available on Pyodide 0.26.0a2"},
		{key: "pyodide.ffi.run_sync", profile: "314", notWant: []string{"Not available"}},
		{key: "pyodide.ffi.JsBigInt", profile: "0.28", prefix: "**Not available on Pyodide 0.28.2 (compatibility_date 2025-11-01):**"},
		{key: "pyodide.ffi.JsBigInt", profile: "314", notWant: []string{"Not available"}},
		{key: "JsProxy.as_py_json", profile: "0.26", prefix: "**Not available on Pyodide 0.26.0a2"},
		{key: "JsProxy.to_weakref", profile: "0.28", notWant: []string{"Not available"}},

		// to_js: None is undefined everywhere; eager_converter only from 0.27.6.
		{key: "pyodide.ffi.to_js", profile: "0.26", want: []string{"`None` → `undefined`", "`eager_converter` does not exist"}},
		{key: "pyodide.ffi.to_js", profile: "0.28", want: []string{"`None` → `undefined`", "`eager_converter(value, convert, cache)`"}, notWant: []string{"does not exist"}},
		{key: "pyodide.ffi.to_js", profile: "314", want: []string{"`None` → `undefined`", "pyodide.ffi.jsnull"}},

		// D1: .to_py() and the undefined bind only with raw bindings.
		{key: "d1_databases", binding: true, profile: "0.26", want: []string{"results.to_py()", "D1_TYPE_ERROR", "js.Reflect.apply"}, notWant: []string{"jsnull"}},
		{key: "d1_databases", binding: true, profile: "0.28", want: []string{"results.to_py()", "D1_TYPE_ERROR", "pyodide.ffi.jsnull"}, notWant: []string{"js.Reflect.apply"}},
		{key: "d1_databases", binding: true, profile: "314", want: []string{"AttributeError", `result["results"]`, "SQL `NULL`"}, notWant: []string{"results.to_py()", "D1_TYPE_ERROR"}},
		{key: "kv_namespaces", binding: true, profile: "0.28", want: []string{".to_py()", "returns `jsnull`"}},
		{key: "kv_namespaces", binding: true, profile: "0.26", want: []string{".to_py()"}, notWant: []string{"jsnull"}},
		{key: "queues.producers", binding: true, profile: "314", want: []string{`send({"order": 42})`}, notWant: []string{"body.to_py()"}},
		{key: "queues.producers", binding: true, profile: "0.28", want: []string{"message.body.to_py()"}},
		{key: "hyperdrive", binding: true, profile: "314", want: []string{"`asyncpg` is available"}},
		{key: "hyperdrive", binding: true, profile: "0.28", want: []string{"no stdlib client sockets"}},

		// Flags and SDK.
		{key: "workers.handler", profile: "0.28", want: []string{"never runs"}},
		{key: "workers.handler", profile: "0.26", want: []string{"still calls module-level handlers"}, notWant: []string{"never runs"}},
		{key: "workers.WorkflowEntrypoint", profile: "0.26", want: []string{"depends=[load]", "`python_workflows` flag"}},
		{key: "workers.WorkflowEntrypoint", profile: "314", want: []string{"async def total(load)"}, notWant: []string{"depends=[load]", "`python_workflows` flag"}},
		{key: "workers", profile: "314", want: []string{"vendored `workers-runtime-sdk`"}},
		{key: "workers", profile: "0.28", want: []string{"built-in module"}},
		{key: "workers.import_from_javascript", profile: "0.26", want: []string{"only `cloudflare:workers` and `cloudflare:sockets`"}},
		{key: "workers.Request", profile: "0.28", want: []string{"request.js_object"}},
		{key: "cloudflare.workers", profile: "0.26", notWant: []string{"Not available"}},
		{key: "cloudflare.workers", profile: "0.28", prefix: "**Not available on Pyodide 0.28.2"},
		{key: "js.JSON", profile: "0.26", want: []string{"comes back to Python as `None`"}},
		{key: "js.Headers", profile: "0.28", want: []string{"returns `jsnull` for a missing header"}},
	} {
		t.Run(tc.key+"@"+tc.profile, func(t *testing.T) {
			p := resolved(t, tc.profile)
			lookup := Lookup
			if tc.binding {
				lookup = BindingKind
			}
			e, ok := lookup(tc.key, p)
			if !ok {
				t.Fatalf("no entry for %q", tc.key)
			}
			if tc.prefix != "" {
				if !strings.HasPrefix(e.Markdown, tc.prefix) {
					t.Errorf("rendering does not start with %q:\n%s", tc.prefix, e.Markdown)
				}
				if e.Available {
					t.Errorf("Available = true for an entry that starts with a not-available note")
				}
			}
			for _, s := range tc.want {
				if !strings.Contains(e.Markdown, s) {
					t.Errorf("missing %q:\n%s", s, e.Markdown)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(e.Markdown, s) {
					t.Errorf("unexpected %q:\n%s", s, e.Markdown)
				}
			}
		})
	}
}

func TestLookupFallbacks(t *testing.T) {
	p028 := resolved(t, "0.28")
	for _, tc := range []struct {
		qualified string
		ok        bool
		title     string
		available bool
		contains  string
	}{
		{qualified: "pyodide.ffi.JsNull", ok: true, title: "jsnull", available: true},
		{qualified: "pyodide.ffi.JsProxy.to_py", ok: true, title: "JsProxy.to_py", available: true},
		{qualified: "js.Object.fromEntries", ok: true, title: "js.Object", available: true, contains: "dict_converter"},
		{qualified: "js.console.log", ok: true, title: "js.console", available: true},
		{qualified: "js.Reflect", ok: true, title: "js.Reflect", available: true, contains: "`js.Reflect` is a JavaScript global"},
		{qualified: "js.Foo.bar", ok: true, title: "js.Foo.bar", available: true, contains: "`js.Foo.bar` is a JavaScript global"},
		{qualified: "js.*", ok: true, title: "js.NAME", available: true, contains: "`js.NAME` is a JavaScript global"},
		{qualified: "cloudflare.workers.Response", ok: true, title: "Response", available: false, contains: "import from `workers`"},
		{qualified: "cloudflare.workers.nothing", ok: false},
		{qualified: "workers.Response.status", ok: false},
		{qualified: "mymodule.to_js", ok: false},
		{qualified: "js.", ok: false},
		{qualified: "", ok: false},
	} {
		t.Run(tc.qualified, func(t *testing.T) {
			e, ok := Lookup(tc.qualified, p028)
			if ok != tc.ok {
				t.Fatalf("Lookup(%q) ok = %v, want %v", tc.qualified, ok, tc.ok)
			}
			if !ok {
				return
			}
			if e.Key != tc.qualified || e.Title != tc.title || e.Available != tc.available {
				t.Errorf("got key %q title %q available %v, want %q %q %v", e.Key, e.Title, e.Available, tc.qualified, tc.title, tc.available)
			}
			if !strings.Contains(e.Markdown, tc.contains) {
				t.Errorf("missing %q:\n%s", tc.contains, e.Markdown)
			}
		})
	}
	if _, ok := BindingKind("pyodide.ffi.to_js", p028); ok {
		t.Error("BindingKind found a Python symbol")
	}
	if _, ok := Lookup("kv_namespaces", p028); ok {
		t.Error("Lookup found a binding kind")
	}
}

// Without a profile every variant is kept, labelled with where it applies.
func TestUnspecialisedRendering(t *testing.T) {
	e, ok := Lookup("pyodide.ffi.to_js", nil)
	if !ok {
		t.Fatal("no to_js entry")
	}
	for _, s := range []string{"*On Pyodide 0.26:*", "*Otherwise:*", "`eager_converter` does not exist", "`eager_converter(value, convert, cache)`"} {
		if !strings.Contains(e.Markdown, s) {
			t.Errorf("missing %q:\n%s", s, e.Markdown)
		}
	}
	if strings.Contains(e.Markdown, "Shown for") {
		t.Error("an unspecialised rendering names a runtime")
	}
	j, _ := Lookup("pyodide.ffi.jsnull", nil)
	if !j.Available || !strings.HasPrefix(j.Markdown, "**Only on Pyodide 0.28, 314.** Elsewhere:") {
		t.Errorf("availability not stated:\n%s", j.Markdown)
	}
}

func TestFooterNamesTheRuntime(t *testing.T) {
	for _, tc := range []struct {
		in   profile.Input
		want string
	}{
		{testProfiles["0.26"], "*Shown for Pyodide 0.26.0a2 (compatibility_date 2025-06-01), Python 3.12; built-in SDK, env bindings are raw JS objects.*"},
		{testProfiles["314"], "*Shown for Pyodide 314.0.4 (compatibility flag python_workers_20260610), Python 3.14; env bindings wrapped by workers-runtime-sdk.*"},
		{profile.Input{CompatDate: "2025-06-01", RuntimeOverride: "0.28"}, `(runtime override "0.28")`},
		{profile.Input{CompatDate: "2025-03-01", Flags: []string{profile.FlagPythonWorkers20250116}}, "Pyodide 0.28.2 (compatibility flag python_workers_20250116)"},
		{profile.Input{CompatDate: "2025-11-01", Flags: []string{"no_python_workers_20250116"}, Sources: map[string]string{"compatibility_flags": "wrangler.toml:4"}}, "Pyodide 0.26.0a2 (compatibility flag no_python_workers_20250116)"},
		{profile.Input{CompatDate: "2025-11-01", Sources: map[string]string{"compatibility_date": "wrangler.toml:3"}}, "Pyodide 0.28.2 (compatibility_date 2025-11-01)"},
		{profile.Input{CompatDate: "2026-05-01", SDKVersion: "1.2"}, "workers-runtime-sdk < 1.3, env bindings are raw JS objects"},
	} {
		p, _ := profile.Resolve(tc.in)
		e, _ := Lookup("pyodide.ffi.to_js", p)
		if !strings.Contains(e.Markdown, tc.want) {
			t.Errorf("%+v: footer lacks %q:\n%s", tc.in, tc.want, e.Markdown)
		}
	}
	e, _ := Lookup("pyodide.ffi.to_js", profile.Default())
	if !strings.Contains(e.Markdown, "default profile: no wrangler config found") {
		t.Errorf("default profile not named:\n%s", e.Markdown)
	}
}

func TestListsAreSortedCopies(t *testing.T) {
	for name, keys := range map[string][]string{"Symbols": Symbols(), "BindingKinds": BindingKinds()} {
		for i := 1; i < len(keys); i++ {
			if keys[i-1] >= keys[i] {
				t.Errorf("%s not sorted or has duplicates at %q, %q", name, keys[i-1], keys[i])
			}
		}
	}
	s := Symbols()
	s[0] = "changed"
	if Symbols()[0] == "changed" {
		t.Error("Symbols returns the shared slice")
	}
}
