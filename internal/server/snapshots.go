package server

import (
	"context"
	"slices"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
)

// moduleSummaries keeps the function summaries of the modules open files
// import: open buffers (unsaved edits included) through each snapshot's
// overlay, other files from disk.
var moduleSummaries = analysis.NewModules()

// envLocked builds the project layer of the document at path: its
// projects, options, whether it is silenced and the Worker's modules as
// the open buffers have them now. Called with s.mu held.
func (s *Server) envLocked(path string) *ide.Env {
	projs := s.projectsForLocked(path)
	opts := s.optionsForLocked(projs[0])
	env := &ide.Env{
		Projects: projs,
		Options:  opts,
		Silenced: s.silencedLocked(path, projs[0], opts),
		Modules:  moduleSummaries.Overlaid(s.frozenOverlayLocked()),
	}
	if env.Silenced && s.excludedLocked(path, projs[0], opts) {
		env.Note = excludedNote // one note, not the findings (excluded.go)
	}
	return env
}

// refreshLocked makes d's current snapshot from its text as it is now
// and the project layer as it is now, replacing (and releasing) the
// previous one. Called with s.mu held, on the read loop after a change or
// when the project layer changed.
func (s *Server) refreshLocked(d *document) {
	var env *ide.Env
	if d.kind != otherDoc {
		env = s.envLocked(d.path)
	}
	next := ide.NewSnapshot(d.doc.Current(), d.path, d.kind, env, d.an)
	if d.snap != nil {
		d.snap.Supersede()
		d.snap.Release()
	}
	d.snap = next
	if d.kind == pythonDoc {
		s.touchLocked(d)
	}
}

// touchLocked marks d's snapshot as recently used: the snapshots of the
// hotTrees documents touched last keep their syntax trees; older ones
// drop theirs (a tree costs about 55 bytes per byte of Python) and parse
// again if a request needs it. Called with s.mu held.
func (s *Server) touchLocked(d *document) {
	s.hot = slices.DeleteFunc(s.hot, func(h *document) bool { return h == d })
	s.hot = append(s.hot, d)
	for len(s.hot) > hotTrees {
		cold := s.hot[0]
		s.hot = s.hot[1:]
		cold.pub = nil // a job may still hold it: it finishes with its own reference
		if cold.snap == nil {
			continue
		}
		// Off the lock: dropping waits for lookups reading the tree.
		snap := cold.snap.Acquire()
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			snap.DropTree()
			snap.Release()
		}()
	}
}

// forgetLocked takes a closed document out of the recently used ones.
// Called with s.mu held.
func (s *Server) forgetLocked(d *document) {
	s.hot = slices.DeleteFunc(s.hot, func(h *document) bool { return h == d })
	d.pub = nil
}

// snapshotLocked returns a reference to d's current snapshot, building
// it if needed; the caller releases it. Called with s.mu held.
func (s *Server) snapshotLocked(d *document) *ide.Snapshot {
	if d.snap == nil {
		s.refreshLocked(d)
	}
	return d.snap.Acquire()
}

// dependentsLocked returns the other open Python documents whose last
// analysis read summaries of the module at path: an unsaved edit there
// changes what they import. Called with s.mu held.
func (s *Server) dependentsLocked(path string) []*document {
	if path == "" {
		return nil
	}
	var out []*document
	for _, d := range s.docs {
		if d.kind != pythonDoc || d.path == path || d.snap == nil {
			continue
		}
		module := d.module // the last published analysis's
		if a, ok := d.snap.Analyzed(); ok && a.Module != nil {
			module = a.Module // pulled, or analysed for a request
		}
		if analysis.Imports(module, d.path, d.snap.Profile().Main, path) {
			out = append(out, d)
		}
	}
	return out
}

// dependentsDelay is how long the open modules importing an edited one
// wait before they are analysed again: typing in a helper costs its
// importers one analysis per pause, not one per keystroke.
const dependentsDelay = 150 * time.Millisecond

// dependentsChanged schedules, after dependentsDelay without another
// edit of a module, fresh snapshots of the open documents importing the
// module at path, so they see its unsaved summaries.
func (s *Server) dependentsChanged(path string) {
	if path == "" {
		return
	}
	s.depMu.Lock()
	defer s.depMu.Unlock()
	if t := s.depTimers[path]; t != nil {
		t.Stop()
	}
	s.depTimers[path] = time.AfterFunc(dependentsDelay, func() {
		s.depMu.Lock()
		delete(s.depTimers, path)
		s.depMu.Unlock()
		s.mu.Lock()
		if s.state == uninitialized || s.closed {
			s.mu.Unlock()
			return
		}
		deps := s.dependentsLocked(path)
		for _, d := range deps {
			s.refreshLocked(d)
			s.schedule(context.Background(), d)
		}
		s.mu.Unlock()
		if len(deps) > 0 && s.pullMode() {
			// Their versions did not change: the pulled results must go.
			s.feat.bumpGeneration()
			s.refreshPulled(s.feat.life)
		}
	})
}
