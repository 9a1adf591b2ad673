package check

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// DefaultSkipDirs are the directories a walk leaves out: installed
// packages, build output and caches hold Python that is not the Worker's
// source (analysing it reports on third-party code, and --fix would
// rewrite it).
var DefaultSkipDirs = []string{
	"venv", ".venv", "site-packages", "dist", "build", "__pypackages__",
	"node_modules", "python_modules", "__pycache__",
}

func (o *Options) skipDirs() []string {
	if o.SkipDirs == nil {
		return DefaultSkipDirs
	}
	return o.SkipDirs
}

// skipDir reports whether a walk leaves out the directory at path: a
// hidden one (.git, .tox, .mypy_cache), one skip names, or a virtual
// environment under any name (it holds pyvenv.cfg).
func skipDir(path, name string, skip []string) bool {
	if strings.HasPrefix(name, ".") || slices.Contains(skip, name) {
		return true
	}
	_, err := os.Lstat(filepath.Join(path, "pyvenv.cfg"))
	return err == nil
}
