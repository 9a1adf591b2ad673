package check

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fixTree is a Worker whose config lacks python_workers (PW501, safe
// fix) and whose entry module has to_py imports and calls (PW201, safe)
// and a module-level on_fetch (PW101, unsafe).
var fixTree = map[string]string{
	"wrangler.toml": "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\" # pinned\n\n[[d1_databases]]\nbinding = \"DB\"\ndatabase_id = \"x\"\n",
	"src/entry.py": `from pyodide.ffi import to_py
from workers import Response


async def on_fetch(request, env):
    rows = to_py(await env.DB.prepare("q").all())
    return Response(rows)
`,
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFixSafe(t *testing.T) {
	dir := writeTree(t, fixTree)
	entry := filepath.Join(dir, "src", "entry.py")
	if err := os.Chmod(entry, 0o600); err != nil {
		t.Fatal(err)
	}
	fr, err := Fix(Options{Paths: []string{dir}}, FixOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Errors) > 0 {
		t.Fatalf("errors: %v", fr.Errors)
	}
	if fr.Fixed != 3 || fr.Summary(false) != "Fixed 3 problems." {
		t.Errorf("fixed %d (%s), want 3: PW501 and two PW201", fr.Fixed, fr.Summary(false))
	}
	if got := findings(t, dir, fr.Report); !slices.Equal(got, []string{"src/entry.py:PW101"}) {
		t.Errorf("left %v, want only the unsafe PW101", got)
	}
	if got := read(t, dir, "wrangler.toml"); !strings.Contains(got, `compatibility_flags = ["python_workers"]`) || !strings.Contains(got, "# pinned") {
		t.Errorf("wrangler.toml:\n%s", got)
	}
	want := "from workers import Response\n\n\nasync def on_fetch(request, env):\n    rows = (await env.DB.prepare(\"q\").all()).to_py()\n    return Response(rows)\n"
	if got := read(t, dir, "src/entry.py"); got != want {
		t.Errorf("entry.py:\n%s\nwant:\n%s", got, want)
	}
	if info, err := os.Stat(entry); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode not kept: %v %v", info.Mode(), err)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, "src", ".*pyworkers-*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func TestFixUnsafe(t *testing.T) {
	dir := writeTree(t, fixTree)
	fr, err := Fix(Options{Paths: []string{dir}}, FixOptions{Unsafe: true})
	if err != nil {
		t.Fatal(err)
	}
	if fr.Fixed != 4 || fr.Findings() != 0 {
		t.Errorf("fixed %d, left %v", fr.Fixed, findings(t, dir, fr.Report))
	}
	if got := read(t, dir, "src/entry.py"); !strings.Contains(got, "class Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        rows = (await self.env.DB") {
		t.Errorf("entry.py:\n%s", got)
	}
}

func TestFixDiff(t *testing.T) {
	dir := writeTree(t, fixTree)
	var diff bytes.Buffer
	fr, err := Fix(Options{Paths: []string{dir}}, FixOptions{Diff: &diff})
	if err != nil {
		t.Fatal(err)
	}
	if fr.Fixed != 3 || fr.Summary(true) != "Would fix 3 problems." {
		t.Errorf("would fix %d", fr.Fixed)
	}
	for name, text := range fixTree {
		if got := read(t, dir, name); got != text {
			t.Errorf("--diff wrote %s", name)
		}
	}
	for _, want := range []string{
		"+++ " + filepath.Join(dir, "src", "entry.py") + "\n",
		"-from pyodide.ffi import to_py\n",
		"+    rows = (await env.DB.prepare(\"q\").all()).to_py()\n",
		"+compatibility_flags = [\"python_workers\"]\n",
	} {
		if !strings.Contains(diff.String(), want) {
			t.Errorf("diff lacks %q:\n%s", want, diff.String())
		}
	}
	if got := findings(t, dir, fr.Report); !slices.Equal(got, []string{"src/entry.py:PW101"}) {
		t.Errorf("would leave %v", got)
	}
}

func TestWriteIfUnchangedRefusesChangedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.py")
	if err := os.WriteFile(path, []byte("edited meanwhile\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := writeIfUnchanged(path, []byte("as read\n"), []byte("fixed\n"))
	if !errors.Is(err, ErrChangedOnDisk) {
		t.Fatalf("err = %v, want ErrChangedOnDisk", err)
	}
	if got := read(t, dir, "a.py"); got != "edited meanwhile\n" {
		t.Errorf("file overwritten: %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary file left: %v", entries)
	}
	if err := writeIfUnchanged(path, []byte("edited meanwhile\n"), []byte("fixed\n")); err != nil || read(t, dir, "a.py") != "fixed\n" {
		t.Errorf("unchanged file not written: %v", err)
	}
}
