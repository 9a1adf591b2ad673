package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckFix runs `check --diff`, `check --fix` and `check --fix
// --unsafe-fixes` on a copy of a Worker with safe and unsafe fixes.
func TestCheckFix(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("wrangler.toml", "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n")
	entry := "from pyodide.ffi import to_py\nfrom workers import Response\n\n\nasync def on_fetch(request, env):\n    return Response(to_py(request))\n"
	write("src/entry.py", entry)

	if code, _, errOut := runCLI("check", "--unsafe-fixes", dir); code != 2 || !strings.Contains(errOut, "--unsafe-fixes needs --fix or --diff") {
		t.Errorf("--unsafe-fixes alone: exit %d, %s", code, errOut)
	}
	code, out, errOut := runCLI("check", "--diff", dir)
	if code != 1 || !strings.Contains(out, "-from pyodide.ffi import to_py\n") || !strings.Contains(errOut, "Would fix 2 problems.") {
		t.Errorf("--diff: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "src", "entry.py")); string(b) != entry {
		t.Errorf("--diff changed the file")
	}
	code, out, _ = runCLI("check", "--fix", dir)
	if code != 1 || !strings.Contains(out, "PW101") || strings.Contains(out, "PW201") || !strings.HasSuffix(out, "Fixed 2 problems.\n") {
		t.Errorf("--fix: exit %d\n%s", code, out)
	}
	code, out, errOut = runCLI("check", "--fix", "--unsafe-fixes", "--format", "json", dir)
	if code != 0 || !strings.Contains(errOut, "Fixed 1 problem.") || strings.Contains(out, "Fixed") {
		t.Errorf("--fix --unsafe-fixes: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

// TestCheckDiffMultiPass: fixes that need a second pass (PW202 after the
// PW201 imports are rewritten) run on that pass's own text and line index
// — a line index of the first text once crashed the second pass.
func TestCheckDiffMultiPass(t *testing.T) {
	code, out, errOut := runCLI("check", "--all", "--diff", "../../testdata/fixes/PW201/basic/")
	if code != 1 || !strings.Contains(errOut, "Would fix 7 problems.") || strings.Contains(errOut, "failed") || !strings.Contains(out, "+    a = result.results.to_py()") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}
