package check

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// findings returns "relative/path:CODE" for every finding.
func findings(t *testing.T, dir string, rep *Report) []string {
	var out []string
	for _, f := range rep.Files {
		abs, _ := filepath.Abs(f.Path)
		rel, err := filepath.Rel(dir, abs)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Diagnostics {
			out = append(out, filepath.ToSlash(rel)+":"+d.Code)
		}
	}
	sort.Strings(out)
	return out
}

func TestRunScopesToWorkerAndChecksConfig(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"wrangler.toml":      "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\n",
		"pyproject.toml":     "[project]\nname = \"w\"\n\n[tool.pyworkers-lsp]\nexclude = [\"src/generated\"]\n",
		"src/entry.py":       "from pyodide.ffi import to_py\nfrom workers import WorkerEntrypoint\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return None\n",
		"src/generated/x.py": "from pyodide.ffi import to_py\n",
		"scripts/tool.py":    "from pyodide.ffi import to_py\n",
	})
	for _, tc := range []struct {
		name string
		opts Options
		want []string
	}{
		{"worker files only", Options{Paths: []string{dir}}, []string{"src/entry.py:PW201", "wrangler.toml:PW501"}},
		{"--all", Options{Paths: []string{dir}, All: true}, []string{"scripts/tool.py:PW201", "src/entry.py:PW201", "src/generated/x.py:PW201", "wrangler.toml:PW501"}},
		{"explicit file outside the worker", Options{Paths: []string{filepath.Join(dir, "scripts", "tool.py")}}, []string{"scripts/tool.py:PW201", "wrangler.toml:PW501"}},
		{"command-line ignore wins", Options{Paths: []string{dir}, Analysis: analysis.Options{Ignore: []string{"PW5"}}}, []string{"src/entry.py:PW201"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Run(tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) > 0 {
				t.Fatalf("errors: %v", rep.Errors)
			}
			got := findings(t, dir, rep)
			if !equal(got, tc.want) {
				t.Errorf("findings = %v, want %v", got, tc.want)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestDocsURL: SARIF's helpUri follows docs-url when every Worker checked
// sets the same one, and the default otherwise.
func TestDocsURL(t *testing.T) {
	worker := func(docs string) map[string]string {
		files := map[string]string{
			"wrangler.toml": "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n",
			"src/entry.py":  "from pyodide.ffi import to_py\n",
		}
		if docs != "" {
			files["pyproject.toml"] = "[tool.pyworkers-lsp]\ndocs-url = \"" + docs + "\"\n"
		}
		return files
	}
	tree := func(workers ...map[string]string) string {
		all := map[string]string{}
		for i, w := range workers {
			for name, text := range w {
				all[fmt.Sprintf("w%d/%s", i, name)] = text
			}
		}
		return writeTree(t, all)
	}
	const internal = "https://docs.example.org/pw"
	for _, tc := range []struct {
		name string
		dir  string
		want string
	}{
		{"one Worker", tree(worker(internal)), internal},
		{"two agreeing", tree(worker(internal), worker(internal)), internal},
		{"two differing", tree(worker(internal), worker("")), rules.DefaultDocBase},
		{"none set", tree(worker("")), rules.DefaultDocBase},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Run(Options{Paths: []string{tc.dir}})
			if err != nil {
				t.Fatal(err)
			}
			var out strings.Builder
			if err := Write(&out, rep, "sarif", "test"); err != nil {
				t.Fatal(err)
			}
			if want := `"helpUri": "` + tc.want + `#pw201"`; !strings.Contains(out.String(), want) {
				t.Errorf("SARIF lacks %s", want)
			}
		})
	}
}

// TestCleanFilesKeepNoText: a run holds the text of the files it reports
// only, so checking a large tree does not keep every file in memory.
func TestCleanFilesKeepNoText(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"wrangler.toml":  "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n",
		"src/entry.py":   "from workers import WorkerEntrypoint, Response\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n",
		"src/bad.py":     "from pyodide.ffi import to_py\n",
		"pyproject.toml": "[project]\nname = \"w\"\n\n[dependency-groups]\ndev = [\"workers-py\"]\n",
	})
	rep, err := Run(Options{Paths: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, f := range rep.Files {
		kept[filepath.Base(f.Path)] = f.Text != nil && f.Lines != nil
		if (f.Text != nil) != (len(f.Diagnostics) > 0) {
			t.Errorf("%s: %d findings, text kept: %v", f.Path, len(f.Diagnostics), f.Text != nil)
		}
	}
	if !kept["bad.py"] || kept["entry.py"] {
		t.Errorf("text kept per file: %v", kept)
	}
	var out strings.Builder
	if err := Write(&out, rep, "text", "test"); err != nil || !strings.Contains(out.String(), "bad.py:1:25: PW201") {
		t.Errorf("report (err %v):\n%s", err, out.String())
	}
}
