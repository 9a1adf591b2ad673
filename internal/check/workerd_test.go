package check

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// twoWorkers is a .wd-test in the shape of workerd's Python tests: one
// Python file embedded by two Workers whose flags differ.
const twoWorkers = `using Workerd = import "/workerd/workerd.capnp";

const legacy :Workerd.Worker = (
  modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
  compatibilityFlags = [%PYTHON_FEATURE_FLAGS, "disable_python_no_global_handlers"],
  bindings = [ ( name = "PEER", service = "modern" ), ( name = "CACHE", kvNamespace = "kv" ) ],
);

const unitTests :Workerd.Config = (
  services = [
    ( name = "legacy", worker = .legacy ),
    ( name = "modern",
      worker = (
        modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
        compatibilityDate = "2025-10-01",
        compatibilityFlags = ["python_workers"],
        bindings = [ ( name = "PEER", service = "legacy" ), ( name = "CACHE", kvNamespace = "kv" ) ],
      )
    ),
  ],
);
`

// legacyHandler is a module-level handler: honoured by "legacy"
// (disable_python_no_global_handlers), silently ignored by "modern"
// (python_no_global_handlers is on from 2025-08-14).
const legacyHandler = `async def on_fetch(request, env):
    await env.CACHE.get("k")
    return await env.PEER.fetch(request)
`

func TestWorkerdTwoWorkersDifferentFlags(t *testing.T) {
	dir := writeTree(t, map[string]string{"two.wd-test": twoWorkers, "worker.py": legacyHandler})
	rep, err := Run(Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("errors: %v", rep.Errors)
	}
	got := findings(t, dir, rep)
	// PW101 once, for "modern" only; no PW401 for the .wd-test's
	// bindings; no PW002 (the file has a config); nothing in the config.
	if strings.Join(got, " ") != "worker.py:PW101" {
		t.Fatalf("findings = %v", got)
	}
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			if !strings.HasSuffix(d.Message, `(in worker "modern" of two.wd-test)`) {
				t.Errorf("PW101 does not name the Worker it applies to: %s", d.Message)
			}
		}
	}
}

func TestWorkerdUndeclaredBindingPerWorker(t *testing.T) {
	// "modern" declares no CACHE: PW401 there only.
	wd := strings.Replace(twoWorkers, `( name = "PEER", service = "legacy" ), ( name = "CACHE", kvNamespace = "kv" )`, `( name = "PEER", service = "legacy" )`, 1)
	dir := writeTree(t, map[string]string{"two.wd-test": wd, "worker.py": legacyHandler})
	rep, err := Run(Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	got := findings(t, dir, rep)
	if strings.Join(got, " ") != "worker.py:PW101 worker.py:PW401" {
		t.Fatalf("findings = %v", got)
	}
	for _, d := range rep.Files[0].Diagnostics {
		if d.Code == "PW401" && (!strings.Contains(d.Message, "env.CACHE") || !strings.HasSuffix(d.Message, `(in worker "modern" of two.wd-test)`)) {
			t.Errorf("PW401 message: %s", d.Message)
		}
	}
}

func TestWorkerdSampleConfigFindings(t *testing.T) {
	// The shape of workerd's samples/pyodide/config.capnp, with a broken
	// date and a misspelt flag.
	config := `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker) ],
  sockets = [ ( name = "http", address = "*:8080", http = (), service = "main" ) ],
);

const mainWorker :Workerd.Worker = (
  modules = [ (name = "worker.py", pythonModule = embed "./worker.py") ],
  compatibilityDate = "2025-13-01",
  compatibilityFlags = ["python_workers", "python_no_global_handler"],
);
`
	dir := writeTree(t, map[string]string{
		"sample/config.capnp": config,
		"sample/worker.py":    "from workers import WorkerEntrypoint\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return None\n",
	})
	rep, err := Run(Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings(t, dir, rep) {
		if strings.HasPrefix(f, "sample/config.capnp:") {
			got = append(got, f)
		}
	}
	if strings.Join(got, " ") != "sample/config.capnp:PW505 sample/config.capnp:PW505" {
		t.Fatalf("findings = %v", got)
	}
	var f *File
	for _, rf := range rep.Files {
		if filepath.Base(rf.Path) == "config.capnp" {
			f = rf
		}
	}
	lines := source.NewLines(f.Text)
	for i, want := range []struct{ text, msg string }{
		{`"2025-13-01"`, "is not a YYYY-MM-DD date"},
		{`"python_no_global_handler"`, `did you mean "python_no_global_handlers"`},
	} {
		d := f.Diagnostics[i]
		if string(f.Text[d.Start:d.End]) != want.text || !strings.Contains(d.Message, want.msg) {
			t.Errorf("finding %d: %q at %q", i, d.Message, f.Text[d.Start:d.End])
		}
		if line := lines.Line(d.Start); line != 9+i {
			t.Errorf("finding %d on line %d", i, line)
		}
	}
}

// TestNamedConfigFilesAreConfigs: a config file named on the command line
// is checked as its Worker's config — never parsed as a Python module
// (config.capnp used to get "no wrangler.toml found" at 1:1) — and is
// listed as checked when it has no finding.
func TestNamedConfigFilesAreConfigs(t *testing.T) {
	const clean = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker) ],
);

const mainWorker :Workerd.Worker = (
  modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["python_workers"],
);
`
	badFlag := strings.Replace(clean, `["python_workers"]`, `["python_workers", "python_no_such_flag"]`, 1)
	for _, tc := range []struct {
		name, file string
		tree       map[string]string
		want       string
	}{
		{"clean workerd config", "config.capnp", map[string]string{"config.capnp": clean, "worker.py": "x = 1\n"}, ""},
		{"workerd config with an unknown flag", "config.capnp", map[string]string{"config.capnp": badFlag, "worker.py": "x = 1\n"}, "config.capnp:PW505"},
		{"wrangler.toml", "wrangler.toml", map[string]string{
			"wrangler.toml": "name = \"w\"\nmain = \"entry.py\"\ncompatibility_date = \"2025-09-01\"\ncompatibility_flags = [\"python_workers\"]\n",
			"entry.py":      "x = 1\n"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeTree(t, tc.tree)
			rep, err := Run(Options{Paths: []string{filepath.Join(dir, tc.file)}})
			if err != nil || len(rep.Errors) > 0 {
				t.Fatalf("err %v, errors %v", err, rep.Errors)
			}
			if got := strings.Join(findings(t, dir, rep), " "); got != tc.want {
				t.Fatalf("findings = %q, want %q", got, tc.want)
			}
			if len(rep.Files) != 1 || filepath.Base(rep.Files[0].Path) != tc.file {
				t.Fatalf("files reported = %d (%v), want the one config named", len(rep.Files), rep.Files)
			}
		})
	}
}
