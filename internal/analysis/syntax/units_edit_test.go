package syntax

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// commonPrefixSuffix returns the lengths of the common prefix and
// suffix of a and b, not overlapping.
func commonPrefixSuffix(a, b []byte) (int, int) {
	n := min(len(a), len(b))
	p := 0
	for p < n && a[p] == b[p] {
		p++
	}
	s := 0
	for s < n-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return p, s
}

// TestUnitsAfterEditEqualFullListing: listing units after an edit from
// the previous listing (runs the edit left alone are copied, shifted)
// gives the full listing, and every unit flattens to the same syntax.
func TestUnitsAfterEditEqualFullListing(t *testing.T) {
	snippets := []string{"x", "\n", "    ", "def ", "(", ")", ":", "\"", "print x\n", "class A:\n", "class B(Base):\n    def m(self):\n        return 1\n",
		"\n\n", "#", "'''", "if a:\n  b\n", "async ", "@dec\n", "]", "  return\n", "import os\n", "\n    async def typed(self):\n        return 1\n",
		"\n\ndef typed_total(env, items):\n    return len(items)\n"}
	for _, gen := range []func(int) []byte{workergen.FlatModule, workergen.Module} {
		r := rand.New(rand.NewSource(11))
		p := newParser()
		text := gen(400)
		tree := reparseWith(t, p, nil, text)
		Reusable(tree)
		prev := AppendUnits(nil, tree)
		for i := range 150 {
			start := r.Intn(len(text) + 1)
			if r.Intn(2) == 0 {
				start = len(text) * 3 / 4 // keep typing in one place too
			}
			end := start
			if r.Intn(4) == 0 {
				end = min(len(text), start+r.Intn(40))
			}
			old := text
			tree, text = edit(t, p, tree, text, start, end, snippets[r.Intn(len(snippets))], true)
			prefix, suffix := commonPrefixSuffix(old, text)
			got := AppendUnitsAfterEdit(nil, tree, prev, prefix, len(text)-suffix, len(text)-len(old))
			want := AppendUnits(nil, tree)
			if fmt.Sprint(unitSpans(got)) != fmt.Sprint(unitSpans(want)) {
				t.Fatalf("edit %d at %d-%d: listing after the edit differs\nafter edit %v\nfull       %v", i, start, end, unitSpans(got), unitSpans(want))
			}
			for k := range got {
				if fmt.Sprint(got[k].Flatten(text).nodes) != fmt.Sprint(want[k].Flatten(text).nodes) {
					a, b := got[k].Flatten(text).nodes, want[k].Flatten(text).nodes
					t.Fatalf("edit %d: unit %d (%v) flattens differently: %d vs %d nodes, first %v vs %v", i, k, unitSpans(got[k:k+1]), len(a), len(b), a[:min(3, len(a))], b[:min(3, len(b))])
				}
			}
			prev = got
		}
		tree.Close()
		p.Close()
	}
}

// TestUnitsAfterEditCopiesRuns: typing a function at the end of a large
// module, or a method at the end of its Worker class, walks the units
// near the edit only: the rest come from the previous listing.
func TestUnitsAfterEditCopiesRuns(t *testing.T) {
	for _, c := range []struct {
		name string
		gen  func(int) []byte
		at   func([]byte) int
	}{
		{"flat module, end", workergen.FlatModule, func(b []byte) int { return len(b) }},
		{"Worker class, last method", workergen.Module, func(b []byte) int { return bytesIndex(b, "\n\nclass Counter(") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newParser()
			defer p.Close()
			text := c.gen(5000)
			tree := reparseWith(t, p, nil, text)
			Reusable(tree)
			prev := AppendUnits(nil, tree)
			at := c.at(text)
			old := text
			tree, text = edit(t, p, tree, text, at, at, "\n    x = 1\n", true)
			defer tree.Close()
			prefix, suffix := commonPrefixSuffix(old, text)
			got := AppendUnitsAfterEdit(nil, tree, prev, prefix, len(text)-suffix, len(text)-len(old))
			walked := 0
			for _, u := range got {
				if u.raw.node.id != nil {
					walked++
				}
			}
			if walked > 64 {
				t.Fatalf("%d of %d units were walked after the edit, want the few near it", walked, len(got))
			}
		})
	}
}

func bytesIndex(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}
