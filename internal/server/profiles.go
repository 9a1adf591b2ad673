package server

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// projectForLocked returns the project (config files, runtime profile,
// [tool.pyworkers-lsp] options) of the file at path: for a file that
// workerd Workers embed, the first of them. Called with s.mu held.
func (s *Server) projectForLocked(path string) *analysis.Project {
	return s.projectsForLocked(path)[0]
}

// projectsForLocked returns every project the file at path is analysed
// under: one per workerd Worker that embeds it, else the project of its
// directory. Called with s.mu held.
func (s *Server) projectsForLocked(path string) []*analysis.Project {
	return s.dirProjectLocked(path).ForFile(path)
}

// dirProjectLocked returns the project of the directory of path, loading
// it on first use; unsaved buffers of open config files win over the
// disk. Called with s.mu held.
func (s *Server) dirProjectLocked(path string) *analysis.Project {
	dir := filepath.Dir(path)
	if path == "" {
		dir = "" // untitled buffers: no config
	}
	if p, ok := s.projects[dir]; ok {
		return p
	}
	var p *analysis.Project
	if dir == "" {
		prof, notes := config.ResolveProfile(nil, config.ProfileOptions{RuntimeOverride: s.settings.Runtime})
		p = &analysis.Project{Profile: prof, Notes: notes, Options: &analysis.Options{}}
	} else {
		var err error
		runtime := s.settingsForLocked(path).Runtime
		folder := s.folderOf(path)
		overlay := s.frozenOverlayLocked()
		p, err = analysis.LoadProject(path, folder, overlay, runtime)
		if !p.InWorker() && folder != "" {
			// The workspace folder is the editor's guess at the project
			// (Eglot without version control takes the file's directory):
			// a Worker's config may sit above it.
			if above, aerr := analysis.LoadProject(path, "", overlay, runtime); above.InWorker() {
				p, err = above, aerr
			}
		}
		if err != nil {
			s.log.Warn("reading config files", zap.String("path", path), zap.Error(err))
		}
	}
	if len(s.projects) >= maxProjects {
		s.pruneProjectsLocked()
	}
	s.projects[dir] = p
	return p
}

// maxProjects bounds the per-directory project cache: a client that
// touches files in tens of thousands of directories (a vendored tree, a
// generated one) must not keep a project per directory alive.
const maxProjects = 1024

// pruneProjectsLocked drops the cached projects of directories that hold
// no open document (they are loaded again when needed). When the open
// documents alone span maxProjects directories, everything is dropped:
// the cache stays bounded at the cost of reloads. Called with s.mu held.
func (s *Server) pruneProjectsLocked() {
	keep := map[string]bool{}
	for _, d := range s.docs {
		keep[filepath.Dir(d.path)] = true
	}
	for dir := range s.projects {
		if !keep[dir] || len(keep) >= maxProjects {
			delete(s.projects, dir)
		}
	}
}

// optionsForLocked merges the project's options with the editor settings,
// which win. Called with s.mu held.
func (s *Server) optionsForLocked(p *analysis.Project) *analysis.Options {
	path := ""
	if p.Workspace != nil {
		path = p.Workspace.Dir
	}
	return p.Options.Merge(s.settingsForLocked(path).options())
}

// folderOf returns the workspace folder holding path ("" if none), which
// bounds the upward search for config files.
func (s *Server) folderOf(path string) string {
	best := ""
	for _, f := range s.folders {
		if rel, err := filepath.Rel(f, path); err == nil && !strings.HasPrefix(rel, "..") && len(f) > len(best) {
			best = f
		}
	}
	return best
}

// frozenOverlayLocked returns the open documents' texts as of now, by
// path. The project keeps its overlay and consults it later without the
// server lock (a code action asking whether `main` exists), so it gets
// this immutable version, never a view of s.docs: texts are never
// modified in place, and later changes make new versions of the tree.
// Called with s.mu held.
func (s *Server) frozenOverlayLocked() config.Overlay {
	texts := s.texts
	return func(path string) ([]byte, bool) { return texts.Get([]byte(path)) }
}

// textChangedLocked records d's current text in the open texts (or, once
// it is closed, removes it, unless another open URI names the same
// file). Called with s.mu held, after every change of d's text.
func (s *Server) textChangedLocked(d *document) {
	if d.path == "" {
		return
	}
	key := []byte(d.path)
	if s.docs[d.doc.URI] == d {
		s.texts, _, _ = s.texts.Insert(key, d.doc.Text())
		return
	}
	s.texts, _, _ = s.texts.Delete(key)
	for _, other := range s.docs {
		if other.path == d.path {
			s.texts, _, _ = s.texts.Insert(key, other.doc.Text())
			return
		}
	}
}

// overlayLocked returns the text of an open document by path. Called with
// s.mu held.
func (s *Server) overlayLocked(path string) ([]byte, bool) {
	for _, d := range s.docs {
		if d.path == path {
			return d.doc.Text(), true
		}
	}
	return nil, false
}

// configChanged drops the loaded projects, republishes config diagnostics
// and re-analyses every open Python document after a config, pyproject or
// lock file changed (an edit, a save or a change on disk).
func (s *Server) configChanged(ctx context.Context) {
	s.mu.Lock()
	s.projects = map[string]*analysis.Project{}
	s.mu.Unlock()
	s.publishConfigDiagnostics(ctx)
	s.reanalyzeAll(ctx)
	s.workerFilesChanged(ctx)
}

// publishConfigDiagnostics checks the config files of every project with an
// open document and publishes their findings; files whose findings went
// away get an empty publish. The checks run without the server lock: an
// analysis starting meanwhile (the document just opened) would wait on
// it. Its callers all run on the read loop, so no document changes
// between the two locked parts.
func (s *Server) publishConfigDiagnostics(ctx context.Context) {
	if s.pullMode() {
		return // pulling clients ask for them (pull.go)
	}
	type check struct {
		p    *analysis.Project
		opts *analysis.Options
	}
	var checks []check
	s.mu.Lock()
	seen := map[*config.Workspace]bool{}
	for _, d := range s.docs {
		if d.kind == otherDoc || d.path == "" {
			continue
		}
		p := s.projectForLocked(d.path)
		if p.Workspace == nil || seen[p.Workspace] {
			continue
		}
		seen[p.Workspace] = true
		checks = append(checks, check{p, s.optionsForLocked(p)})
	}
	enc := s.enc
	s.mu.Unlock()

	type publication struct {
		uri     string
		path    string
		version *int32
		diags   []protocol.Diagnostic
	}
	var pubs []publication
	published := map[string]bool{}
	for _, c := range checks {
		res := analysis.CheckConfig(c.p.Workspace, c.p.Profile, c.opts)
		for _, err := range res.Errors {
			s.log.Error("config analyzer failed", zap.Error(err))
		}
		for _, path := range c.p.Workspace.Files() {
			uri := pathURI(path)
			if published[uri] {
				continue
			}
			published[uri] = true
			pub := publication{uri: uri, path: path, diags: []protocol.Diagnostic{}}
			if text := c.p.Workspace.Text(path); text != nil {
				pub.diags = toProtocol(res.Diagnostics[path], mapper{lines: source.NewLines(text), enc: enc, uri: uri}, c.opts.Docs())
			}
			pubs = append(pubs, pub)
		}
	}

	s.mu.Lock()
	for i := range pubs {
		for _, od := range s.docs {
			if od.path == pubs[i].path {
				v := od.doc.Version
				pubs[i].version = &v
			}
		}
	}
	for uri := range s.configPublished {
		if !published[uri] {
			pubs = append(pubs, publication{uri: uri})
		}
	}
	s.configPublished = published
	s.mu.Unlock()
	for _, pub := range pubs {
		s.publish(ctx, pub.uri, pub.version, pub.diags)
	}
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
	for _, g := range workerInputGlobs() {
		watchers = append(watchers, watcher{g})
	}
	params := map[string]any{"registrations": []map[string]any{{
		"id":              "pyworkers-config-watch",
		"method":          "workspace/didChangeWatchedFiles",
		"registerOptions": map[string]any{"watchers": watchers},
	}}}
	s.request(ctx, "client/registerCapability", params)
}

// workerInputGlobs are the watch patterns of every file
// config.IsWorkerInput accepts.
func workerInputGlobs() []string {
	var globs []string
	for _, name := range append(append([]string{"pyproject.toml", config.WorkerdConfigName}, config.WranglerNames...), config.LockNames...) {
		globs = append(globs, "**/"+name)
	}
	return append(globs, "**/pylock.*.toml", "**/*"+config.WorkerdTestSuffix)
}

// request sends a request to the client without waiting for the reply,
// which arrives through the read loop (so the read loop must not wait).
func (s *Server) request(ctx context.Context, method string, params any) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if _, err := s.conn.Call(ctx, method, params, nil); err != nil {
			s.log.Info("client request failed", zap.String("method", method), zap.Error(err))
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
