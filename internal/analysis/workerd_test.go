package analysis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

func TestMergeVariants(t *testing.T) {
	both := diag.Diagnostic{Code: "PW401", Start: 5, End: 9, Message: "env.NOPE is not declared"}
	one := diag.Diagnostic{Code: "PW101", Start: 0, End: 3, Message: "ignored"}
	got := MergeVariants([][]diag.Diagnostic{{both}, {one, both}}, []string{"a", "b"})
	if len(got) != 2 || got[0].Message != "ignored (in b)" || got[1].Message != both.Message {
		t.Fatalf("merged = %+v", got)
	}
	// One variant: the findings as they are.
	if got := MergeVariants([][]diag.Diagnostic{{one}}, []string{"a"}); len(got) != 1 || got[0].Message != "ignored" {
		t.Fatalf("single = %+v", got)
	}
}

// TestWorkerdConfigFindings checks PW505 in workerd configs: what
// workerd refuses is reported at its position; what a build step or
// `workerd test` supplies is not.
func TestWorkerdConfigFindings(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		if err := os.WriteFile(filepath.Join(dir, rel), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("worker.py", "")
	for _, tc := range []struct {
		name, file, text string
		want             []string // "quoted text at the finding: message part"
	}{
		{"config.capnp without date or python_workers", "config.capnp",
			`const w :Workerd.Worker = ( modules = [ (name = "worker.py", pythonModule = embed "worker.py") ], compatibilityFlags = ["rpc"] );`,
			[]string{`( modules: has no compatibilityDate`, `compatibilityFlags = ["rpc"]: not the python_workers compatibility flag`}},
		{"a .wd-test gets its date from workerd test", "t.wd-test",
			`const w :Workerd.Worker = ( modules = [ (name = "worker.py", pythonModule = embed "worker.py") ], compatibilityFlags = ["python_workers"] );`,
			nil},
		{"placeholders are filled in by the build", "t.wd-test",
			`const w :Workerd.Worker = ( modules = [ (name = "worker.py", pythonModule = embed "gen/worker.py") ], compatibilityDate = %DATE, compatibilityFlags = [%PYTHON_FEATURE_FLAGS] );`,
			nil},
		{"missing embedded file", "t.wd-test",
			`const w :Workerd.Worker = ( modules = [ (name = "worker.py", pythonModule = embed "worker.py"), (name = "b.py", pythonModule = embed "b.py") ], compatibilityDate = "2025-01-01", compatibilityFlags = ["python_workers"] );`,
			[]string{`embed "b.py": does not exist`}},
		{"syntax error", "t.wd-test",
			`const w :Workerd.Worker = ( modules = [ (name = "worker.py", pythonModule = embed "worker.py") ], compatibilityFlags = ["python_workers"] ;`,
			[]string{`;: expected ',' or ')'`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, old := range []string{"config.capnp", "t.wd-test"} {
				os.Remove(filepath.Join(dir, old))
			}
			write(tc.file, tc.text)
			ws, err := config.Load(filepath.Join(dir, "worker.py"), dir)
			if err != nil || len(ws.Workerd) != 1 {
				t.Fatalf("load: %v, %d configs", err, len(ws.Workerd))
			}
			p, _ := LoadProject(filepath.Join(dir, "worker.py"), dir, nil, "")
			res := CheckConfig(ws, p.Profile, nil)
			path := filepath.Join(dir, tc.file)
			var got []string
			for _, d := range res.Diagnostics[path] {
				at := tc.text[d.Start:d.End]
				if len(at) > 9 {
					at = at[:9]
				}
				got = append(got, at+": "+d.Message)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings = %q", got)
			}
			for i, w := range tc.want {
				prefix, part, _ := strings.Cut(w, ": ")
				if len(prefix) > 9 {
					prefix = prefix[:9]
				}
				if !strings.HasPrefix(got[i], prefix+": ") || !strings.Contains(got[i], part) {
					t.Errorf("finding %d = %q, want %q", i, got[i], w)
				}
			}
		})
	}
}
