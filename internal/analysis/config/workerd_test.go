package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// sampleCapnp has the shape of workerd's samples/pyodide-env/config.capnp
// (a Config constant naming a Worker constant, sockets, autogates), with
// more binding kinds.
const sampleCapnp = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
  ],
  sockets = [
    # Serve HTTP on port 8080.
    ( name = "http", address = "*:8080", http = (), service = "main" ),
  ],
  autogates = ["workerd-autogate-builtin-wasm-modules"],
);

const mainWorker :Workerd.Worker = (
  modules = [
    (name = "worker.py", pythonModule = embed "./src/worker.py"),
    (name = "helper.py", pythonModule = embed "src/helper.py"),
    (name = "data.txt", text = "inline"),
  ],
  compatibilityDate = "2025-06-01",
  compatibilityFlags = ["python_workers"],
  bindings = [
    ( name = "MY_ENV", text = "some_value" ),
    ( name = "CACHE", kvNamespace = "kv" ),
    ( name = "DB", wrapped = ( moduleName = "cloudflare-internal:d1-api", innerBindings = [(name = "fetcher", service = "d1-mock")] ) ),
    ( name = "COUNTER", durableObjectNamespace = "Counter" ),
    ( name = "SECRET", fromEnvironment = "SECRET" ),
    ( name = "KEY", cryptoKey = ( raw = 0x"00" ) ),
  ],
);
`

// twoWorkersTest has the shape of workerd's Python .wd-test files
// (src/workerd/server/tests/python/sdk/sdk.wd-test): Worker constants
// with %PYTHON_FEATURE_FLAGS, an inline Worker, and a JavaScript Worker.
const twoWorkersTest = `using Workerd = import "/workerd/workerd.capnp";

const legacy :Workerd.Worker = (
  modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
  compatibilityFlags = [%PYTHON_FEATURE_FLAGS, "disable_python_no_global_handlers"],
  bindings = [ ( name = "PEER", service = "modern" ) ],
);

const unitTests :Workerd.Config = (
  services = [
    ( name = "legacy", worker = .legacy ),
    ( name = "modern",
      worker = (
        modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
        compatibilityDate = "2025-10-01",
        compatibilityFlags = ["python_workers"],
      )
    ),
    ( name = "js", worker = ( modules = [ (name = "w", esModule = embed "w.js") ], compatibilityDate = "2025-10-01" ) ),
    ( name = "alias", worker = .legacy ),
  ],
);
`

func TestParseWorkerdSample(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.capnp")
	c := ParseWorkerd(path, []byte(sampleCapnp))
	if len(c.File.Errors) > 0 || len(c.Problems) > 0 {
		t.Fatalf("errors %v problems %v", c.File.Errors, c.Problems)
	}
	if len(c.Workers) != 1 {
		t.Fatalf("%d workers", len(c.Workers))
	}
	w := c.Workers[0]
	text := []byte(sampleCapnp)
	if w.Name != "main" || at(text, w.NameSpan) != `"main"` {
		t.Errorf("name %q at %q", w.Name, at(text, w.NameSpan))
	}
	if want := filepath.Join(dir, "src", "worker.py"); w.Main() != want {
		t.Errorf("main = %q, want %q", w.Main(), want)
	}
	if at(text, w.Modules[0].Span) != `embed "./src/worker.py"` || w.Modules[2].Type != "text" || w.Modules[2].Path != "" {
		t.Errorf("modules %+v", w.Modules)
	}
	if !w.Embeds(filepath.Join(dir, "src", "helper.py")) || w.Embeds(filepath.Join(dir, "helper.py")) {
		t.Error("Embeds is wrong")
	}
	if w.CompatDate == nil || w.CompatDate.Value != "2025-06-01" || at(text, w.CompatDate.Span) != `"2025-06-01"` {
		t.Errorf("date %+v", w.CompatDate)
	}
	if len(w.CompatFlags) != 1 || at(text, w.CompatFlags[0].Span) != `"python_workers"` {
		t.Errorf("flags %+v", w.CompatFlags)
	}
	kinds := map[string]string{}
	for _, b := range w.Bindings {
		kinds[b.Name] = b.Kind
		if at(text, b.NameSpan) != `"`+b.Name+`"` {
			t.Errorf("binding %s name span %q", b.Name, at(text, b.NameSpan))
		}
	}
	want := map[string]string{"MY_ENV": "vars", "CACHE": "kv_namespaces", "DB": "d1_databases", "COUNTER": "durable_objects.bindings", "SECRET": "vars", "KEY": "unsafe.bindings"}
	for name, kind := range want {
		if kinds[name] != kind {
			t.Errorf("binding %s kind %q, want %q", name, kinds[name], kind)
		}
	}
	if b, _ := bindingNamed(w.Bindings, "COUNTER"); b.ClassName != "Counter" {
		t.Errorf("COUNTER class %q", b.ClassName)
	}
}

func bindingNamed(bs []Binding, name string) (Binding, bool) {
	for _, b := range bs {
		if b.Name == name {
			return b, true
		}
	}
	return Binding{}, false
}

func TestParseWorkerdTwoWorkers(t *testing.T) {
	dir := t.TempDir()
	c := ParseWorkerd(filepath.Join(dir, "py.wd-test"), []byte(twoWorkersTest))
	if len(c.Workers) != 2 {
		t.Fatalf("%d workers (the JS one and the alias must not count): %+v", len(c.Workers), c.Workers)
	}
	legacy, modern := c.Workers[0], c.Workers[1]
	if legacy.Name != "legacy" || modern.Name != "modern" {
		t.Fatalf("names %q %q", legacy.Name, modern.Name)
	}
	if len(legacy.FlagPlaceholders) != 1 || legacy.FlagPlaceholders[0].Value != "%PYTHON_FEATURE_FLAGS" || legacy.CompatDate != nil {
		t.Errorf("legacy: %+v", legacy)
	}
	if !c.IsTest() || !c.IsTemplate() {
		t.Errorf("IsTest %v IsTemplate %v", c.IsTest(), c.IsTemplate())
	}
	ws := &Workspace{Dir: dir, Workerd: []*WorkerdConfig{c}}
	if got := ws.WorkersOf(filepath.Join(dir, "worker.py")); len(got) != 2 {
		t.Fatalf("WorkersOf = %d workers", len(got))
	}

	// Each Worker resolves to its own profile.
	pl, notes := ResolveWorkerdProfile(ws, legacy, ProfileOptions{})
	if pl.CompatDate != workerdTestDate || pl.Has(profile.FlagNoGlobalHandlers) || pl.Runtime != profile.Latest() || !pl.Has(profile.FlagPythonWorkers) {
		t.Errorf("legacy profile: date %q runtime %s flags %v", pl.CompatDate, pl.Runtime, pl.Flags)
	}
	if len(notes) != 1 || !strings.Contains(notes[0].Message, "%PYTHON_FEATURE_FLAGS") || notes[0].Span.IsZero() {
		t.Errorf("legacy notes %+v", notes)
	}
	if b, ok := pl.Bindings["PEER"]; !ok || b.Kind != "services" || b.Decl.File != c.Path {
		t.Errorf("legacy bindings %+v", pl.Bindings)
	}
	if !pl.HasConfig() || pl.Main != filepath.Join(dir, "worker.py") {
		t.Errorf("legacy config %q main %q", pl.ConfigFile, pl.Main)
	}
	pm, notes := ResolveWorkerdProfile(ws, modern, ProfileOptions{})
	if pm.CompatDate != "2025-10-01" || !pm.Has(profile.FlagNoGlobalHandlers) || pm.Runtime.Pyodide != "0.28.2" || len(notes) != 0 {
		t.Errorf("modern profile: date %q runtime %s flags %v notes %v", pm.CompatDate, pm.Runtime, pm.Flags, notes)
	}
	if len(pm.Bindings) != 0 {
		t.Errorf("modern has bindings %v", pm.Bindings)
	}
	// An override wins over the placeholder's assumption.
	if p, _ := ResolveWorkerdProfile(ws, legacy, ProfileOptions{RuntimeOverride: "0.26"}); p.Runtime.Pyodide != "0.26.0a2" {
		t.Errorf("override ignored: %s", p.Runtime)
	}
}

func TestWorkerdPlaceholdersAndProblems(t *testing.T) {
	src := `const w :Workerd.Worker = (
  modules = [ (name = "a.py", pythonModule = embed "a.py") ],
  compatibilityDate = %COMPAT_DATE,
  compatibilityFlags = "python_workers",
);
const v :Workerd.Worker = (
  modules = [ (name = "b.py", pythonModule = embed "b.py") ],
  compatibilityDate = "<COMPATIBILITY_DATE>",
);
const c2 :Workerd.Config = ( services = [ (name = "x", worker = .missing) ] );
`
	c := ParseWorkerd("/x/config.capnp", []byte(src))
	if len(c.Problems) != 1 || len(c.Workers) != 0 {
		t.Fatalf("problems %+v", c.Problems)
	}
	if !strings.Contains(c.Problems[0].Message, `no constant "missing"`) || at([]byte(src), c.Problems[0].Span) != ".missing" {
		t.Errorf("problem 0: %+v", c.Problems[0])
	}
	// A Config constant exists, so the Worker constants it does not name
	// are not Workers: parse them without it.
	c = ParseWorkerd("/x/config.capnp", []byte(src[:strings.Index(src, "const c2")]))
	if len(c.Workers) != 2 || c.Workers[0].DatePlaceholder == nil || c.Workers[0].DatePlaceholder.Value != "%COMPAT_DATE" ||
		c.Workers[1].DatePlaceholder == nil || c.Workers[1].CompatDate != nil {
		t.Fatalf("workers %+v", c.Workers)
	}
	if len(c.Problems) != 1 || c.Problems[0].Message != "compatibilityFlags must be a list of strings" {
		t.Errorf("problems %+v", c.Problems)
	}
}

// TestLoadFindsWorkerdConfigs: configs beside and above the Python file
// are found; a JavaScript-only config is not read.
func TestLoadFindsWorkerdConfigs(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.capnp", sampleCapnp)
	write("src/py.wd-test", twoWorkersTest)
	write("src/js.wd-test", `const w :Workerd.Worker = ( modules = [ (name = "w", esModule = embed "w.js") ] );`)
	write("src/worker.py", "")
	ws, err := Load(filepath.Join(dir, "src", "worker.py"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ws.Workerd) != 2 || filepath.Base(ws.Workerd[0].Path) != "py.wd-test" || filepath.Base(ws.Workerd[1].Path) != "config.capnp" {
		t.Fatalf("workerd configs: %d", len(ws.Workerd))
	}
	got := ws.WorkersOf(filepath.Join(dir, "src", "worker.py"))
	if len(got) != 3 || got[2].Name != "main" {
		t.Fatalf("WorkersOf: %d", len(got))
	}
	files := ws.Files()
	if files[len(files)-1] != filepath.Join(dir, "config.capnp") || string(ws.Text(files[len(files)-1])) != sampleCapnp {
		t.Errorf("Files/Text miss the workerd config: %v", files)
	}
}

// TestWorkerdSearchStopsAtRepositoryAndSeesNewFiles: a config above the
// repository root is not read, and a config created after a Load is
// found by the next one (the listing cache follows the directory).
func TestWorkerdSearchStopsAtRepositoryAndSeesNewFiles(t *testing.T) {
	dir := t.TempDir()
	repo := filepath.Join(dir, "repo")
	for _, d := range []string{filepath.Join(repo, ".git"), filepath.Join(repo, "w")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	outside := strings.ReplaceAll(sampleCapnp, "./src/worker.py", "repo/w/worker.py")
	if err := os.WriteFile(filepath.Join(dir, "config.capnp"), []byte(outside), 0o644); err != nil {
		t.Fatal(err)
	}
	py := filepath.Join(repo, "w", "worker.py")
	if ws, _ := Load(py, ""); len(ws.Workerd) != 0 {
		t.Fatalf("read a config above the repository: %s", ws.Workerd[0].Path)
	}
	if err := os.WriteFile(filepath.Join(repo, "w", "t.wd-test"), []byte(twoWorkersTest), 0o644); err != nil {
		t.Fatal(err)
	}
	if ws, _ := Load(py, ""); len(ws.Workerd) != 1 || len(ws.WorkersOf(py)) != 2 {
		t.Fatalf("new .wd-test not found: %d configs", len(ws.Workerd))
	}
}
