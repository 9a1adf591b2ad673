package source

import (
	"fmt"
	"math/rand"
	"sync"
	"testing"
)

func withTree(docs []*Document) int {
	n := 0
	for _, d := range docs {
		if d.tree != nil {
			n++
		}
	}
	return n
}

// TestTreesKeepsOnlyRecentTrees edits documents of a Trees in random order
// and checks that at most the limit keep a tree and that every tree, kept
// or parsed again after being dropped, equals a fresh parse.
func TestTreesKeepsOnlyRecentTrees(t *testing.T) {
	trees := NewTrees(2)
	var docs []*Document
	var texts [][]byte
	for i := 0; i < 5; i++ {
		text := []byte(fmt.Sprintf("def f%d(x):\n    return x\n", i))
		docs = append(docs, trees.Open(fmt.Sprintf("file:///%d.py", i), 1, text, true))
		texts = append(texts, text)
	}
	if n := withTree(docs); n != 0 {
		t.Fatalf("%d documents parsed on open; parsing waits for a reader", n)
	}
	for _, d := range docs {
		d.Snapshot().Close()
	}
	if n := withTree(docs); n != 2 {
		t.Fatalf("%d documents keep a tree after parsing 5 with limit 2", n)
	}
	r := rand.New(rand.NewSource(3))
	for step := 0; step < 300; step++ {
		i := r.Intn(len(docs))
		texts[i] = applyRandomEdit(r, docs[i], texts[i])
		if string(docs[i].Text()) != string(texts[i]) {
			t.Fatalf("step %d: text of %d diverged", step, i)
		}
		if n := withTree(docs); n > 2 {
			t.Fatalf("step %d: %d trees kept, limit 2", step, n)
		}
		j := r.Intn(len(docs))
		snap := docs[j].Snapshot()
		full, broken := fullParse(texts[j])
		if got := snap.Tree.RootNode().String(); !broken && got != full {
			t.Fatalf("step %d: document %d's tree differs from a fresh parse:\n got %s\nwant %s", step, j, got, full)
		}
		snap.Close()
	}
	for _, d := range docs {
		d.Close()
	}
	if len(trees.hot) != 0 {
		t.Errorf("closed documents still listed: %d", len(trees.hot))
	}
}

func TestTreesNonPython(t *testing.T) {
	trees := NewTrees(1)
	cfg := trees.Open("file:///wrangler.toml", 1, []byte("name = 'x'\n"), false)
	py := trees.Open("file:///a.py", 1, []byte("x = 1\n"), true)
	cfg.Edit(0, 0, []byte("# c\n"))
	if cfg.Tree() != nil || cfg.Snapshot().Tree != nil {
		t.Error("a non-Python document got a tree")
	}
	if py.Tree() == nil {
		t.Error("the Python document lost its tree to a non-Python one")
	}
	cfg.Close()
	py.Close()
}

// TestTreesConcurrentDocuments uses documents of one Trees from several
// goroutines at once (each document from one): parses drop other
// documents' trees, which must never pull a tree from under a snapshot or
// an edit (run with -race).
func TestTreesConcurrentDocuments(t *testing.T) {
	trees := NewTrees(2)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		d := trees.Open(fmt.Sprintf("file:///%d.py", g), 1, []byte("def f(x):\n    return [x]\n"), true)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer d.Close()
			for i := 0; i < 200; i++ {
				d.Edit(0, 0, []byte("#\n"))
				snap := d.Snapshot()
				if snap.Tree.RootNode().HasError() {
					t.Errorf("broken tree after edit %d", i)
				}
				snap.Close()
			}
		}()
	}
	wg.Wait()
}
