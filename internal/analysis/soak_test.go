package analysis_test

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// TestSoakIncrementalEqualsFresh types the server soak's random edits
// (workergen.SoakFragments, its seed and its rule: an edit that breaks the
// text is mostly undone, and text broken for 3 edits is put back to its
// last valid state) into a document, analysing every version with one
// cache, and every 10 edits compares the findings on valid text with a
// fresh analysis. The server's soak analyses the versions its debounce
// lets through; analysing every one found, at edit 2,868, findings a
// unit listing taken from a broken tree had lost (Analyze lists units
// from the previous listing only between error-free trees).
func TestSoakIncrementalEqualsFresh(t *testing.T) {
	edits := 3000
	if testing.Short() {
		edits = 300
	}
	rnd := rand.New(rand.NewSource(11))
	text := workergen.Module(150)
	valid := text
	doc := source.Open("file:///work/soak.py", 1, text, true)
	defer doc.Close()
	cache := analysis.NewCache()
	prof := profile.Default()
	analyse := func(d *source.Document, c *analysis.Cache) []diag.Diagnostic {
		snap := d.Snapshot()
		defer snap.Close()
		return analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof}, c).Diagnostics
	}
	// edit replaces [a, b) as the server does, positions rounded to what
	// a UTF-16 client can send, and returns the range it replaced.
	edit := func(a, b int, ins string) (int, int) {
		start, end := utf16Offset(text, a), utf16Offset(text, b)
		doc.Edit(start, end, []byte(ins))
		text = slices.Concat(text[:start], []byte(ins), text[end:])
		analyse(doc, cache)
		return start, end
	}
	broken := 0
	for done := range edits {
		before := text
		a := rnd.Intn(len(text) + 1)
		b := a
		if rnd.Intn(3) == 0 {
			b = min(len(text), a+rnd.Intn(40))
		}
		kind := 0
		if rnd.Intn(10) == 0 {
			kind = 1
		}
		ins := workergen.SoakFragments[kind][rnd.Intn(len(workergen.SoakFragments[kind]))]
		start, end := edit(a, b, ins)
		switch {
		case !analysistest.HasSyntaxError(text):
			valid, broken = text, 0
		case rnd.Intn(20) < 17:
			exact := func(off int) bool { return utf16Offset(text, off) == off }
			if stop := start + len(ins); exact(start) && exact(stop) {
				edit(start, stop, string(before[start:end]))
			} else {
				edit(0, len(text), string(before))
			}
		default:
			if broken++; broken > 3 {
				edit(0, len(text), string(valid))
				broken = 0
			}
		}
		if (done+1)%10 != 0 || analysistest.HasSyntaxError(text) {
			continue
		}
		fresh := source.Open("file:///work/soak.py", 1, text, true)
		want := analyse(fresh, nil)
		fresh.Close()
		if got := analyse(doc, cache); !slices.EqualFunc(got, want, sameDiagnostic) {
			t.Fatalf("edit %d: %d findings incrementally, %d in a fresh analysis", done, len(got), len(want))
		}
	}
}

// utf16Offset is where offset off of text lands through a UTF-16
// position (inside a character or a "\r\n": rounded down).
func utf16Offset(text []byte, off int) int {
	lines := source.NewLines(text)
	l, c := lines.Position(off, source.UTF16)
	return lines.Offset(l, c, source.UTF16)
}

func sameDiagnostic(a, b diag.Diagnostic) bool {
	return a.Code == b.Code && a.Start == b.Start && a.End == b.End && a.Message == b.Message
}
