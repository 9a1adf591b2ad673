package analysis

import (
	"bytes"
	"hash/maphash"
	"math/rand"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// TestCommonEnds compares the block-wise prefix and suffix with a byte
// by byte count, on edits near block boundaries and on random ones.
func TestCommonEnds(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	base := bytes.Repeat([]byte("abcdefgh"), 2000)
	for i := 0; i < 300; i++ {
		a := bytes.Clone(base[:r.Intn(len(base))])
		b := bytes.Clone(a)
		if len(b) > 0 {
			at := r.Intn(len(b))
			switch i % 3 {
			case 0:
				b = append(b[:at:at], append([]byte("xy"), b[at:]...)...)
			case 1:
				b = append(b[:at:at], b[min(len(b), at+r.Intn(50)):]...)
			default:
				b[at] = 'z'
			}
		}
		p, s := commonEnds(a, b)
		wp, ws := naiveEnds(a, b)
		if p != wp || s != ws {
			t.Fatalf("case %d (len %d, %d): got prefix %d suffix %d, want %d %d", i, len(a), len(b), p, s, wp, ws)
		}
	}
}

func naiveEnds(a, b []byte) (int, int) {
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

// TestUnitIDsReuseEqualsHashing: after edits anywhere, the ids carried
// over from the previous analysis equal the hashes of the units' text,
// and a one-byte edit that keeps the units hashes only those around it.
func TestUnitIDsReuseEqualsHashing(t *testing.T) {
	text := workergen.Module(400)
	doc := source.Open("file:///w.py", 1, text, true)
	defer doc.Close()
	r := rand.New(rand.NewSource(2))
	checked := 0
	var prevText []byte
	var prevUnits []syntax.Unit
	var prevIDs []unitID
	oneByte := false
	for step := 0; step < 150; step++ {
		snap := doc.Snapshot()
		units := syntax.Units(snap.Tree)
		ids := make([]unitID, len(units))
		hashed := unitIDs(ids, units, snap.Text, prevText, prevUnits, prevIDs)
		if step > 0 && oneByte && len(units) == len(prevUnits) && hashed > 3 {
			t.Fatalf("step %d: a one-byte edit hashed %d of %d units", step, hashed, len(units))
		}
		for i, u := range units {
			want := unitID{maphash.Bytes(hashSeed, snap.Text[u.Start:u.End]), u.Kind}
			if ids[i] != want {
				t.Fatalf("step %d: unit %d [%d,%d) has a stale id", step, i, u.Start, u.End)
			}
		}
		if step > 0 && oneByte && len(units) == len(prevUnits) {
			checked++
		}
		prevText, prevUnits, prevIDs = snap.Text, units, ids
		snap.Close()
		cur := doc.Text()
		at := r.Intn(len(cur))
		ins := []string{"x", "\n", "", "def f():\n    pass\n"}[r.Intn(4)]
		end := min(len(cur), at+r.Intn(3))
		oneByte = len(ins)+end-at == 1
		doc.Edit(at, end, []byte(ins))
	}
	if checked < 10 {
		t.Fatalf("only %d one-byte edits kept the units: the bound was hardly checked", checked)
	}
}

// TestParallelRaisesPanicsOnCaller: a panic in a worker reaches the
// caller's goroutine (where the server recovers it) instead of ending the
// process.
func TestParallelRaisesPanicsOnCaller(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Fatal("the panic was lost")
		}
	}()
	parallel(parallelUnits*4, func(k int) {
		if k == parallelUnits {
			panic("boom")
		}
	})
}
