package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// helloWorker has three fixable findings in src/entry.py: two PW201 and
// one PW202.
const helloWorker = "../../testdata/examples/hello-worker"

func runCLIStdin(stdin string, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// excludeWorker is a Worker whose pyproject excludes gen/ and which has a
// plain Python directory beside it (no wrangler config above).
func excludeWorker(t *testing.T) string {
	t.Helper()
	dir := plainTempDir(t)
	files := map[string]string{
		"w/wrangler.toml":  "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n",
		"w/pyproject.toml": "[project]\nname = \"w\"\n\n[tool.pyworkers-lsp]\nexclude = [\"src/gen\"]\n",
		"w/src/entry.py":   "from workers import WorkerEntrypoint, Response\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n",
		"w/src/gen/x.py":   "from pyodide.ffi import to_py\n",
		"plain/app.py":     "import random\nfrom pyodide.ffi import to_py\nx = random.random()\n",
	}
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

// plainTempDir is a new temporary directory with no wrangler config in
// it or above it, so that files in it are outside any Worker (a stray
// /tmp/wrangler.toml would put every t.TempDir() inside a "Worker").
func plainTempDir(t *testing.T) string {
	t.Helper()
	for _, base := range []string{os.TempDir(), "/var/tmp", "/dev/shm"} {
		if configAbove(base) {
			continue
		}
		dir, err := os.MkdirTemp(base, "pyworkers-plain-")
		if err != nil {
			continue
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		return dir
	}
	t.Skip("every temporary directory has a wrangler config above it")
	return ""
}

func configAbove(dir string) bool {
	for {
		for _, name := range []string{"wrangler.toml", "wrangler.jsonc", "wrangler.json"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return true
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// TestCheckFlags mirrors ruff's `check` flags: each case runs the
// command line and checks the exit status and what stdout and stderr
// hold (and must not hold).
func TestCheckFlags(t *testing.T) {
	ex := excludeWorker(t)
	entry := filepath.Join(helloWorker, "src", "entry.py")
	entryText, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(t.TempDir(), "out", "report.txt")
	for _, tc := range []struct {
		name        string
		args        []string
		stdin       string
		code        int
		want, not   []string // in stdout
		wantErr     []string // in stderr
		notErr      []string
		wantOutFile []string
	}{
		{name: "flags after the path", args: []string{"check", helloWorker, "--format", "json"}, code: 1, want: []string{`"code": "PW201"`}},
		{name: "--output-format is --format", args: []string{"check", helloWorker, "--output-format=github"}, code: 1, want: []string{"::error file="}},
		{name: "-- ends the flags", args: []string{"check", "--select", "PW202", "--", helloWorker}, code: 1, want: []string{"PW202"}, not: []string{"PW201"}},
		{name: "fixable marker and hint", args: []string{"check", helloWorker}, code: 1,
			want: []string{"src/entry.py:2:32: PW201 [*] pyodide.ffi has no to_py", "Found 3 problems in 1 file.", "[*] 3 fixable with the `--fix` option."}},
		{name: "all checks passed", args: []string{"check", "--select", "PW999", helloWorker}, code: 0, want: []string{"All checks passed!"}},
		{name: "--quiet prints findings only", args: []string{"check", "-q", helloWorker}, code: 1, want: []string{"PW201 [*]"}, not: []string{"Found", "fixable"}},
		{name: "--quiet clean run prints nothing", args: []string{"check", "--quiet", "--select", "PW999", helloWorker}, code: 0, not: []string{"All checks passed!"}},
		{name: "--exit-zero", args: []string{"check", helloWorker, "--exit-zero"}, code: 0, want: []string{"PW201"}},
		{name: "-e is --exit-zero", args: []string{"check", "-e", helloWorker}, code: 0, want: []string{"PW201"}},
		{name: "--silent prints nothing, exits 1", args: []string{"check", "--silent", helloWorker}, code: 1, not: []string{"PW", "Found", "fixable"}},
		{name: "-s clean run exits 0", args: []string{"check", "-s", "--select", "PW999", helloWorker}, code: 0, not: []string{"All checks passed!"}},
		{name: "--output-format concise is text", args: []string{"check", "--output-format", "concise", helloWorker}, code: 1, want: []string{"src/entry.py:2:32: PW201 [*]"}},
		{name: "--exit-zero with --exit-non-zero-on-fix", args: []string{"check", "-e", "--exit-non-zero-on-fix", helloWorker}, code: 2, wantErr: []string{"contradict"}},
		{name: "--exit-zero keeps errors", args: []string{"check", "--exit-zero", "no/such/file.py"}, code: 2, wantErr: []string{"no/such/file.py"}},
		{name: "--statistics", args: []string{"check", "--statistics", helloWorker}, code: 1, want: []string{"2\tPW201\t[*] to-py-import", "1\tPW202\t[*] to-js-dict-map"}, not: []string{"entry.py"}},
		{name: "--statistics json", args: []string{"check", "--statistics", "--format", "json", helloWorker}, code: 1, want: []string{`"code": "PW201"`, `"count": 2`, `"fixable": true`}},
		{name: "--color always", args: []string{"check", "--color", "always", helloWorker}, code: 1, want: []string{"\x1b[1;31mPW201\x1b[0m"}},
		{name: "--color never", args: []string{"check", "--color=never", helloWorker}, code: 1, not: []string{"\x1b["}},
		{name: "--color auto off a terminal", args: []string{"check", helloWorker}, code: 1, not: []string{"\x1b["}},
		{name: "--color bad", args: []string{"check", "--color", "sometimes", helloWorker}, code: 2, wantErr: []string{"--color"}},
		{name: "--output-file", args: []string{"check", helloWorker, "--output-file", outFile}, code: 1, not: []string{"PW201"}, wantOutFile: []string{"PW201 [*]", "Found 3 problems"}},
		{name: "stdin with --stdin-filename", args: []string{"check", "-", "--stdin-filename", entry}, stdin: string(entryText), code: 1,
			want: []string{entry + ":2:32: PW201"}},
		{name: "--stdin-filename alone reads stdin", args: []string{"check", "--stdin-filename", entry}, stdin: "from pyodide.ffi import to_py\n", code: 1, want: []string{entry + ":1:25: PW201"}},
		{name: "stdin: the Worker's profile applies", args: []string{"check", "--stdin-filename", entry, "--select", "PW205"}, stdin: "x = 1\n", code: 0, want: []string{"All checks passed!"}},
		{name: "stdin outside any Worker is silent", args: []string{"check", "--stdin-filename", filepath.Join(ex, "plain", "app.py")}, stdin: "from pyodide.ffi import to_py\n", code: 0},
		{name: "stdin excluded under --force-exclude", args: []string{"check", "--force-exclude", "--stdin-filename", filepath.Join(ex, "w", "src", "gen", "x.py")}, stdin: "from pyodide.ffi import to_py\n", code: 0, notErr: []string{"warning"}},
		{name: "explicit excluded path is checked", args: []string{"check", filepath.Join(ex, "w", "src", "gen", "x.py")}, code: 1, want: []string{"x.py:1:25: PW201"}},
		{name: "--force-exclude skips it, with a note", args: []string{"check", "--force-exclude", filepath.Join(ex, "w", "src", "gen", "x.py")}, code: 0, not: []string{"PW201"}, wantErr: []string{"warning: no Worker files to check"}},
		{name: "--force-exclude -q: no note", args: []string{"check", "-q", "--force-exclude", filepath.Join(ex, "w", "src", "gen", "x.py")}, code: 0, notErr: []string{"warning"}},
		{name: "a clean file gets no note", args: []string{"check", "--select", "PW201", filepath.Join(ex, "w", "src", "entry.py")}, code: 0, want: []string{"All checks passed!"}, notErr: []string{"warning"}},
		{name: "outside any Worker: no findings", args: []string{"check", filepath.Join(ex, "plain")}, code: 0, not: []string{"PW"}},
		{name: "outside any Worker with --all", args: []string{"check", "--all", filepath.Join(ex, "plain")}, code: 1, want: []string{"app.py:1:1: PW002", "PW201"}},
		{name: "--diff --show-fixes", args: []string{"check", "--diff", "--show-fixes", helloWorker}, code: 1, want: []string{"+++ "}, wantErr: []string{"Would fix 3 problems:", "entry.py:", "2 × PW201 (to-py-import)"}},
		{name: "--unsafe-fixes alone", args: []string{"check", "--unsafe-fixes", helloWorker}, code: 2},
		{name: "--fix with stdin", args: []string{"check", "--fix", "-"}, code: 2},
		{name: "stdin over the size limit is an error", args: []string{"check", "--stdin-filename", entry}, stdin: strings.Repeat("#", config.MaxPythonSize+1), code: 2, wantErr: []string{"larger than"}},
		{name: "stdin at the size limit is analysed", args: []string{"check", "--stdin-filename", entry}, stdin: "from pyodide.ffi import to_py" + strings.Repeat(" ", config.MaxPythonSize-30) + "\n", code: 1, want: []string{"PW201"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLIStdin(tc.stdin, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("stdout has %q:\n%s", n, out)
				}
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			for _, n := range tc.notErr {
				if strings.Contains(errOut, n) {
					t.Errorf("stderr has %q:\n%s", n, errOut)
				}
			}
			if len(tc.wantOutFile) > 0 {
				data, err := os.ReadFile(outFile)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range tc.wantOutFile {
					if !strings.Contains(string(data), w) {
						t.Errorf("--output-file lacks %q:\n%s", w, data)
					}
				}
			}
		})
	}
}

// TestCheckDefaultPath: without a PATH, check checks the working
// directory.
func TestCheckDefaultPath(t *testing.T) {
	abs, err := filepath.Abs(helloWorker)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(abs)
	code, out, errOut := runCLI("check")
	if code != 1 || !strings.Contains(out, "src/entry.py:2:32: PW201") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

// TestCheckJSONLocations: ruff's 1-based location/end_location beside the
// 0-based LSP range, the rule URL, and the fix edits with applicability.
func TestCheckJSONLocations(t *testing.T) {
	_, out, _ := runCLI("check", "--format", "json", helloWorker)
	type loc struct{ Row, Column int }
	var got struct {
		Diagnostics []struct {
			Code        string
			Range       struct{ Start, End struct{ Line, Character int } }
			Location    loc
			EndLocation loc `json:"end_location"`
			URL         string
			Fix         *struct {
				Applicability string
				Message       string
				Edits         []struct {
					Content     string
					Location    loc
					EndLocation loc `json:"end_location"`
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	d := got.Diagnostics[0]
	if d.Location != (loc{2, 32}) || d.EndLocation != (loc{2, 37}) || d.Range.Start.Line != 1 || d.Range.Start.Character != 31 {
		t.Errorf("locations: %+v", d)
	}
	if !strings.HasSuffix(d.URL, "#pw201") {
		t.Errorf("url = %q", d.URL)
	}
	if d.Fix == nil || d.Fix.Applicability != "safe" || len(d.Fix.Edits) == 0 {
		t.Fatalf("fix = %+v", d.Fix)
	}
	// The first edit removes ", to_py" from the import on line 2.
	if e := d.Fix.Edits[0]; e.Content != "" || e.Location.Row != 2 || e.EndLocation != (loc{2, 37}) {
		t.Errorf("first edit = %+v", e)
	}
}

// TestCheckCIFormats: JUnit parses as XML with one failure per finding;
// the GitLab report is an array of issues with unique fingerprints and
// GitLab's severities.
func TestCheckCIFormats(t *testing.T) {
	code, out, _ := runCLI("check", "--format", "junit", helloWorker)
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Line    int    `xml:"line,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || code != 1 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if suites.Tests != 3 || suites.Failures != 3 || len(suites.Suites) != 1 || suites.Suites[0].Cases[0].Name != "pyworkers.PW201" || suites.Suites[0].Cases[0].Line != 2 || suites.Suites[0].Cases[0].Failure == nil {
		t.Errorf("junit = %+v", suites)
	}
	_, clean, _ := runCLI("check", "--format", "junit", "--select", "PW999", helloWorker)
	if !strings.Contains(clean, `tests="1" failures="0"`) {
		t.Errorf("clean junit:\n%s", clean)
	}

	t.Setenv("CI_PROJECT_DIR", mustAbs(t, helloWorker))
	_, out, _ = runCLI("check", "--format", "gitlab", helloWorker)
	var issues []struct {
		CheckName   string `json:"check_name"`
		Fingerprint string
		Severity    string
		Location    struct {
			Path  string
			Lines struct{ Begin, End int }
		}
	}
	if err := json.Unmarshal([]byte(out), &issues); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	seen := map[string]bool{}
	for _, is := range issues {
		if seen[is.Fingerprint] || is.Fingerprint == "" {
			t.Errorf("fingerprint %q repeated or empty", is.Fingerprint)
		}
		seen[is.Fingerprint] = true
	}
	if len(issues) != 3 || issues[0].CheckName != "PW201" || issues[0].Severity != "major" || issues[0].Location.Path != "src/entry.py" || issues[0].Location.Lines.Begin != 2 {
		t.Errorf("gitlab = %+v", issues)
	}
}

func mustAbs(t *testing.T, p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// TestCheckFixExitStatus: ruff's --exit-non-zero-on-fix fails a run whose
// fixes left nothing to report (a hook that rewrote files), and --no-fix
// overrides --fix.
func TestCheckFixExitStatus(t *testing.T) {
	copyWorker := func() string {
		dir := t.TempDir()
		for _, name := range []string{"wrangler.toml", "src/entry.py"} {
			b, err := os.ReadFile(filepath.Join(helloWorker, filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, tc := range []struct {
		args    []string
		code    int
		changed bool
	}{
		{[]string{"check", "--fix"}, 0, true},
		{[]string{"check", "--fix", "--exit-non-zero-on-fix"}, 1, true},
		{[]string{"check", "--fix", "--no-fix"}, 1, false}, // the three findings are reported, not fixed
	} {
		dir := copyWorker()
		code, out, errOut := runCLI(append(tc.args, dir)...)
		after, _ := os.ReadFile(filepath.Join(dir, "src", "entry.py"))
		before, _ := os.ReadFile(filepath.Join(helloWorker, "src", "entry.py"))
		if code != tc.code || (string(after) != string(before)) != tc.changed {
			t.Errorf("%v: exit %d (want %d), file changed %v (want %v)\nstdout: %s\nstderr: %s", tc.args, code, tc.code, string(after) != string(before), tc.changed, out, errOut)
		}
	}
}
