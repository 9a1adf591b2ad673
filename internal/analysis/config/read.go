package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// Size limits of the files read from a repository. A Worker's configs are
// kilobytes; the limits are far above any real file and far below what
// could exhaust memory or time. A file over its limit is not read: the
// config loader records a ParseError naming the limit (reported by
// PW505), `check` reports a Python file over MaxPythonSize as an error.
const (
	MaxWranglerSize  = 4 << 20  // wrangler.toml / .jsonc / .json
	MaxPyprojectSize = 4 << 20  // pyproject.toml
	MaxLockSize      = 16 << 20 // uv.lock, pylock.toml: large monorepos reach megabytes; 30 MB parse into 370 MB
	MaxRequirements  = 4 << 20  // requirements*.txt
	// MaxPythonSize bounds a Python source file: past it the file gets
	// one error instead of analysis (source.MaxParseSize says why).
	MaxPythonSize = source.MaxParseSize
)

// LimitOf is the size limit of a file by its name.
func LimitOf(path string) int64 {
	base := filepath.Base(path)
	switch {
	case base == "pyproject.toml":
		return MaxPyprojectSize
	case base == "uv.lock" || base == "pylock.toml" || strings.HasPrefix(base, "pylock.") && strings.HasSuffix(base, ".toml"):
		return MaxLockSize
	case strings.HasPrefix(base, "requirements") && strings.HasSuffix(base, ".txt"):
		return MaxRequirements
	case strings.HasPrefix(base, "wrangler."):
		return MaxWranglerSize
	}
	return MaxPythonSize
}

// ErrTooLarge is wrapped by ReadRegular for a file over its limit.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular is wrapped by ReadRegular for a FIFO, device, socket or
// directory.
var ErrNotRegular = errors.New("not a regular file")

// ReadRegular reads the regular file at path (following symlinks) if it
// holds at most limit bytes. Anything else is refused without blocking:
// the file is opened non-blocking (opening a FIFO for reading would wait
// for a writer), checked with fstat on the open descriptor (no window
// for a swap between the check and the read), and read through a limit
// (a file that grows while read stops at limit+1 bytes).
func ReadRegular(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: path, Err: syscall.EISDIR}
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%w (%s)", ErrNotRegular, fileKind(info.Mode()))
	}
	if info.Size() > limit {
		return nil, tooLarge(info.Size(), limit)
	}
	text, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(text)) > limit {
		return nil, tooLarge(int64(len(text)), limit)
	}
	return text, nil
}

func tooLarge(size, limit int64) error { return &TooLargeError{Size: size, Limit: limit} }

// TooLargeError is ReadRegular's refusal of a file over its limit (it
// matches ErrTooLarge), with the sizes for messages.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	return ErrTooLarge.Error() + ": " + SizeOverLimit(e.Size, e.Limit)
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// SizeOverLimit says that a file of size bytes is over limit, as every
// refusal of a too-large file words it.
func SizeOverLimit(size, limit int64) string {
	return fmt.Sprintf("%s, over the limit of %s", humanSize(size), humanSize(limit))
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return m.Type().String()
}

// refusal is a config file that exists but was not read (too large, not
// a regular file): it stays in the Workspace with Err set, so PW505
// reports it at the file instead of the Worker silently losing its
// config.
func refusal(err error) *ParseError {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return &ParseError{Message: "not read: " + err.Error()}
}

// readConfig reads a config file from disk: (nil, false, nil) when it
// does not exist, a refusal when it exists but is not readable as
// config.
func readConfig(path string) (text []byte, ok bool, refused *ParseError, err error) {
	text, err = ReadRegular(path, LimitOf(path))
	switch {
	case err == nil:
		return text, true, nil, nil
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.EISDIR):
		return nil, false, nil, nil
	case errors.Is(err, ErrTooLarge) || errors.Is(err, ErrNotRegular):
		return nil, true, refusal(err), nil
	}
	return nil, false, nil, err
}

// markRefused replaces the parse of every refused file in ws with its
// refusal.
func (l *loader) markRefused(ws *Workspace) {
	if len(l.refused) == 0 {
		return
	}
	if f := ws.Wrangler; f != nil && l.refused[f.Path] != nil {
		f.Root, f.Err = nil, l.refused[f.Path]
	}
	if p := ws.Pyproject; p != nil && l.refused[p.File.Path] != nil {
		*p = Pyproject{File: &File{Path: p.File.Path, Format: TOML, Err: l.refused[p.File.Path]}}
	}
	if lk := ws.Lock; lk != nil && l.refused[lk.Path] != nil {
		lk.Packages, lk.Err = nil, l.refused[lk.Path]
	}
}
