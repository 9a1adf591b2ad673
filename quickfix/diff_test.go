package quickfix

import (
	"math/rand"
	"strings"
	"testing"
)

func TestDiffUnified(t *testing.T) {
	before := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	after := "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn"
	want := `--- f.py
+++ f.py
@@ -1,5 +1,5 @@
 a
-b
+B
 c
 d
 e
@@ -11,3 +11,4 @@
 k
 l
 m
+n
\ No newline at end of file
`
	if got := Diff("f.py", []byte(before), []byte(after)); got != want {
		t.Errorf("Diff =\n%s\nwant\n%s", got, want)
	}
	if got := Diff("f.py", []byte(before), []byte(before)); got != "" {
		t.Errorf("equal texts: %q", got)
	}
	// A pure insertion into an empty file and a deletion of everything.
	if got := Diff("x", nil, []byte("x\n")); got != "--- x\n+++ x\n@@ -0,0 +1 @@\n+x\n" {
		t.Errorf("insert into empty: %q", got)
	}
	if got := Diff("x", []byte("x\ny\n"), nil); got != "--- x\n+++ x\n@@ -1,2 +0,0 @@\n-x\n-y\n" {
		t.Errorf("delete all: %q", got)
	}
}

// TestMyersMinimal checks on random inputs that the script rebuilds both
// sides and is as short as the longest common subsequence allows.
func TestMyersMinimal(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	gen := func() []string {
		n := rng.Intn(12)
		out := make([]string, n)
		for i := range out {
			out[i] = string(rune('a' + rng.Intn(4)))
		}
		return out
	}
	for iter := 0; iter < 2000; iter++ {
		a, b := gen(), gen()
		ops := myers(a, b)
		var ra, rb []string
		changes := 0
		for _, o := range ops {
			switch o.kind {
			case opEqual:
				ra, rb = append(ra, a[o.a]), append(rb, b[o.b])
			case opDelete:
				ra = append(ra, a[o.a])
				changes++
			case opInsert:
				rb = append(rb, b[o.b])
				changes++
			}
		}
		if strings.Join(ra, "") != strings.Join(a, "") || strings.Join(rb, "") != strings.Join(b, "") {
			t.Fatalf("%v -> %v: script %v does not rebuild the inputs", a, b, ops)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); changes != want {
			t.Fatalf("%v -> %v: %d changes, want %d", a, b, changes, want)
		}
	}
}

func lcs(a, b []string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				dp[i][j] = dp[i+1][j+1] + 1
			} else {
				dp[i][j] = max(dp[i+1][j], dp[i][j+1])
			}
		}
	}
	return dp[0][0]
}
