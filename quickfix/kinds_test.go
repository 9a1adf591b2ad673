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
	seen := map[string]bool{}
	for _, path := range append(files, more...) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range kind.FindAllSubmatch(text, -1) {
			seen[string(m[1])] = true
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
