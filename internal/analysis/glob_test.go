package analysis

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// backtrack is the plain recursive definition of matchParts, the
// reference the table-filling matcher must agree with.
func backtrack(glob, path []string) bool {
	if len(glob) == 0 {
		return len(path) == 0
	}
	if glob[0] == "**" {
		for i := 0; i <= len(path); i++ {
			if backtrack(glob[1:], path[i:]) {
				return true
			}
		}
		return false
	}
	if len(path) == 0 {
		return false
	}
	ok, _ := filepath.Match(glob[0], path[0])
	return ok && backtrack(glob[1:], path[1:])
}

func TestMatchPartsAgreesWithBacktracking(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	segs := []string{"**", "*", "a", "b", "a*", "*.py"}
	names := []string{"a", "b", "ab", "x.py", "a.py"}
	for n := 0; n < 20000; n++ {
		glob := make([]string, r.Intn(5))
		for i := range glob {
			glob[i] = segs[r.Intn(len(segs))]
		}
		path := make([]string, r.Intn(5))
		for i := range path {
			path[i] = names[r.Intn(len(names))]
		}
		if got, want := matchParts(glob, path), backtrack(glob, path); got != want {
			t.Fatalf("matchParts(%q, %q) = %v, want %v", glob, path, got, want)
		}
	}
}

// TestGlobManyDoubleStars: 16 "**" segments against a 20-deep path that
// does not match cost seconds with backtracking; the table is instant.
func TestGlobManyDoubleStars(t *testing.T) {
	glob := strings.Repeat("**/", 16) + "zz"
	path := strings.Repeat("d/", 20) + "mod.py"
	start := time.Now()
	for i := 0; i < 100; i++ {
		if globMatch(glob, path) {
			t.Fatal("matched")
		}
	}
	if !globMatch(glob, strings.Repeat("d/", 20)+"zz") {
		t.Fatal("did not match")
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("100 matches took %v", d)
	}
}

// TestGlobBracesAreLiteral: a pattern's "{a,b}" is literal text, as in
// filepath.Match. Matchers that expand brace alternatives (doublestar v4)
// try both branches of every group: 22 "{a,a}" groups took 3.4 s per
// match there, and per-file-ignores come from the repository's pyproject.
func TestGlobBracesAreLiteral(t *testing.T) {
	glob := "src/" + strings.Repeat("{a,a}", 22) + "c"
	start := time.Now()
	for i := 0; i < 100; i++ {
		if globMatch(glob, "src/"+strings.Repeat("a", 22)+"d") || globMatch(glob, "src/"+strings.Repeat("a", 22)+"c") {
			t.Fatal("braces expanded")
		}
	}
	if !globMatch("src/{x}.py", "src/{x}.py") {
		t.Error("a literal brace did not match itself")
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("100 matches took %v", d)
	}
}
