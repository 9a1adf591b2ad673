package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrOutsideRoot is returned by Confine for a path that leads out of its
// root, lexically ("../../dev/zero") or through a symlink.
var ErrOutsideRoot = errors.New("outside the project")

// Confine reports whether path, with every symlink on it resolved, stays
// inside root (itself resolved): paths taken from repository content
// (wrangler `main`, workerd `embed`, go-to-definition targets) are read
// only then, so a config cannot make the analysis read /dev/zero, a
// secret beside the project or a FIFO elsewhere. A path that does not
// exist is judged by its deepest existing parent. It returns the resolved
// path.
func Confine(root, path string) (string, error) {
	r, err := resolveExisting(root)
	if err != nil {
		return "", err
	}
	p, err := resolveExisting(path)
	if err != nil {
		return "", err
	}
	if !within(r, p) {
		return p, fmt.Errorf("%w: %s is not under %s", ErrOutsideRoot, p, r)
	}
	return p, nil
}

// within reports whether path is dir or below it (both clean and absolute).
func within(dir, path string) bool {
	if dir == path {
		return true
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// resolveExisting makes path absolute and resolves the symlinks of its
// deepest existing ancestor (path itself when it exists), keeping the
// rest as written.
func resolveExisting(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; {
		if resolved, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(resolved, rest), nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err // a symlink loop, a permission error: not followed
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
	}
}

// mainOutside is the problem of a wrangler `main` that leads out of the
// config's folder (the Worker's project: wrangler bundles from there).
func mainOutside(f *File, main *StringValue) *Problem {
	if main == nil || f.Path == "" || IsPlaceholder(main.Value) {
		return nil
	}
	f.outsideMu.Lock()
	err, done := f.outside[main.Value]
	if !done {
		dir := filepath.Dir(f.Path)
		_, err = Confine(dir, filepath.Join(dir, filepath.FromSlash(main.Value)))
		if f.outside == nil {
			f.outside = map[string]error{}
		}
		f.outside[main.Value] = err
	}
	f.outsideMu.Unlock()
	if err != nil {
		return &Problem{Span: main.Span, Message: fmt.Sprintf("main %q leads outside %s's folder (%v); it is not read, and the Worker is analysed without an entry module", main.Value, filepath.Base(f.Path), reason(err))}
	}
	return nil
}

func reason(err error) string {
	if errors.Is(err, ErrOutsideRoot) {
		return "through .. or a symlink"
	}
	return err.Error()
}
