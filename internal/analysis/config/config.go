// Package config reads a Worker's configuration files — wrangler.toml,
// wrangler.jsonc/.json, pyproject.toml and lock files — keeping the byte
// position of every value so findings and fixes can point into them.
//
// Load finds the files for a Python file or directory; ReadWorker
// resolves the wrangler settings of one environment; ResolveProfile turns
// a Workspace into the runtime profile the rules run under.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Workspace is the parsed configuration of one Worker: the nearest
// wrangler config, pyproject.toml and lock file at or above a Python file.
// Any of them may be nil.
type Workspace struct {
	// Dir is the directory the search started from.
	Dir string
	// Root bounds the upward search (a workspace folder); "" for none.
	Root      string
	Wrangler  *File
	Pyproject *Pyproject
	Lock      *Lock
	// Workerd are the workerd configurations (config.capnp, *.wd-test)
	// with Python Workers at or above Dir, nearest first.
	Workerd []*WorkerdConfig
	overlay Overlay
}

// Overlay returns the content of a file that an editor holds unsaved, and
// whether it has one; the loader reads the disk otherwise.
type Overlay func(path string) ([]byte, bool)

// Load finds and parses the config files for a Python file or directory,
// searching its directory and the ones above it up to root (inclusive;
// "" searches up to the filesystem root). Syntax errors are kept in the
// parsed files, never returned: the error is only for unreadable files
// (permissions), and a usable Workspace comes back with it.
func Load(pyFileOrDir, root string) (*Workspace, error) {
	return LoadOverlay(pyFileOrDir, root, nil)
}

// LoadOverlay is Load with unsaved editor buffers taking precedence over
// the disk.
func LoadOverlay(pyFileOrDir, root string, overlay Overlay) (*Workspace, error) {
	start, err := filepath.Abs(pyFileOrDir)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if st, err := os.Stat(start); (err == nil && !st.IsDir()) || (err != nil && filepath.Ext(start) != "") {
		start = filepath.Dir(start)
	}
	if root != "" {
		if root, err = filepath.Abs(root); err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
	}
	l := loader{overlay: overlay}
	ws := &Workspace{Dir: start, Root: root, overlay: overlay}
	dirs := searchDirs(start, root)
	if path, text := l.first(dirs, WranglerNames); path != "" {
		ws.Wrangler = ParseFile(path, text, FormatOf(path))
	}
	lockDirs := dirs
	if path, text := l.first(dirs, []string{"pyproject.toml"}); path != "" {
		ws.Pyproject = ParsePyproject(path, text)
		// The lock that belongs to the project sits next to it.
		lockDirs = searchDirs(filepath.Dir(path), root)
	}
	for _, name := range LockNames {
		if path, text := l.first(lockDirs[:min(1, len(lockDirs))], []string{name}); path != "" {
			ws.Lock = ParseLock(path, text)
			break
		}
	}
	if ws.Lock == nil && ws.Pyproject != nil {
		ws.Lock = l.workspaceLock(ws.Pyproject, lockDirs)
	}
	if ws.Lock == nil && ws.Pyproject == nil {
		if path, text := l.first(dirs, LockNames); path != "" {
			ws.Lock = ParseLock(path, text)
		}
	}
	ws.Workerd = l.workerdConfigs(dirs)
	l.markRefused(ws)
	return ws, errors.Join(l.errs...)
}

// workspaceLock finds the uv.lock of a uv workspace above a member
// project: the nearest uv.lock above it that has a package for the
// member's directory. A lock of an unrelated project above is ignored.
func (l *loader) workspaceLock(pp *Pyproject, dirs []string) *Lock {
	if len(dirs) < 2 {
		return nil
	}
	path, text := l.first(dirs[1:], []string{"uv.lock"})
	if path == "" {
		return nil
	}
	lock := ParseLock(path, text)
	if p := projectPackage(&Workspace{Pyproject: pp, Lock: lock}); p == nil || p.Source == "" {
		return nil
	}
	return lock
}

// searchDirs lists start and its parents up to root (or the filesystem
// root when start is not under root).
func searchDirs(start, root string) []string {
	var dirs []string
	for dir := start; ; {
		dirs = append(dirs, dir)
		if root != "" && dir == root {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return dirs
}

type loader struct {
	overlay Overlay
	errs    []error
	// refused holds the files that exist but were not read (see
	// readConfig).
	refused map[string]*ParseError
}

// first returns the first of names found in the first directory that has
// any of them.
func (l *loader) first(dirs, names []string) (string, []byte) {
	for _, dir := range dirs {
		for _, name := range names {
			path := filepath.Join(dir, name)
			if text, ok := l.read(path); ok {
				return path, text
			}
		}
	}
	return "", nil
}

func (l *loader) read(path string) ([]byte, bool) {
	if l.overlay != nil {
		if text, ok := l.overlay(path); ok {
			return text, true
		}
	}
	text, ok, refused, err := readConfig(path)
	if err != nil {
		l.errs = append(l.errs, fmt.Errorf("config: %w", err))
	}
	if refused != nil {
		if l.refused == nil {
			l.refused = map[string]*ParseError{}
		}
		l.refused[path] = refused
	}
	return text, ok
}

// Exists reports whether a file exists, in the editor's buffers or on
// disk.
func (ws *Workspace) Exists(path string) bool {
	if ws.overlay != nil {
		if _, ok := ws.overlay(path); ok {
			return true
		}
	}
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}

// Files lists the paths of the workspace's config files.
func (ws *Workspace) Files() []string {
	var out []string
	if ws.Wrangler != nil {
		out = append(out, ws.Wrangler.Path)
	}
	if ws.Pyproject != nil {
		out = append(out, ws.Pyproject.File.Path)
	}
	if ws.Lock != nil {
		out = append(out, ws.Lock.Path)
	}
	for _, c := range ws.Workerd {
		out = append(out, c.Path)
	}
	return out
}

// Text returns the content of one of the workspace's files by path.
func (ws *Workspace) Text(path string) []byte {
	switch {
	case ws.Wrangler != nil && ws.Wrangler.Path == path:
		return ws.Wrangler.Text
	case ws.Pyproject != nil && ws.Pyproject.File.Path == path:
		return ws.Pyproject.File.Text
	case ws.Lock != nil && ws.Lock.Path == path:
		return ws.Lock.Text
	}
	for _, c := range ws.Workerd {
		if c.Path == path {
			return c.Text
		}
	}
	return nil
}
