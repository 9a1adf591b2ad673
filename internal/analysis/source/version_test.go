package source

import (
	"bytes"
	"math/rand"
	"sync/atomic"
	"testing"
	"time"
)

// TestVersionsParseInAnyOrder records many edits, then parses the
// versions taken along the way in random order (older ones after newer
// ones, repeats): each tree must equal a fresh parse of its own text, and
// the document's kept tree must still serve the newest version.
func TestVersionsParseInAnyOrder(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for round := 0; round < 20; round++ {
		want := []byte(seedSource)
		doc := Open("file:///a.py", 1, want, true)
		var versions []*Version
		var texts [][]byte
		for i := 0; i < 12; i++ {
			want = applyRandomEdit(r, doc, want)
			versions = append(versions, doc.Current())
			texts = append(texts, want)
		}
		for _, i := range append(r.Perm(len(versions)), len(versions)-1, r.Intn(len(versions))) {
			tree, err := versions[i].Tree(nil)
			if err != nil {
				t.Fatal(err)
			}
			full, broken := fullParse(texts[i])
			if got := tree.RootNode().String(); !broken && got != full {
				t.Fatalf("round %d: version %d parsed out of order differs from a fresh parse:\n got %s\nwant %s", round, i, got, full)
			}
			tree.Close()
		}
		doc.Close()
	}
}

// hostileLine is broken text that tree-sitter takes seconds to parse.
func hostileLine() []byte {
	return append(bytes.Repeat([]byte(`"a`), 100_000), '\n')
}

// TestStopAbandonsAParse stops a slow parse at its first poll and checks
// that it returns promptly, that the pooled parser it used is left fit
// for another document, and that the version can still be parsed later.
func TestStopAbandonsAParse(t *testing.T) {
	doc := Open("file:///slow.py", 1, hostileLine(), true)
	defer doc.Close()
	var polls atomic.Int32
	start := time.Now()
	_, err := doc.Current().Tree(func() bool { polls.Add(1); return true })
	if err != ErrStopped {
		t.Fatalf("stopped parse returned %v, want ErrStopped", err)
	}
	if polls.Load() != 1 {
		t.Errorf("stop polled %d times, want 1", polls.Load())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a parse stopped at its first poll took %v", d)
	}
	// Every pooled parser must parse another text from its start.
	for i := 0; i < cap(parsers)+1; i++ {
		other := Open("file:///b.py", 1, []byte("def f(x):\n    return x\n"), true)
		if root := other.Tree().RootNode(); root.HasError() || root.NamedChildCount() != 1 {
			t.Fatalf("parse after a stopped one: %s", root.String())
		}
		other.Close()
	}
	if doc.tree != nil {
		t.Error("a stopped parse left a tree kept")
	}
}

// TestEditNeverWaitsForAParse holds a document's parse lock, as a long
// parse on another goroutine does, and edits it: recording an edit and
// taking a version must not need that lock.
func TestEditNeverWaitsForAParse(t *testing.T) {
	doc := Open("file:///a.py", 1, []byte("x = 1\n"), true)
	defer doc.Close()
	doc.Tree()
	doc.parseMu.Lock()
	done := make(chan *Version)
	go func() {
		doc.Edit(0, 0, []byte("y = 2\n"))
		done <- doc.Current()
	}()
	select {
	case v := <-done:
		doc.parseMu.Unlock()
		tree, err := v.Tree(nil)
		if err != nil || tree.RootNode().NamedChildCount() != 2 {
			t.Fatalf("edited version: %v %v", err, tree)
		}
		tree.Close()
	case <-time.After(10 * time.Second):
		t.Fatal("Edit waited for the parse lock")
	}
}

// TestCloseDuringParse closes a document while one of its versions is
// being parsed: Close returns at once and the parse's tree is freed.
func TestCloseDuringParse(t *testing.T) {
	doc := Open("file:///a.py", 1, []byte("x = 1\n"), true)
	doc.parseMu.Lock() // a parse in progress
	closed := make(chan struct{})
	go func() { doc.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for a parse")
	}
	doc.parseMu.Unlock()
	// A version parsed after Close is parsed afresh and not kept.
	tree, err := doc.Current().Tree(nil)
	if err != nil || tree == nil {
		t.Fatal(err)
	}
	tree.Close()
	doc.parseMu.Lock()
	defer doc.parseMu.Unlock()
	if doc.tree != nil {
		t.Error("a closed document kept a tree")
	}
}
