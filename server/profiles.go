package server

import (
	"context"
	"encoding/json"
	"fmt"

	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
)

// profileForLocked returns the runtime profile of the Python file at path.
// Called with s.mu held.
func (s *Server) profileForLocked(path string) *profile.Profile {
	p := profile.Default()
	if s.settings.Runtime != "" {
		if rt, err := profile.ParseRuntime(s.settings.Runtime); err == nil {
			p.Runtime = rt
			p.Sources["runtime"] = "setting pyworkers.runtime"
		}
	}
	return p
}

// configChanged reloads profiles and re-analyses open Python documents
// after a config, pyproject or lock file changed.
func (s *Server) configChanged(ctx context.Context) {
	s.reanalyzeAll(ctx)
}

// registerWatchers asks the client to report changes to the files that
// make up profiles (dynamic registration of didChangeWatchedFiles).
func (s *Server) registerWatchers(ctx context.Context) {
	s.mu.Lock()
	ok := s.client.watchFiles
	s.mu.Unlock()
	if !ok {
		return
	}
	type watcher struct {
		GlobPattern string `json:"globPattern"`
	}
	var watchers []watcher
	for _, g := range []string{"**/wrangler.toml", "**/wrangler.jsonc", "**/wrangler.json", "**/pyproject.toml", "**/uv.lock", "**/pylock.toml", "**/requirements.txt"} {
		watchers = append(watchers, watcher{g})
	}
	params := map[string]any{"registrations": []map[string]any{{
		"id":              "pyworkers-config-watch",
		"method":          "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": watchers},
	}}}
	// The reply arrives through the read loop: do not wait on it here.
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if _, err := s.conn.Call(ctx, "client/registerCapability", params, nil); err != nil {
			s.log.Info("client refused file watching", zap.Error(err))
		}
	}()
}

func (s *Server) didChangeWatchedFiles(ctx context.Context, raw json.RawMessage) error {
	var p struct {
		Changes []struct {
			URI string `json:"uri"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didChangeWatchedFiles: %w", err)
	}
	s.configChanged(ctx)
	return nil
}
