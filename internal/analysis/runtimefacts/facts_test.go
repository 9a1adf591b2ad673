package runtimefacts

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

// The embedded table is the committed file, byte for byte.
func TestEmbeddedIsCommitted(t *testing.T) {
	disk, err := os.ReadFile("truth.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(disk, truthJSON) {
		t.Fatal("embedded truth table differs from truth.json")
	}
}

// Every verdict follows from its observation, as oracle/truth.mjs
// classifies it: a hand edit of one field without the other fails here.
func TestVerdictsFollowObservations(t *testing.T) {
	check := func(where, expect string, o Outcome) {
		want := Differs
		switch {
		case o.Observed == expect:
			want = Works
		case o.Observed == "throws:DataCloneError":
			want = DataCloneError
		case o.Observed == "throws:destroyed":
			want = ProxyDestroyed
		case strings.HasPrefix(o.Observed, "throws:"):
			want = Throws
		}
		if o.Verdict != want {
			t.Errorf("%s: observed %q (expect %q) has verdict %q, want %q", where, o.Observed, expect, o.Verdict, want)
		}
	}
	tab := Truth()
	for _, c := range tab.Cells {
		for rt, o := range c.Outcomes {
			check(c.Value+" × "+c.Op+" on "+rt, c.Expect, o)
		}
		if _, ok := tab.Values[c.Value]; !ok {
			t.Errorf("cell value %q is not described", c.Value)
		}
	}
	for _, c := range tab.Python {
		for rt, o := range c.Outcomes {
			check(c.ID+" on "+rt, c.Expect, o)
		}
	}
}

func TestParseRejectsMissingRuntime(t *testing.T) {
	bad := []byte(`{"runtimes":[{"id":"0.26"},{"id":"0.28"}],"cells":[{"value":"dict","op":"tag","outcomes":{"0.26":{"observed":"x","verdict":"differs"}}}]}`)
	if _, err := Parse(bad); err == nil || !strings.Contains(err.Error(), "0.28") {
		t.Fatalf("Parse accepted a cell without a 0.28 outcome (err %v)", err)
	}
}

func TestLookup(t *testing.T) {
	o, ok := Lookup(profile.Pyodide028, "dict", "structuredClone")
	if !ok || o.Verdict == "" {
		t.Fatalf("Lookup(0.28, dict, structuredClone) = %+v, %v", o, ok)
	}
	if _, ok := Lookup(profile.Pyodide028, "dict", "no such op"); ok {
		t.Fatal("Lookup found an unmeasured cell")
	}
	if _, ok := Python(profile.Pyodide314, "JS null to Python"); !ok {
		t.Fatal("no JS null cell")
	}
	for _, g := range []profile.Generation{profile.Pyodide026, profile.Pyodide028, profile.Pyodide314} {
		if !strings.HasPrefix(Measured(g), "pyodide ") {
			t.Errorf("Measured(%v) = %q", g, Measured(g))
		}
	}
}

// TestOracle re-measures the table on the pinned Pyodide releases (npm,
// Node) and fails on drift. It takes about a minute and needs network
// for the first npm ci, so it runs when PYWORKERS_ORACLE=1; `bash .ci/run`
// runs the same check through oracle/check.sh.
func TestOracle(t *testing.T) {
	if os.Getenv("PYWORKERS_ORACLE") != "1" {
		t.Skip("set PYWORKERS_ORACLE=1 to re-measure the truth table with Node (bash .ci/run does)")
	}
	cmd := exec.Command("bash", filepath.Join("..", "..", "..", "oracle", "check.sh"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("oracle: %v\n%s", err, out)
	}
}
