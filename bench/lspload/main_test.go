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
		sections:    map[string]bool{"scenarios": true, "latency": true, "cold": true, "stages": true, "memory": true, "check": true},
		sizes:       []int{300},
		edits:       5,
		budget:      30 * time.Second,
		coldSizes:   []int{100},
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
		"| flat module | 300 | type a new top-level function | ours | 96/96 |", "| one-class Worker | 300 | type a new method | again | 82/82 |",
		"| one-class Worker | 300 | type a new function between two in the middle | ours | 92/92 |",
		"| one-class Worker | 300 | delete a 50-line method | ours | 5/5 |", "| flat module | 300 | ours |",
		"## Cold start", "| one-class Worker | 100 | again |", "| flat module | 100 | ours |", "## Where the time goes", "| 20 documents open and analysed",
		"| `pyworkers-lsp check` (", "| parse only (", "reference lines/s |", "| RSS | live Go heap |",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "failed") {
		t.Errorf("a section failed:\n%s", report)
	}
}

// TestHeapTrace reads gctrace lines split across writes and passes the
// server's other output through.
func TestHeapTrace(t *testing.T) {
	var rest strings.Builder
	h := &heapTrace{next: &rest}
	if got := h.live(); got != "–" {
		t.Errorf("before any collection: %q", got)
	}
	for _, chunk := range []string{
		"2026-11-26T07:00:00 INFO started\ngc 1 @0.010s 2%: 0.01+1.2+0.00 ms clock, 0.03+0/0.5/0+0.01 ms cpu, 3->4->1 MB, 4 MB goal",
		", 0 MB stacks, 2 P\ngc 2 @0.52s 1%: 0.02+1.0+0.01 ms clock, 0.05+0.1/0.4/0.2+0.02 ms cpu, 55->57->32 MB, 58 MB goal, 0 MB stacks, 2 P\n",
		"WARN something\n",
	} {
		if _, err := h.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if got := h.live(); got != "32 MB" {
		t.Errorf("live = %q, want 32 MB", got)
	}
	if got, want := rest.String(), "2026-11-26T07:00:00 INFO started\nWARN something\n"; got != want {
		t.Errorf("passed through %q, want %q", got, want)
	}
}
