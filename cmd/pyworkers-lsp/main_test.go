package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func runCLI(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckExitCodesAndFormats(t *testing.T) {
	fixture := "../../testdata/examples/hello-worker"
	clean := "../../testdata/corpus/hello-world"
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"findings", []string{"check", fixture}, 1, "hello-worker/src/entry.py:2:32: PW201 "},
		{"no config: outside any Worker, silent", []string{"check", "../../testdata/rules/PW201/negative.py"}, 0, "All checks passed!"},
		{"no config with --all: an information note does not fail", []string{"check", "--all", "../../testdata/rules/PW201/negative.py"}, 0, "negative.py:1:1: PW002 no wrangler"},
		{"clean", []string{"check", clean}, 0, ""},
		{"missing path", []string{"check", "no/such/file.py"}, 2, ""},
		{"bad format", []string{"check", "--format", "xml", fixture}, 2, ""},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		{"github", []string{"check", "--format", "github", fixture}, 1, "::error file="},
		{"ignore", []string{"check", "--ignore", "PW2", fixture}, 0, ""},
		{"select", []string{"check", "--select", "PW201", fixture}, 1, "PW201"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errOut)
			}
			if tc.contains != "" && !strings.Contains(out, tc.contains) {
				t.Errorf("output lacks %q:\n%s", tc.contains, out)
			}
			if tc.code == 2 && errOut == "" {
				t.Errorf("exit 2 without a message on stderr")
			}
		})
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := runCLI("check", "--format", "json", "../../testdata/examples/hello-worker")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Diagnostics []struct {
			File, Code, Severity, Message string
			Range                         struct {
				Start, End struct{ Line, Character int }
			}
		}
		Summary map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, out)
	}
	first := got.Diagnostics[0]
	// Line 2, "to_py" after "from pyodide.ffi import to_js, " (0-based).
	if first.Code != "PW201" || first.Severity != "error" || first.Range.Start.Line != 1 || first.Range.Start.Character != 31 || first.Range.End.Character != 36 {
		t.Errorf("first diagnostic = %+v", first)
	}
	if got.Summary["findings"].(float64) != float64(len(got.Diagnostics)) {
		t.Errorf("summary = %v", got.Summary)
	}
}

func TestCheckSARIF(t *testing.T) {
	code, out, _ := runCLI("check", "--format", "sarif", "../../testdata/examples/hello-worker")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var log struct {
		Version string `json:"version"`
		Schema  string `json:"$schema"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "pyworkers-lsp" {
		t.Fatalf("sarif header = %+v", log)
	}
	run := log.Runs[0]
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.Level == "" {
			t.Errorf("result %+v does not match its rule", r)
		}
		reg := r.Locations[0].PhysicalLocation.Region
		if reg.StartLine < 1 || reg.StartColumn < 1 {
			t.Errorf("SARIF regions are 1-based: %+v", reg)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
}

func TestRulesAndExplain(t *testing.T) {
	code, out, _ := runCLI("rules", "--format", "json")
	var rules []struct{ Code string }
	if code != 0 || json.Unmarshal([]byte(out), &rules) != nil || len(rules) == 0 {
		t.Fatalf("rules --format json: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI("explain", "pw201")
	if code != 0 || !strings.Contains(out, "## Use instead") {
		t.Fatalf("explain: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI("explain", "PW999"); code != 2 {
		t.Errorf("explain of an unknown code exits %d, want 2", code)
	}
	// A symbol's docs keep every runtime's section, labelled.
	code, out, _ = runCLI("explain", "pyodide.ffi.to_js")
	if code != 0 || !strings.Contains(out, "to_js(obj") || !strings.Contains(out, "*On Pyodide 0.26:*") {
		t.Errorf("explain pyodide.ffi.to_js: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI("version")
	if code != 0 || !strings.HasPrefix(out, "pyworkers-lsp ") {
		t.Errorf("version: %q", out)
	}
}

func TestExplainProfile(t *testing.T) {
	code, out, errOut := runCLI("check", "--explain-profile", "../../testdata/examples/hello-worker")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Pyodide 0.26.0a2 (Python 3.12)", "wrangler.toml:3", "Compatibility date: 2025-09-01", "DB ", "d1_databases"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain-profile lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := runCLI("check", "--explain-profile", "no/such/dir"); code != 2 {
		t.Errorf("missing path: exit %d, want 2", code)
	}
	// A flag error prints the check usage once, not the general usage too.
	_, _, errOut = runCLI("check", "--bogus", "x")
	if strings.Count(errOut, "Usage:") != 1 {
		t.Errorf("usage printed %d times:\n%s", strings.Count(errOut, "Usage:"), errOut)
	}
}

// TestCPUProfile: --cpuprofile writes a pprof file (gzip-compressed
// protobuf) for check and for serve, and a bad path is a usage-level error.
func TestCPUProfile(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"check", "--cpuprofile", dir + "/check.pprof", "../../testdata/examples/hello-worker"},
		{"serve", "--cpuprofile", dir + "/serve.pprof"},
	} {
		code, _, errOut := runCLI(args...)
		if code == 2 {
			t.Fatalf("%v: exit 2: %s", args, errOut)
		}
		data, err := os.ReadFile(args[2])
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			t.Errorf("%v: %d bytes, not a gzip-compressed profile", args, len(data))
		}
	}
	if code, _, errOut := runCLI("check", "--cpuprofile", dir+"/no/such/dir/p", "../../testdata/examples/hello-worker"); code != 2 || !strings.Contains(errOut, "--cpuprofile") {
		t.Errorf("bad profile path: exit %d, stderr %q", code, errOut)
	}
}

// TestCheckExitStatusBySeverity: errors and warnings fail a run; an
// information finding (a template's placeholder date, a rule a project
// lowered to "info") is printed but exits 0.
func TestCheckExitStatusBySeverity(t *testing.T) {
	const bad = "from pyodide.ffi import to_py\n" // PW201, a warning
	entry := "from workers import WorkerEntrypoint\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return None\n"
	for _, tc := range []struct {
		name, wrangler, pyproject, imports string
		code                               int
		contains                           string
	}{
		{"placeholder date: information only", `compatibility_date = "<COMPATIBILITY_DATE>"`, "", "", 0, "PW002"},
		{"warning fails", `compatibility_date = "2025-09-01"`, "", bad, 1, "PW201"},
		{"warning lowered to info", `compatibility_date = "2025-09-01"`, "[tool.pyworkers-lsp.severity]\nPW201 = \"info\"\n", bad, 0, "PW201"},
		{"info raised to error", `compatibility_date = "<COMPATIBILITY_DATE>"`, "[tool.pyworkers-lsp.severity]\nPW002 = \"error\"\n", "", 1, "PW002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, text string) {
				if err := os.WriteFile(dir+"/"+name, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("wrangler.toml", "name = \"w\"\nmain = \"entry.py\"\n"+tc.wrangler+"\ncompatibility_flags = [\"python_workers\"]\n")
			write("entry.py", tc.imports+entry)
			if tc.pyproject != "" {
				write("pyproject.toml", "[project]\nname = \"w\"\nversion = \"0\"\n"+tc.pyproject)
			}
			code, out, errOut := runCLI("check", dir)
			if code != tc.code || !strings.Contains(out, tc.contains) {
				t.Fatalf("exit %d (want %d), output should contain %q\nstdout: %s\nstderr: %s", code, tc.code, tc.contains, out, errOut)
			}
		})
	}
}
