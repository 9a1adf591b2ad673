package check

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

// runBounded runs check and fails the test if it does not finish in time
// (a FIFO read used to block forever).
func runBounded(t *testing.T, opts Options) *Report {
	t.Helper()
	type result struct {
		rep *Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := Run(opts)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("Run: %v", r.err)
		}
		return r.rep
	case <-time.After(60 * time.Second):
		t.Fatal("check did not finish")
		return nil
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func errorTexts(rep *Report) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, e.Error())
	}
	sort.Strings(out)
	return out
}

func codesOf(rep *Report) map[string][]string {
	out := map[string][]string{}
	for _, f := range rep.Files {
		for _, d := range f.Diagnostics {
			out[filepath.Base(f.Path)] = append(out[filepath.Base(f.Path)], d.Code)
		}
	}
	return out
}

// TestCheckSurvivesOddFiles mixes files check cannot analyse with ones it
// can: each odd file gets one clear error (exit status 2) and the others
// are still analysed. These cases fail for root too, unlike chmod 000.
func TestCheckSurvivesOddFiles(t *testing.T) {
	dir := workerDir(t)
	write(t, filepath.Join(dir, "good.py"), "from pyodide.ffi import to_py\n")
	write(t, filepath.Join(dir, "package.py", "inner.py"), "from pyodide.ffi import to_py\n") // a directory named *.py
	write(t, filepath.Join(dir, "binary.py"), "\x00\x01\x02\xff\xfe")
	if err := os.Symlink(filepath.Join(dir, "missing.py"), filepath.Join(dir, "dangling.py")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.py"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := runBounded(t, Options{Paths: []string{dir}, Analysis: analysis.Options{Select: []string{"PW201"}}})
	want := []string{
		filepath.Join(dir, "binary.py") + ": not a text file",
		filepath.Join(dir, "dangling.py") + ": broken symbolic link to " + filepath.Join(dir, "missing.py"),
		filepath.Join(dir, "pipe.py") + ": not a regular file (named pipe)",
	}
	if got := errorTexts(rep); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	codes := codesOf(rep)
	if fmt.Sprint(codes["good.py"]) != "[PW201]" || fmt.Sprint(codes["inner.py"]) != "[PW201]" {
		t.Errorf("findings of the readable files: %v", codes)
	}

	// Named on the command line, a FIFO is refused the same way.
	rep = runBounded(t, Options{Paths: []string{filepath.Join(dir, "pipe.py"), filepath.Join(dir, "good.py")}, Analysis: analysis.Options{Select: []string{"PW201"}}})
	if len(rep.Errors) != 1 || rep.Findings() != 1 {
		t.Errorf("explicit FIFO: errors %v, %d findings", rep.Errors, rep.Findings())
	}
}

// TestCheckUnreadableFile needs a user that permissions apply to: root
// reads a chmod 000 file, so the test skips there (the FIFO and symlink
// cases above fail for root too).
func TestCheckUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: chmod 000 does not stop root from reading")
	}
	dir := workerDir(t)
	path := filepath.Join(dir, "secret.py")
	write(t, path, "x = 1\n")
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "good.py"), "from pyodide.ffi import to_py\n")
	rep := runBounded(t, Options{Paths: []string{dir}, Analysis: analysis.Options{Select: []string{"PW201"}}})
	if got := errorTexts(rep); len(got) != 1 || got[0] != path+": permission denied" {
		t.Errorf("errors = %q", got)
	}
	if rep.Findings() != 1 {
		t.Errorf("findings = %d, want the one in good.py", rep.Findings())
	}
}

// TestCheckManyFiles checks a directory of 10,000 files: every finding is
// reported, in path order, and no file is lost or read twice.
func TestCheckManyFiles(t *testing.T) {
	dir := workerDir(t)
	const n = 10000
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("x%d = %d\n", i, i)
		if i%100 == 0 {
			text = "from pyodide.ffi import to_py\n"
		}
		write(t, filepath.Join(dir, fmt.Sprintf("m%05d.py", i)), text)
	}
	start := time.Now()
	rep := runBounded(t, Options{Paths: []string{dir}, Analysis: analysis.Options{Select: []string{"PW201"}}})
	t.Logf("%d files in %v", n, time.Since(start))
	if len(rep.Errors) != 0 {
		t.Fatalf("errors: %v", rep.Errors[:min(3, len(rep.Errors))])
	}
	if len(rep.Files) != n {
		t.Errorf("%d files analysed, want %d", len(rep.Files), n)
	}
	if rep.Findings() != n/100 {
		t.Errorf("%d findings, want %d", rep.Findings(), n/100)
	}
	if !sort.SliceIsSorted(rep.Files, func(i, j int) bool { return rep.Files[i].Path < rep.Files[j].Path }) {
		t.Error("files are not reported in path order")
	}
}

// workerDir is an empty Worker: a wrangler config and no main, so every
// Python file below it is analysed (files outside any Worker are not).
func workerDir(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "wrangler.toml"), "compatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n")
	return dir
}
