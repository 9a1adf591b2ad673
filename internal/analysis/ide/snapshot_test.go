package ide_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

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
	return ide.NewSnapshot(doc.Current(), "/w/src/entry.py", ide.Python, &ide.Env{Projects: []*analysis.Project{proj}, Options: proj.Options}, ide.NewAnalyzer())
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
				if tree, err := s.TreeCopy(); err != nil || tree == nil {
					t.Errorf("no tree for a Python snapshot: %v", err)
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

// TestSupersedeStopsTheParse analyses a snapshot whose text takes
// seconds to parse and supersedes it meanwhile: the analysis gives up
// with ErrSuperseded instead of finishing the parse, and a lookup on it
// fails the same way rather than parsing again.
func TestSupersedeStopsTheParse(t *testing.T) {
	s := newSnapshot(t, []byte(strings.Repeat(`"a`, 100_000)+"\n"))
	defer s.Release()
	errc := make(chan error, 1)
	go func() {
		_, err := s.Analysis(context.Background())
		errc <- err
	}()
	time.Sleep(50 * time.Millisecond) // let the parse start
	start := time.Now()
	s.Supersede()
	select {
	case err := <-errc:
		if !errors.Is(err, ide.ErrSuperseded) {
			t.Fatalf("analysis of a superseded snapshot: %v, want ErrSuperseded", err)
		}
		t.Logf("stopped %v after Supersede", time.Since(start))
	case <-time.After(30 * time.Second):
		t.Fatal("the analysis ignored Supersede")
	}
	if _, _, err := s.Lookup(context.Background()); !errors.Is(err, ide.ErrSuperseded) {
		t.Errorf("lookup on a superseded snapshot: %v, want ErrSuperseded", err)
	}
}
