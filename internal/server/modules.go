package server

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

// maxWorkerFiles bounds how many files of one Worker the workspace-wide
// features read: a mis-set main (the repository root of a monorepo) must
// not make the server read the whole tree on every change.
const maxWorkerFiles = 2000

// workerFilesLocked lists the files of every Worker that has an open
// document: each Worker's config files and the Python modules below the
// directory of its main (as `check` selects them: excluded files,
// vendored python_modules, virtual environments and hidden directories
// left out). Open documents are listed too; callers skip them as they
// need. Called with s.mu held; it walks the disk, so it is for request
// goroutines and background work, never the read loop.
func (s *Server) workerFilesLocked() []string {
	seen := map[string]bool{}
	var out []string
	done := map[string]bool{}
	for _, d := range s.docs {
		if d.path == "" || d.kind == otherDoc {
			continue
		}
		p := s.projectForLocked(d.path)
		// Workers of a wrangler config (workerd configs name their modules
		// themselves; their files are diagnosed when open).
		if !hasWrangler(p) || done[p.Workspace.Wrangler.Path] {
			continue
		}
		done[p.Workspace.Wrangler.Path] = true
		for _, f := range append(p.Workspace.Files(), workerModules(p, s.optionsForLocked(p))...) {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	return out
}

// workerModules walks the directory of the Worker's main (its config's
// directory without one) for Python modules.
func workerModules(p *analysis.Project, opts *analysis.Options) []string {
	root := filepath.Dir(p.Workspace.Wrangler.Path)
	if p.Profile.Main != "" {
		root = filepath.Dir(p.Profile.Main)
	}
	var out []string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "__pycache__" || name == "python_modules" || name == "venv") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".py") && d.Type().IsRegular() && !opts.Excluded(path) {
			out = append(out, path)
			if len(out) >= maxWorkerFiles {
				return fs.SkipAll
			}
		}
		return nil
	})
	return out
}

// hasWrangler reports whether the project's Worker has a wrangler config.
func hasWrangler(p *analysis.Project) bool {
	return p != nil && p.Workspace != nil && p.Workspace.Wrangler != nil
}
