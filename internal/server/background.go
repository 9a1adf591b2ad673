package server

import (
	"context"
	"maps"
	"time"

	"go.uber.org/zap"
)

// backgroundDelay is how long the diagnostics of unopened modules wait
// after the last change: a burst of saves or config edits costs one run.
const backgroundDelay = 300 * time.Millisecond

// backgroundState is the pending or running publication of unopened
// modules' diagnostics.
type backgroundState struct {
	cancel context.CancelFunc
	// pushed holds the URIs published with findings, to clear them when
	// their findings go away (or the file leaves the Worker).
	pushed map[string]string // URI → result id
}

// workerFilesChanged runs after a change that can alter the findings of
// files nobody has open (a wrangler config, pyproject.toml, a saved
// module): pulling clients are asked to pull again; for the others the
// unopened modules of Workers with an open document are analysed and
// published after a short quiet period. A newer change cancels the
// pending run; typing does not start one (only saves and config edits).
func (s *Server) workerFilesChanged(ctx context.Context) {
	s.feat.bumpGeneration()
	if s.pullMode() {
		s.refreshPulled(ctx)
		return
	}
	runCtx, cancel := context.WithCancel(s.feat.life)
	s.feat.mu.Lock()
	if s.feat.background.cancel != nil {
		s.feat.background.cancel()
	}
	s.feat.background.cancel = cancel
	s.feat.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer cancel()
		select {
		case <-runCtx.Done():
			return
		case <-time.After(backgroundDelay):
		}
		s.publishUnopened(runCtx)
	}()
}

// publishUnopened analyses and publishes every file of the Workers with
// an open document that is not open itself; files published before whose
// findings went away get an empty publish.
func (s *Server) publishUnopened(ctx context.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("background diagnostics panicked", zap.Any("panic", r))
		}
	}()
	s.mu.Lock()
	files := mergeSorted(s.workerFilesLocked(), s.workerdFilesLocked())
	s.mu.Unlock()
	s.feat.mu.Lock()
	before := maps.Clone(s.feat.background.pushed)
	s.feat.mu.Unlock()
	handled := map[string]bool{}
	for _, path := range files {
		if ctx.Err() != nil {
			return
		}
		uri := pathURI(path)
		if s.isOpen(uri) {
			continue
		}
		res, _, ok := s.diagnose(ctx, uri)
		if !ok {
			continue
		}
		handled[uri] = true
		if before[uri] == res.resultID || (before[uri] == "" && len(res.items) == 0) {
			continue // the client shows this already
		}
		s.publishIfClosed(ctx, uri, res)
	}
	for uri := range before {
		if !handled[uri] && ctx.Err() == nil {
			s.publishIfClosed(ctx, uri, pullResult{})
		}
	}
}

func (s *Server) isOpen(uri string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri] != nil
}

// publishIfClosed publishes res for uri unless the document was opened
// meanwhile (its own analysis publishes then) or the run was cancelled,
// and records what the client now shows for it: a run cancelled after
// some publishes (a second config change while it ran) left them out of
// the record before, and the next run then never cleared a finding that
// went away (TestConfigChangeDiagnosesUnopenedModule, now and then under
// -race). pubMu orders it against the open document's publishes.
func (s *Server) publishIfClosed(ctx context.Context, uri string, res pullResult) {
	s.pubMu.Lock()
	defer s.pubMu.Unlock()
	if ctx.Err() != nil {
		return
	}
	if s.isOpen(uri) {
		s.forgetPushed(uri) // the open document's own publishes replace it
		return
	}
	// The record first: a client that saw the publish may start the next
	// run.
	if len(res.items) == 0 {
		s.forgetPushed(uri)
	} else {
		s.feat.mu.Lock()
		if s.feat.background.pushed == nil {
			s.feat.background.pushed = map[string]string{}
		}
		s.feat.background.pushed[uri] = res.resultID
		s.feat.mu.Unlock()
	}
	s.publish(ctx, uri, nil, res.items)
}

// forgetPushed records that the client shows no background findings for
// uri (cleared, closed after its own publishes, or open).
func (s *Server) forgetPushed(uri string) {
	s.feat.mu.Lock()
	delete(s.feat.background.pushed, uri)
	s.feat.mu.Unlock()
}
