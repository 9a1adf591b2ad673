package lookup

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/docs"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// cursor marks the offset in test sources.
const cursor = "‸"

// open parses src (with one cursor mark) and returns the file and the
// cursor's offset.
func open(t *testing.T, src string, p *profile.Profile) (*File, int) {
	t.Helper()
	offset := strings.Index(src, cursor)
	if offset < 0 {
		t.Fatalf("no cursor in %q", src)
	}
	text := []byte(strings.Replace(src, cursor, "", 1))
	doc := source.Open("file:///w/a.py", 1, text, true)
	t.Cleanup(doc.Close)
	return NewFile(doc.Tree(), text, p, nil), offset
}

// withBindings returns a profile of the given runtime line with env
// bindings declared: name → wrangler config key.
func withBindings(date string, bindings map[string]string) *profile.Profile {
	in := profile.Input{CompatDate: date, Flags: []string{profile.FlagPythonWorkers}, Bindings: map[string]profile.Binding{}}
	for name, kind := range bindings {
		in.Bindings[name] = profile.Binding{Name: name, Kind: kind}
	}
	p, _ := profile.Resolve(in)
	return p
}

func TestAt(t *testing.T) {
	// 2026-05-01 has the external SDK (bindings wrapped); 2025-06-01 runs
	// Pyodide 0.26 with the built-in SDK (raw bindings).
	wrapped := withBindings("2026-05-01", map[string]string{"DB": "d1_databases", "KV": "kv_namespaces"})
	raw := withBindings("2025-06-01", map[string]string{"DB": "d1_databases"})
	const worker = "from workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n"
	tests := []struct {
		name    string
		src     string
		prof    *profile.Profile
		kind    Kind
		token   string
		key     string
		binding string
		bkind   string
		raw     bool
		member  string
		path    string
	}{
		{name: "aliased import use", src: "from pyodide.ffi import to_js as tj\nx = t‸j([1])\n", kind: Symbol, token: "tj", key: "pyodide.ffi.to_js"},
		{name: "imported name", src: "from pyodide.ffi import to‸_js as tj\n", kind: Symbol, token: "to_js", key: "pyodide.ffi.to_js"},
		{name: "import alias", src: "from pyodide.ffi import to_js as ‸tj\n", kind: Symbol, token: "tj", key: "pyodide.ffi.to_js"},
		{name: "from module path", src: "from pyodide.f‸fi import to_js\n", kind: Symbol, token: "ffi", key: "pyodide.ffi"},
		{name: "from module head", src: "from py‸odide.ffi import to_js\n", kind: Symbol, token: "pyodide", key: "pyodide"},
		{name: "plain import alias", src: "import pyodide.ffi as ‸ffi\n", kind: Symbol, token: "ffi", key: "pyodide.ffi"},
		{name: "attribute chain", src: "import pyodide.ffi as ffi\nffi.to_j‸s({})\n", kind: Symbol, token: "to_js", key: "pyodide.ffi.to_js"},
		{name: "chain object", src: "import pyodide.ffi as ffi\nf‸fi.to_js({})\n", kind: Symbol, token: "ffi", key: "pyodide.ffi"},
		{name: "from package import module", src: "from pyodide import ffi\nffi.create_pr‸oxy(f)\n", kind: Symbol, token: "create_proxy", key: "pyodide.ffi.create_proxy"},
		{name: "cursor after word", src: "from pyodide.ffi import jsnull\nx = jsnull‸\n", kind: Symbol, token: "jsnull", key: "pyodide.ffi.jsnull"},
		{name: "other module's to_js", src: "from mylib import to_js\nto_‸js(1)\n", kind: Symbol, token: "to_js", key: "mylib.to_js"},
		{name: "shadowed by parameter", src: "from pyodide.ffi import to_js\ndef f(to_js):\n    return to_j‸s(1)\n", kind: Nothing},
		{name: "definition name", src: "def to_j‸s(x):\n    pass\n", kind: Nothing},
		{name: "keyword name", src: "from pyodide.ffi import to_js\nto_js(x, dict_conv‸erter=None)\n", kind: Nothing},
		{name: "keyword value", src: "from js import Object\nfrom pyodide.ffi import to_js\nto_js(x, dict_converter=Object.fromEnt‸ries)\n", kind: Symbol, token: "fromEntries", key: "js.Object.fromEntries"},
		{name: "js global", src: "import js\njs.fe‸tch(url)\n", kind: Symbol, token: "fetch", key: "js.fetch"},
		{name: "js new", src: "from js import Response\nResponse.n‸ew(body)\n", kind: ProxyMethod, token: "new", key: "JsProxy.new"},
		{name: "to_py call", src: "async def f(x):\n    return x.to_‸py()\n", kind: ProxyMethod, token: "to_py", key: "JsProxy.to_py"},
		{name: "object_entries", src: "def f(x):\n    return x.object_entri‸es()\n", kind: ProxyMethod, token: "object_entries", key: "JsProxy.object_entries"},
		{name: "to_py not called", src: "def f(x):\n    return x.to_p‸y\n", kind: Nothing},
		{name: "typeof property", src: "def f(x):\n    return x.type‸of\n", kind: ProxyMethod, token: "typeof", key: "JsProxy.typeof"},
		{name: "to_py on a python module", src: "import json\njson.to_p‸y()\n", kind: Symbol, token: "to_py", key: "json.to_py"},
		{name: "workers symbol", src: "from workers import Response\nResponse.js‸on({})\n", kind: Symbol, token: "json", key: "workers.Response.json"},
		{name: "self.env binding wrapped", src: worker + "        await self.env.D‸B.prepare(q).all()\n", prof: wrapped, kind: EnvBinding, token: "DB", binding: "DB", bkind: "d1_databases"},
		{name: "self.env binding raw", src: worker + "        await self.env.D‸B.prepare(q).all()\n", prof: raw, kind: EnvBinding, token: "DB", binding: "DB", bkind: "d1_databases", raw: true},
		{name: "binding method", src: worker + "        await self.env.DB.prep‸are(q).all()\n", prof: wrapped, kind: BindingMember, token: "prepare", binding: "DB", bkind: "d1_databases", member: "prepare", path: ".prepare"},
		{name: "to_py on binding result", src: worker + "        r = await self.env.DB.prepare(q).all()\n        return r.to_p‸y()\n", prof: wrapped, kind: ProxyMethod, token: "to_py", key: "JsProxy.to_py", binding: "DB", bkind: "d1_databases", member: "to_py", path: ".prepare().all().to_py"},
		{name: "undeclared binding", src: worker + "        self.env.MISSI‸NG.get(k)\n", prof: wrapped, kind: EnvBinding, token: "MISSING", binding: "MISSING"},
		{name: "legacy handler env", src: "async def on_fetch(request, env):\n    return await env.K‸V.get('k')\n", prof: wrapped, kind: EnvBinding, token: "KV", binding: "KV", bkind: "kv_namespaces", raw: true},
		{name: "in string", src: "from pyodide.ffi import to_js\ns = \"to_‸js\"\n", kind: Nothing},
		{name: "in comment", src: "from pyodide.ffi import to_js\n# call to_‸js here\n", kind: Nothing},
		{name: "in f-string code", src: "from pyodide.ffi import to_js\ns = f\"{to_j‸s(1)}\"\n", kind: Symbol, token: "to_js", key: "pyodide.ffi.to_js"},
		{name: "whitespace", src: "from pyodide.ffi import to_js\n\n‸\nx = 1\n", kind: Nothing},
		{name: "keyword", src: "from pyodide.ffi import to_js\nfo‸r x in y:\n    pass\n", kind: Nothing},
		{name: "suppressed code", src: "from pyodide.ffi import to_py  # pyworkers: ignore[PW202, pw2‸01]\n", kind: RuleCode, token: "pw201"},
		{name: "suppression outside brackets", src: "x = 1  # pyworke‸rs: ignore[PW201]\n", kind: Nothing},
		{name: "suppression in a method", src: worker + "        x = 1  # pyworkers: ignore[‸PW301]\n", kind: RuleCode, token: "PW301"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.prof
			if p == nil {
				p = profile.Default()
			}
			f, off := open(t, tc.src, p)
			got := At(f, off)
			if got.Kind != tc.kind {
				t.Fatalf("kind = %v, want %v (%+v)", got.Kind, tc.kind, got)
			}
			if tc.kind == Nothing {
				return
			}
			if tok := string(f.Text[got.Start:got.End]); tok != tc.token {
				t.Errorf("token = %q, want %q", tok, tc.token)
			}
			if got.Key != tc.key || got.Binding != tc.binding || got.BindingKind != tc.bkind || got.Raw != tc.raw || got.Member != tc.member {
				t.Errorf("got key=%q binding=%q kind=%q raw=%v member=%q, want %q %q %q %v %q",
					got.Key, got.Binding, got.BindingKind, got.Raw, got.Member, tc.key, tc.binding, tc.bkind, tc.raw, tc.member)
			}
			if got.Path != tc.path {
				t.Errorf("path = %q, want %q", got.Path, tc.path)
			}
			if tc.kind == RuleCode && got.Code != strings.ToUpper(tc.token) {
				t.Errorf("code = %q", got.Code)
			}
		})
	}
}

func TestSummariesReuseAndFollowEdits(t *testing.T) {
	sums := &Summaries{}
	build := func(src string) *File {
		text := []byte(src)
		doc := source.Open("file:///w/a.py", 1, text, true)
		t.Cleanup(doc.Close)
		return NewFile(doc.Tree(), text, profile.Default(), sums)
	}
	f := build("from pyodide.ffi import to_js\nx = to_js([])\n")
	if q := f.Module.Global("to_js"); q != "pyodide.ffi.to_js" {
		t.Fatalf("to_js = %q", q)
	}
	// No edit: the summary itself is reused.
	if again := build("from pyodide.ffi import to_js\nx = to_js([])\n"); again.Module != f.Module {
		t.Error("unchanged text rebuilt the summary")
	}
	// A unit moved: same contributions, new offsets.
	moved := build("\nfrom pyodide.ffi import to_js\nx = to_js([])\n")
	if moved.Module == f.Module || moved.Module.Names["x"].Start != f.Module.Names["x"].Start+1 {
		t.Errorf("moved unit: x at %d, was %d", moved.Module.Names["x"].Start, f.Module.Names["x"].Start)
	}
	// The import changes: the cached contribution of the old line must
	// not survive.
	f = build("from mylib import to_js\nx = to_js([])\n")
	if q := f.Module.Global("to_js"); q != "mylib.to_js" {
		t.Fatalf("after edit to_js = %q", q)
	}
	if len(sums.contribs) != 2 {
		t.Errorf("cache holds %d contributions, want the 2 current units", len(sums.contribs))
	}
}

func TestClassDef(t *testing.T) {
	src := "import workers\n\n@decorate\nclass Counter(workers.DurableObject):\n    pass\n\nclass Default(workers.WorkerEntrypoint):\n    async def fetch(self, request):\n        class Counter: pass\n"
	doc := source.Open("file:///w/a.py", 1, []byte(src), true)
	defer doc.Close()
	start, end, ok := ClassDef(doc.Tree(), []byte(src), "Counter")
	if !ok || src[start:end] != "Counter" || start != strings.Index(src, "Counter") {
		t.Fatalf("ClassDef = %d, %d, %v", start, end, ok)
	}
	if _, _, ok := ClassDef(doc.Tree(), []byte(src), "Missing"); ok {
		t.Error("found a class that does not exist")
	}
}

// Every JsProxy member the lookup recognises has a hover entry.
func TestProxyMembersDocumented(t *testing.T) {
	for name, m := range proxyMembers {
		if _, ok := docs.Lookup(m.key, nil); !ok {
			t.Errorf("%s: no docs entry %s", name, m.key)
		}
	}
}

func TestImportedClass(t *testing.T) {
	src := "import js\nfrom durable.counter import Counter\nfrom .rooms import Impl as Room\nfrom x import *\ndef f():\n    from y import Hidden\n"
	doc := source.Open("file:///w/src/entry.py", 1, []byte(src), true)
	defer doc.Close()
	tree := doc.Tree()
	for _, tc := range []struct{ name, module, original string }{
		{"Counter", "durable.counter", "Counter"},
		{"Room", ".rooms", "Impl"},
		{"Hidden", "", ""}, // not at the top level
		{"js", "", ""},     // a plain import binds no class
	} {
		mod, orig, ok := ImportedClass(tree, []byte(src), tc.name)
		if mod != tc.module || orig != tc.original || ok != (tc.module != "") {
			t.Errorf("%s: %q %q %v, want %q %q", tc.name, mod, orig, ok, tc.module, tc.original)
		}
	}
}
