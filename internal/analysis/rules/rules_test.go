package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// TestFixtures runs every rule's fixtures under testdata/rules/<CODE>.
func TestFixtures(t *testing.T) {
	for _, r := range rules.All() {
		dir := filepath.Join("..", "..", "..", "testdata", "rules", r.Code)
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s has no fixtures in %s", r.Code, dir)
			continue
		}
		t.Run(r.Code, func(t *testing.T) { analysistest.Run(t, dir) })
	}
	// Data without pairs is one map per kind shared by every finding: no
	// rule run by the fixtures may have written to it.
	for _, r := range rules.All() {
		for _, f := range r.Fixes {
			if d := f.Kind.Data(); len(d) != 1 || d["fix"] != f.Kind.String() {
				t.Errorf("%s: the shared data of fix %s was written: %v", r.Code, f.Kind, d)
			}
		}
	}
}

// TestMetadata checks every rule carries what docs and the CLI need.
func TestMetadata(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All() {
		if seen[r.Code] {
			t.Errorf("duplicate code %s", r.Code)
		}
		seen[r.Code] = true
		if r.Name == "" || r.Summary == "" || r.Runtimes == "" || r.Severity == 0 {
			t.Errorf("%s: incomplete metadata %+v", r.Code, r)
		}
		for _, section := range []string{"## What it does", "## Why it breaks on Workers", "## Example", "## Use instead", "## Which runtimes"} {
			if !strings.Contains(r.Doc, section) {
				t.Errorf("%s: doc lacks %q", r.Code, section)
			}
		}
		if fixes := strings.Contains(r.Doc, "## Fix safety"); fixes != (len(r.Fixes) > 0) {
			t.Errorf("%s: doc has a Fix safety section: %v; declares fixes: %v", r.Code, fixes, len(r.Fixes) > 0)
		}
	}
	// Every PWNNN.md documents a rule of the catalogue.
	docs, _ := filepath.Glob("PW*.md")
	if len(docs) != len(rules.All()) {
		t.Errorf("%d rule docs for %d rules", len(docs), len(rules.All()))
	}
	for _, d := range docs {
		if rules.ByCode(strings.TrimSuffix(d, ".md")) == nil {
			t.Errorf("%s documents no rule", d)
		}
	}
}
