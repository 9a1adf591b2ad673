package server

import (
	"fmt"
	"net"
	"path/filepath"
	"testing"
)

// TestProjectCacheIsBounded: looking up files in many directories keeps
// at most maxProjects projects, and the project of an open document's
// directory survives pruning.
func TestProjectCacheIsBounded(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	s := New(NewStream(a, nil), Options{})
	root := t.TempDir()
	open := filepath.Join(root, "open", "entry.py")
	uri := "file://" + open
	s.docs[uri] = newDocument(s.trees, uri, "python", 1, []byte("x = 1\n"))
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.projectForLocked(open)
	for i := 0; i < maxProjects+200; i++ {
		s.projectForLocked(filepath.Join(root, fmt.Sprint("d", i), "m.py"))
		if len(s.projects) > maxProjects {
			t.Fatalf("%d projects cached after %d directories", len(s.projects), i+1)
		}
	}
	if s.projects[filepath.Dir(open)] != kept {
		t.Error("the open document's project was dropped")
	}
}
