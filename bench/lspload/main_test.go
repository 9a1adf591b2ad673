package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSuiteSmall runs every section against the built server with tiny
// sizes, so the suite keeps working between benchmark runs.
func TestSuiteSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the server")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "pyworkers-lsp")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/pyworkers-lsp").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := &config{
		servers:     serverFlags{{"ours", []string{bin, "serve"}}, {"again", []string{bin}}},
		sections:    map[string]bool{"latency": true, "cold": true, "stages": true, "memory": true, "check": true},
		sizes:       []int{300},
		edits:       5,
		budget:      30 * time.Second,
		coldLines:   100,
		coldRuns:    2,
		memDocs:     20,
		memLines:    100,
		soakEdits:   200,
		checkBin:    bin,
		checkFiles:  4,
		checkLines:  200,
		checkRuns:   1,
		stageEdits:  5,
		initTimeout: 30 * time.Second,
		workdir:     dir,
	}
	var out strings.Builder
	if err := run(cfg, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	report := out.String()
	for _, want := range []string{
		"| 300 lines | ours | 5/5 |", "| 300 lines | again | 5/5 |", // every edit measured for both servers
		"## Cold start", "| ours |", "## Where the time goes", "| 20 documents open and analysed",
		"| `pyworkers-lsp check` (", "| parse only (", "reference lines/s |",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "failed") {
		t.Errorf("a section failed:\n%s", report)
	}
}
