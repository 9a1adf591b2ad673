package runtimefacts

import (
	"os"
	"strings"
	"testing"
)

// TestRuntimeBehaviourDocIsFresh fails when docs/runtime-behaviour.md no
// longer matches the truth table or the receiver rows.
// Fix: go generate ./internal/analysis/runtimefacts
func TestRuntimeBehaviourDocIsFresh(t *testing.T) {
	got, err := os.ReadFile("../../../docs/runtime-behaviour.md")
	if err != nil {
		t.Fatalf("%v (run: go generate ./internal/analysis/runtimefacts)", err)
	}
	if string(got) != Markdown() {
		t.Fatal("docs/runtime-behaviour.md is stale: run go generate ./internal/analysis/runtimefacts")
	}
}

// Every cell and every receiver appears in the document.
func TestMarkdownCoversTables(t *testing.T) {
	md := Markdown()
	for _, r := range Receivers {
		if !strings.Contains(md, "`"+r.API+"`") {
			t.Errorf("receiver %s missing", r.API)
		}
	}
	if n := strings.Count(md, "\n| `"); n < len(Truth().Cells)+len(Receivers) {
		t.Errorf("only %d table rows for %d cells and %d receivers", n, len(Truth().Cells), len(Receivers))
	}
}
