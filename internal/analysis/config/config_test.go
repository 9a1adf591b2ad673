package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// at returns the text a span covers.
func at(text []byte, s Span) string { return string(text[s.Start:s.End]) }

func TestTOMLSpans(t *testing.T) {
	src := []byte(`name = "w" # trailing comment
flags = [ "a", # one
  "b",
]
point.x = 1

[[kv_namespaces]]
binding = "KV"
id = "1"

[env.prod]
date = 2025-01-01
d1 = [{ binding = "DB", remote = true }, [1, [2]]]
`)
	f := ParseFile("w.toml", src, TOML)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	r := f.Root
	for _, tc := range []struct {
		got, want string
	}{
		{at(src, r.Field("name").Span), `name = "w"`},
		{at(src, r.Field("name").Value.Span), `"w"`},
		{r.Field("name").Value.Text, "w"},
		{at(src, r.Field("flags").Value.Span), "[ \"a\", # one\n  \"b\",\n]"},
		{at(src, r.Get("flags").Items[1].Span), `"b"`},
		{at(src, r.Get("point").Field("x").Span), "point.x = 1"},
		{at(src, r.Field("kv_namespaces").Span), "[[kv_namespaces]]\nbinding = \"KV\"\nid = \"1\""},
		{at(src, r.Get("kv_namespaces").Items[0].Field("binding").KeySpan), "binding"},
		{at(src, r.Get("env", "prod").Span), "[env.prod]\ndate = 2025-01-01\nd1 = [{ binding = \"DB\", remote = true }, [1, [2]]]"},
		{r.Get("env", "prod", "date").Kind.String(), "date"},
		{at(src, r.Get("env", "prod", "d1").Items[0].Span), `{ binding = "DB", remote = true }`},
		{at(src, r.Get("env", "prod", "d1").Items[0].Field("remote").Span), "remote = true"},
		{at(src, r.Get("env", "prod", "d1").Items[1].Items[1].Span), "[2]"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestJSONCSpans(t *testing.T) {
	src := []byte("{\n  // comment\n  \"main\": \"a.py\",\n  \"kv\": [{\"binding\": \"KV\", \"remote\": true,},],\n}\n")
	f := ParseFile("w.jsonc", src, JSONC)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	kv := f.Root.Get("kv").Items[0]
	for _, tc := range []struct{ got, want string }{
		{at(src, f.Root.Field("main").KeySpan), `"main"`},
		{f.Root.Field("main").Key, "main"},
		{at(src, f.Root.Field("main").Span), `"main": "a.py"`},
		{at(src, kv.Span), `{"binding": "KV", "remote": true,}`},
		{at(src, kv.Field("remote").Value.Span), "true"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		format    Format
		at        string // text at the error start
		message   string
	}{
		{"toml missing value", "a = 1\nb = \n", TOML, "\n", "start of value"},
		{"toml open string", "a = \"x\nb = 1\n", TOML, "\nb", "TOML syntax error"},
		{"toml duplicate key", "a = 1\na = 2\n", TOML, "a = 2", "defined twice"},
		{"toml duplicate table", "[a]\nx = 1\n[a]\n", TOML, "a]\n", "defined twice"},
		{"toml array at eof", "a = [1,", TOML, ",", "incomplete"},
		{"json missing comma", "{\n  \"a\": 1\n  \"b\": 2\n}", JSONC, "\"b\"", "JSON syntax error"},
		{"json eof", "{\"a\": 1", JSONC, "1", "JSON syntax error"},
		{"empty json", "", JSON, "", "JSON syntax error"},
		{"binary garbage", "\x00\xff[[[", TOML, "\x00", "TOML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := ParseFile("x", []byte(tc.src), tc.format)
			if f.Err == nil || f.Root != nil {
				t.Fatalf("no error for %q", tc.src)
			}
			e := f.Err
			if e.Span.Start < 0 || e.Span.End > len(tc.src) || e.Span.Start > e.Span.End {
				t.Fatalf("span %v out of range", e.Span)
			}
			if !strings.HasPrefix(tc.src[e.Span.Start:], tc.at) {
				t.Errorf("error at %q, want at %q", tc.src[e.Span.Start:], tc.at)
			}
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("message %q lacks %q", e.Message, tc.message)
			}
		})
	}
}

// FuzzParse checks no input panics the parsers and error spans stay in
// range.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a = [1, {b = 2}]\n[[c]]\nd = 'x'", "{\"a\": [1, {\"b\": null}],}", "a.b.c = 1\n[a.b]\n", "[[a]]\n[a.b]\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, format := range []Format{TOML, JSONC} {
			file := ParseFile("x", []byte(s), format)
			if file.Err != nil && (file.Err.Span.Start < 0 || file.Err.Span.End > len(s)) {
				t.Fatalf("span %v out of range for %q", file.Err.Span, s)
			}
			if file.Err != nil && strings.HasPrefix(file.Err.Message, "cannot parse") {
				t.Fatalf("parser panicked on %q: %s", s, file.Err.Message)
			}
		}
	})
}

func TestReadWorkerEnv(t *testing.T) {
	text, err := os.ReadFile("../../../testdata/workspaces/env/wrangler.toml")
	if err != nil {
		t.Fatal(err)
	}
	f := ParseFile("/w/wrangler.toml", text, TOML)
	for _, tc := range []struct {
		env, date, main, name string
		flags, bindings       []string
		problems              int
	}{
		{env: "", date: "2025-06-01", main: "src/entry.py", name: "env-worker", flags: []string{"python_workers"}, bindings: []string{"TOP_KV"}},
		{env: "production", date: "2026-03-01", main: "src/entry.py", name: "env-worker", flags: []string{"python_workers", "disable_python_workflows"}, bindings: []string{"PROD_DB"}},
		{env: "staging", date: "2025-06-01", main: "src/entry.py", name: "env-worker-staging", flags: []string{"python_workers"}},
		{env: "nope", date: "2025-06-01", main: "src/entry.py", name: "env-worker", flags: []string{"python_workers"}, bindings: []string{"TOP_KV"}, problems: 1},
	} {
		w := ReadWorker(f, tc.env)
		var flags, bindings []string
		for _, fl := range w.CompatFlags {
			flags = append(flags, fl.Value)
		}
		for _, b := range w.Bindings {
			bindings = append(bindings, b.Name)
		}
		if w.CompatDate.Value != tc.date || w.Main.Value != tc.main || w.Name.Value != tc.name ||
			!slices.Equal(flags, tc.flags) || !slices.Equal(bindings, tc.bindings) || len(w.Problems) != tc.problems {
			t.Errorf("env %q: date %s main %s name %s flags %v bindings %v problems %v", tc.env, w.CompatDate.Value, w.Main.Value, w.Name.Value, flags, bindings, w.Problems)
		}
	}
	if got := Envs(f); !slices.Equal(got, []string{"production", "staging"}) {
		t.Errorf("Envs = %v", got)
	}
}

func TestBindings(t *testing.T) {
	src := []byte(`vars = { API = "x" }
ai = { binding = "AI" }
durable_objects.bindings = [{ name = "COUNTER", class_name = "Counter" }]
queues.producers = [{ binding = "Q", queue = "q" }]
queues.consumers = [{ queue = "q" }]
workflows = [{ binding = "FLOW", name = "flow", class_name = "Flow" }]

[[vectorize]]
binding = "VEC"
index_name = "v"
remote = false

[[send_email]]
name = "MAIL"
`)
	f := ParseFile("w.toml", src, TOML)
	if f.Err != nil {
		t.Fatal(f.Err)
	}
	w := ReadWorker(f, "")
	want := map[string]string{"API": "vars", "AI": "ai", "COUNTER": "durable_objects.bindings", "Q": "queues.producers", "FLOW": "workflows", "VEC": "vectorize", "MAIL": "send_email"}
	if len(w.Bindings) != len(want) {
		t.Errorf("bindings = %+v", w.Bindings)
	}
	for _, b := range w.Bindings {
		if want[b.Name] != b.Kind {
			t.Errorf("%s: kind %s, want %s", b.Name, b.Kind, want[b.Name])
		}
	}
	vec, _ := w.Binding("VEC")
	if vec.Remote == nil || *vec.Remote || at(src, vec.RemoteEntry) != "remote = false" || at(src, vec.NameSpan) != `"VEC"` {
		t.Errorf("VEC = %+v", vec)
	}
	if !strings.HasPrefix(at(src, vec.Decl), "[[vectorize]]") {
		t.Errorf("VEC decl %q", at(src, vec.Decl))
	}
	if c, _ := w.Binding("COUNTER"); c.ClassName != "Counter" {
		t.Errorf("COUNTER class %q", c.ClassName)
	}
	if k, ok := LookupBindingKind("vectorize"); !ok || k.Remote != RemoteRequired {
		t.Errorf("vectorize kind %+v", k)
	}
}

// TestDevDependencies: [dependency-groups] (include-group entries
// skipped) and uv's dev-dependencies are read apart from the deployed
// dependencies, and reach the profile as DevPackages.
func TestDevDependencies(t *testing.T) {
	src := []byte(`[project]
name = "w"
dependencies = ["httpx"]

[dependency-groups]
dev = ["Workers-Py>=1.14", "workers-runtime-sdk"]
test = ["pytest", {include-group = "dev"}]

[tool.uv]
dev-dependencies = ["ruff"]
`)
	pp := ParsePyproject("/w/pyproject.toml", src)
	var dev []string
	for _, r := range pp.DevDependencies {
		dev = append(dev, r.Name)
	}
	if !slices.Equal(dev, []string{"workers-py", "workers-runtime-sdk", "pytest", "ruff"}) {
		t.Errorf("dev dependencies %v", dev)
	}
	if len(pp.Dependencies) != 1 || pp.Dependencies[0].Name != "httpx" {
		t.Errorf("dependencies %+v", pp.Dependencies)
	}
	dir := t.TempDir()
	for name, text := range map[string]string{
		"wrangler.toml":  "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\n",
		"pyproject.toml": string(src),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := Load(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := ResolveProfile(ws, ProfileOptions{})
	if !p.DevPackages["workers-py"] || !p.DevPackages["ruff"] || p.DevPackages["httpx"] {
		t.Errorf("profile dev packages %v", p.DevPackages)
	}
	if _, deployed := p.Packages["pytest"]; deployed {
		t.Error("a dev dependency counts as deployed")
	}
}

func TestPyprojectAndSettings(t *testing.T) {
	src := []byte(`[project]
name = "w"
dependencies = ["PyYAML[extra]==6.0.2 ; python_version >= '3.12'", "httpx>=0.27", "Foo_Bar.baz"]

[tool.pyworkers-lsp]
select = ["PW2", "PW5"]
ignore = "PW301"
severity = { pw201 = "warning" }
per-file-ignores = { "tests/**" = ["PW1"] }
runtime = "0.28"
env = "production"
colour = "red"
exclude = 3
`)
	pp := ParsePyproject("/w/pyproject.toml", src)
	var names, versions []string
	for _, d := range pp.Dependencies {
		names = append(names, d.Name)
		versions = append(versions, d.Version)
	}
	if !slices.Equal(names, []string{"pyyaml", "httpx", "foo-bar-baz"}) || !slices.Equal(versions, []string{"6.0.2", "", ""}) {
		t.Errorf("dependencies %v %v", names, versions)
	}
	if at(src, pp.Dependencies[1].Span) != `"httpx>=0.27"` {
		t.Errorf("span %q", at(src, pp.Dependencies[1].Span))
	}
	s := pp.Settings
	if len(s.Select) != 2 || s.Ignore[0].Value != "PW301" || s.Severity["PW201"].Value != "warning" ||
		s.PerFileIgnores["tests/**"][0].Value != "PW1" || s.Runtime.Value != "0.28" || s.Env.Value != "production" {
		t.Errorf("settings %+v", s)
	}
	if len(s.Problems) != 2 || at(src, s.Problems[0].Span) != "colour" || !strings.Contains(s.Problems[1].Message, "exclude") {
		t.Errorf("problems %+v", s.Problems)
	}
}

func TestLocks(t *testing.T) {
	uv := ParseLock("/w/uv.lock", mustRead(t, "../../../testdata/workspaces/pw504/uv.lock"))
	for _, tc := range []struct {
		name, version string
		native        bool
	}{{"fastrand", "3.0.8", true}, {"httpx", "0.28.1", false}, {"psycopg2-binary", "2.9.10", true}, {"pyyaml", "6.0.2", true}} {
		p, ok := uv.Package(tc.name)
		if !ok || p.Version != tc.version || p.Native != tc.native {
			t.Errorf("%s: %+v %v", tc.name, p, ok)
		}
	}
	pylock := ParseLock("/w/pylock.toml", []byte(`lock-version = "1.0"
[[packages]]
name = "attrs"
version = "25.1.0"
wheels = [{ name = "attrs-25.1.0-py3-none-any.whl", url = "https://x/attrs-25.1.0-py3-none-any.whl" }]
[[packages]]
name = "orjson"
version = "3.10.0"
wheels = [{ name = "orjson-3.10.0-cp313-cp313-manylinux_2_17_x86_64.whl" }]
`))
	if a, _ := pylock.Package("attrs"); a.Native || a.Version != "25.1.0" {
		t.Errorf("attrs %+v", a)
	}
	if o, _ := pylock.Package("orjson"); !o.Native {
		t.Errorf("orjson %+v", o)
	}
	req := []byte("# comment\n-r base.txt\nworkers-runtime-sdk==1.4.0  # pinned\nhttpx>=0.27\n  PyYAML == 6.0.2\n")
	rl := ParseLock("/w/requirements.txt", req)
	if len(rl.Packages) != 3 {
		t.Fatalf("requirements packages %+v", rl.Packages)
	}
	if h := rl.Packages[1]; h.Name != "httpx" || h.Version != "" || h.Requirement.Specifier != ">=0.27" {
		t.Errorf("httpx %+v", h)
	}
	if p := rl.Packages[2]; p.Name != "pyyaml" || p.Version != "6.0.2" || at(req, p.NameSpan) != "PyYAML" || at(req, p.Decl) != "PyYAML == 6.0.2" {
		t.Errorf("pyyaml %+v", p)
	}
	if bad := ParseLock("/w/uv.lock", []byte("[[package]\n")); bad.Err == nil {
		t.Error("broken uv.lock has no error")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadSearch(t *testing.T) {
	root := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("outer/wrangler.toml", "main = \"x.py\"\n")
	write("outer/w/wrangler.toml", "main = \"toml.py\"\n")
	write("outer/w/wrangler.jsonc", "{\"main\": \"jsonc.py\"}")
	write("outer/w/pyproject.toml", "[project]\nname = \"w\"\n")
	write("outer/w/uv.lock", "version = 1\n")
	write("outer/w/requirements.txt", "x==1\n")
	write("outer/w/src/pkg/mod.py", "")

	ws, err := Load(filepath.Join(root, "outer/w/src/pkg/mod.py"), filepath.Join(root, "outer"))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(ws.Wrangler.Path) != "wrangler.jsonc" || ws.Wrangler.Format != JSONC {
		t.Errorf("wrangler = %s (wrangler.json(c) wins over .toml in one directory)", ws.Wrangler.Path)
	}
	if ws.Pyproject == nil || ws.Lock == nil || ws.Lock.Kind != UVLock {
		t.Errorf("pyproject %v lock %+v", ws.Pyproject, ws.Lock)
	}
	if len(ws.Files()) != 3 || string(ws.Text(ws.Lock.Path)) != "version = 1\n" {
		t.Errorf("files %v", ws.Files())
	}

	// The search stops at root.
	write("elsewhere/src/a.py", "")
	ws, _ = Load(filepath.Join(root, "elsewhere/src/a.py"), filepath.Join(root, "elsewhere"))
	if ws.Wrangler != nil || ws.Pyproject != nil {
		t.Errorf("found config above root: %v", ws.Files())
	}

	// Unsaved buffers win over the disk, even for files not yet saved.
	overlay := func(path string) ([]byte, bool) {
		switch path {
		case filepath.Join(root, "outer/w/wrangler.jsonc"):
			return []byte("{\"main\": \"edited.py\"}"), true
		case filepath.Join(root, "elsewhere/wrangler.toml"):
			return []byte("main = \"new.py\"\n"), true
		}
		return nil, false
	}
	ws, _ = LoadOverlay(filepath.Join(root, "outer/w/src"), filepath.Join(root, "outer"), overlay)
	if m := ReadWorker(ws.Wrangler, "").Main.Value; m != "edited.py" {
		t.Errorf("overlay main = %s", m)
	}
	ws, _ = LoadOverlay(filepath.Join(root, "elsewhere/src/a.py"), filepath.Join(root, "elsewhere"), overlay)
	if ws.Wrangler == nil || ReadWorker(ws.Wrangler, "").Main.Value != "new.py" {
		t.Errorf("unsaved wrangler.toml not found")
	}
}

// TestResolveProfileRows resolves every runtime row of DESIGN.md §4 from
// real config files.
func TestResolveProfileRows(t *testing.T) {
	for _, tc := range []struct {
		dir, env  string
		pyodide   string
		sdk       string
		external  bool
		wraps     bool
		on, off   []string
		bindings  []string
		isDefault bool
		notes     int
	}{
		{dir: "py026", pyodide: "0.26.0a2", on: []string{profile.FlagPythonWorkers}, off: []string{profile.FlagNoGlobalHandlers, profile.FlagWorkflows}, bindings: []string{"DB"}},
		{dir: "py028-date", pyodide: "0.28.2", on: []string{profile.FlagNoGlobalHandlers, profile.FlagDedicatedSnapshot}, off: []string{profile.FlagCheckRNGState}, bindings: []string{"CACHE"}},
		{dir: "py028-flag", pyodide: "0.28.2", on: []string{profile.FlagPythonWorkers20250116}, off: []string{profile.FlagNoGlobalHandlers}},
		{dir: "py314", pyodide: "314.0.4", sdk: "1.4.1", external: true, wraps: true, on: []string{profile.FlagWorkflowsImplicitDeps}, bindings: []string{"AI"}},
		{dir: "sdk-old", pyodide: "0.28.2", sdk: "1.2.0", external: true, wraps: false},
		{dir: "sdk-new", pyodide: "0.28.2", sdk: "1.4.0", external: true, wraps: true},
		{dir: "env", pyodide: "0.26.0a2", off: []string{profile.FlagWorkflows}, bindings: []string{"TOP_KV"}},
		{dir: "env", env: "production", pyodide: "0.28.2", on: []string{profile.FlagWorkflowsImplicitDeps}, off: []string{profile.FlagWorkflows, profile.FlagExternalSDK}, bindings: []string{"PROD_DB"}},
		{dir: "no-config", pyodide: "314.0.4", external: true, wraps: true, isDefault: true, notes: 1},
		{dir: "broken-toml", pyodide: "314.0.4", external: true, wraps: true, isDefault: true, notes: 1},
		{dir: "broken-jsonc", pyodide: "314.0.4", external: true, wraps: true, isDefault: true, notes: 1},
		{dir: "clean", pyodide: "0.28.2", sdk: "1.4.1", external: true, wraps: true, bindings: []string{"AI", "KV", "VEC"}}, // runtime = "0.28" override
	} {
		t.Run(tc.dir+"/"+tc.env, func(t *testing.T) {
			dir, _ := filepath.Abs(filepath.Join("..", "..", "..", "testdata", "workspaces", tc.dir))
			ws, err := Load(filepath.Join(dir, "src/entry.py"), dir)
			if err != nil {
				t.Fatal(err)
			}
			p, notes := ResolveProfile(ws, ProfileOptions{Env: tc.env})
			if p.Runtime.Pyodide != tc.pyodide || p.SDKVersion != tc.sdk || p.ExternalSDK != tc.external || p.SDKWrapsBindings != tc.wraps || p.Default != tc.isDefault {
				t.Errorf("profile %s sdk=%q external=%v wraps=%v default=%v", p.Runtime, p.SDKVersion, p.ExternalSDK, p.SDKWrapsBindings, p.Default)
			}
			for _, f := range tc.on {
				if !p.Has(f) {
					t.Errorf("%s off", f)
				}
			}
			for _, f := range tc.off {
				if p.Has(f) {
					t.Errorf("%s on", f)
				}
			}
			var names []string
			for n := range p.Bindings {
				names = append(names, n)
			}
			slices.Sort(names)
			if !slices.Equal(names, tc.bindings) {
				t.Errorf("bindings %v, want %v", names, tc.bindings)
			}
			if len(notes) != tc.notes {
				t.Errorf("notes %+v", notes)
			}
			if !tc.isDefault && (p.Main != filepath.Join(dir, "src/entry.py") || !strings.HasPrefix(p.Sources["compatibility_date"], filepath.Base(ws.Wrangler.Path)+":")) {
				t.Errorf("main %s sources %v", p.Main, p.Sources)
			}
		})
	}
}

func TestResolveProfileNotes(t *testing.T) {
	dir, _ := filepath.Abs("../../../testdata/workspaces/no-config")
	ws, _ := Load(dir, dir)
	p, notes := ResolveProfile(ws, ProfileOptions{})
	if !strings.Contains(notes[0].Message, "no wrangler.toml") || !strings.Contains(notes[0].Message, "Pyodide 314") {
		t.Errorf("note %q", notes[0].Message)
	}
	if _, ok := p.Packages["httpx"]; !ok {
		t.Errorf("default profile lost the pyproject packages: %v", p.Packages)
	}
	dir, _ = filepath.Abs("../../../testdata/workspaces/broken-toml")
	ws, _ = Load(dir, dir)
	_, notes = ResolveProfile(ws, ProfileOptions{})
	if notes[0].Path != ws.Wrangler.Path || !strings.Contains(notes[0].Message, "wrangler.toml:3") {
		t.Errorf("broken note %+v", notes[0])
	}
}

func TestLocate(t *testing.T) {
	src := []byte("compatibility_date = \"2025-11-02\"\n\n[env.prod]\ncompatibility_flags = [\"python_workers\", \"nodejs_compat\"]\n\n[[vectorize]]\nbinding = \"VEC\"\n")
	f := ParseFile("w.toml", src, TOML)
	for _, tc := range []struct {
		needle string // the offset is the needle's first byte
		path   string
		onKey  bool
		value  string
	}{
		{"2025-11-02", "compatibility_date", false, `"2025-11-02"`},
		{"compatibility_date", "compatibility_date", true, ""},
		{"nodejs_compat", "env.prod.compatibility_flags", false, `"nodejs_compat"`},
		{"\"VEC", "vectorize.binding", false, `"VEC"`},
	} {
		h, ok := f.Locate(strings.Index(string(src), tc.needle))
		value := ""
		if h.Value != nil {
			value = at(src, h.Value.Span)
		}
		if !ok || strings.Join(h.Path, ".") != tc.path || h.OnKey != tc.onKey || value != tc.value {
			t.Errorf("Locate(%q) = %v %v %v %q", tc.needle, ok, h.Path, h.OnKey, value)
		}
	}
	if _, ok := f.Locate(len(src) + 5); ok {
		t.Error("hit past the end")
	}
}
