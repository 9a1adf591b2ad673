package check

import (
	"path/filepath"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

// selected reports whether target t is analysed: files outside any
// Worker only with --all; explicit paths always otherwise, except
// excluded ones under --force-exclude (a pre-commit hook names every
// changed file, so exclude must hold for named files too, as in ruff);
// files found by walking a directory when they belong to their Worker.
func selected(t target, p *analysis.Project, opts Options) bool {
	if opts.All {
		return true
	}
	if !p.InWorker() {
		return false
	}
	if t.explicit {
		return !opts.ForceExclude || !excluded(t.path, p)
	}
	return belongs(t.path, p)
}

// excluded reports whether path matches the project's exclude globs.
func excluded(path string, p *analysis.Project) bool {
	abs, err := filepath.Abs(path)
	return err == nil && p.Options.Excluded(abs)
}

// embedded reports whether a file is a module of a workerd Worker
// (config.capnp, *.wd-test) and not excluded: such a file is part of a
// Worker although no wrangler config is above it.
func embedded(t target, opts Options) bool {
	if len(t.projects) == 0 || t.projects[0].Worker == nil {
		return false
	}
	return !excluded(t.path, t.projects[0]) || (t.explicit && !opts.ForceExclude)
}
