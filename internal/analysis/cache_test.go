package analysis

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestCacheSweepsStaleEntries types into one method many times: each edit
// leaves the previous text's entries unused, and the cache must keep only
// the current units' entries, while still re-analysing only the edited
// unit.
func TestCacheSweepsStaleEntries(t *testing.T) {
	var b strings.Builder
	b.WriteString("from workers import WorkerEntrypoint, Response\n\nclass Default(WorkerEntrypoint):\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "    async def route_%d(self, request):\n        return Response(%q)\n\n", i, "ok")
	}
	text := b.String()
	doc := source.Open("file:///w.py", 1, []byte(text), true)
	defer doc.Close()
	cache := NewCache()
	run := func() Result {
		snap := doc.Snapshot()
		defer snap.Close()
		return Analyze(Input{Snapshot: snap, Profile: profile.Default()}, cache)
	}
	units := run().Units
	at := strings.Index(text, `"ok"`) + 1
	for i := 0; i < 200; i++ {
		doc.Edit(at+i, at+i, []byte("x"))
		if res := run(); res.Analyzed != 1 {
			t.Fatalf("edit %d: %d units re-analysed, want 1", i, res.Analyzed)
		}
		results := 0
		for _, e := range cache.byText {
			results += len(e.results)
		}
		if len(cache.byText) > units || results > units {
			t.Fatalf("edit %d: %d entries holding %d results cached for %d units", i, len(cache.byText), results, units)
		}
	}
	if len(cache.byText) != units {
		t.Errorf("%d entries cached for %d distinct units", len(cache.byText), units)
	}
	// A new import no unit reads re-analyses only its own unit.
	doc.Edit(0, 0, []byte("import js\n"))
	if res := run(); res.Analyzed != 1 {
		t.Fatalf("after an unused import, %d of %d units re-analysed, want 1", res.Analyzed, res.Units)
	}
	// Rebinding a name every method reads re-analyses those methods (and
	// the new statement), not the class header; their old findings are
	// replaced, not kept beside the new ones.
	doc.Edit(len(doc.Text()), len(doc.Text()), []byte("\nfrom js import Response\n"))
	res := run()
	if res.Analyzed < 41 || res.Analyzed >= res.Units {
		t.Fatalf("after rebinding Response, %d of %d units re-analysed, want the 40 methods and the import", res.Analyzed, res.Units)
	}
	for _, e := range cache.byText {
		if len(e.results) != 1 {
			t.Fatalf("an entry holds %d results after the summary changed", len(e.results))
		}
	}
}
