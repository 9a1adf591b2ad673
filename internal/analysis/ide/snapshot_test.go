package ide_test

import (
	"context"
	"sync"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/lookup"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// newSnapshot opens text as a Python snapshot under the default project.
func newSnapshot(t *testing.T, text []byte) *ide.Snapshot {
	t.Helper()
	doc := source.Open("file:///w/src/entry.py", 1, text, true)
	t.Cleanup(doc.Close)
	proj := &analysis.Project{Profile: profile.Default(), Options: &analysis.Options{}}
	return ide.NewSnapshot(doc.Snapshot(), "/w/src/entry.py", ide.Python, &ide.Env{Projects: []*analysis.Project{proj}, Options: proj.Options}, ide.NewAnalyzer())
}

// TestSnapshotSharedAndTreeDropped: concurrent users of one snapshot get
// one analysis; lookups, code-action trees and the tree being dropped
// interleave safely (run with -race), and a lookup after the tree was
// dropped parses the text again and finds the same targets.
func TestSnapshotSharedAndTreeDropped(t *testing.T) {
	text := analysistest.GenerateWorker(600)
	s := newSnapshot(t, text)
	defer s.Release()
	offsets := []int{}
	for i := 100; i < len(text); i += len(text) / 40 {
		offsets = append(offsets, i)
	}
	want := make([]lookup.Target, len(offsets))
	f, done, err := s.Lookup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for i, off := range offsets {
		want[i] = lookup.At(f, off)
	}
	done()
	found := 0
	for _, w := range want {
		if w.Kind != 0 {
			found++
		}
	}
	if found == 0 {
		t.Fatal("no lookup target at any offset: the test compares nothing")
	}
	first, _ := s.Analysis(context.Background())
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for round := range 5 {
				if a, err := s.Analysis(context.Background()); err != nil || a != first {
					t.Error("the snapshot was analysed twice")
				}
				f, done, err := s.Lookup(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				for i, off := range offsets {
					if got := lookup.At(f, off); got != want[i] {
						t.Errorf("offset %d after drops: %+v, want %+v", off, got, want[i])
					}
				}
				done()
				if (g+round)%3 == 0 {
					s.DropTree()
				}
				if tree := s.TreeCopy(); tree == nil {
					t.Error("no tree for a Python snapshot")
				} else {
					tree.Close()
				}
			}
		})
	}
	wg.Wait()
	s.DropTree()
	if s.HasTree() {
		t.Error("the tree survived DropTree")
	}
	if _, done, _ := s.Lookup(context.Background()); done != nil {
		done()
	}
	if !s.HasTree() {
		t.Error("a lookup after DropTree did not parse the text again")
	}
}
