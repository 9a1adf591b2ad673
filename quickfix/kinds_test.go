package quickfix

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestEveryFixKindHasAFixer reads the fix kinds the analyzers put into
// Data["fix"] and checks each has a fixer here.
func TestEveryFixKindHasAFixer(t *testing.T) {
	kind := regexp.MustCompile(`"fix":\s*"([a-z0-9-]+)"`)
	files, _ := filepath.Glob("../analysis/rules/*.go")
	more, _ := filepath.Glob("../analysis/*.go")
	noFix := regexp.MustCompile(`\bFix:\s+NoFix\b`)
	seen := map[string]bool{}
	for _, path := range append(files, more...) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		kinds := kind.FindAllSubmatch(text, -1)
		for _, m := range kinds {
			seen[string(m[1])] = true
		}
		// A rule that declares no fix must not offer one: `rules`, the
		// docs and SARIF would say "none" while editors and check --fix
		// apply it.
		if len(kinds) > 0 && noFix.Match(text) {
			t.Errorf("%s declares Fix: NoFix but offers the fix %q", filepath.Base(path), kinds[0][1])
		}
	}
	if len(seen) == 0 {
		t.Fatal("no fix kinds found in the analyzers")
	}
	for k := range seen {
		if !slices.Contains(Kinds(), k) {
			t.Errorf("fix kind %q has no fixer", k)
		}
	}
}
