package rules_test

import (
	"os"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// TestReferenceIsFresh fails when docs/rules.md no longer matches the
// catalogue. Fix: go generate ./internal/analysis/rules
func TestReferenceIsFresh(t *testing.T) {
	got, err := os.ReadFile("../../../docs/rules.md")
	if err != nil {
		t.Fatalf("%v (run: go generate ./internal/analysis/rules)", err)
	}
	if string(got) != rules.Reference() {
		t.Fatal("docs/rules.md is stale: run go generate ./internal/analysis/rules")
	}
}
