package check

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// ErrReadOnly is returned for a file whose permissions allow no writing:
// the fix is not written (even by root, who could).
var ErrReadOnly = errors.New("read-only file; not fixed (make it writable to apply fixes)")

// ErrNoLongerParses is returned for a fix whose final text (line breaks
// and BOM restored) has a syntax error the original did not: the file is
// left alone rather than broken.
var ErrNoLongerParses = errors.New("the fixed text would not parse; not fixed")

// writeFix writes the fixed text of the file at path, which belongs to
// ws: only if path (through any symlink) stays inside the project (the
// folder of its wrangler config or pyproject.toml, else its own folder),
// the fixed text parses wherever the original did, and the file still
// holds original (writeIfUnchanged).
func writeFix(ws *config.Workspace, path string, original, text []byte) error {
	root := projectRoot(ws, path)
	if _, err := config.Confine(root, path); err != nil {
		return fmt.Errorf("leads outside the project %s (a symlink); not fixed", root)
	}
	if breaks(path, original, text) {
		return ErrNoLongerParses
	}
	return writeIfUnchanged(path, original, text)
}

// projectRoot is the folder whose files check --fix may write for path.
func projectRoot(ws *config.Workspace, path string) string {
	switch {
	case ws != nil && ws.Wrangler != nil:
		return filepath.Dir(ws.Wrangler.Path)
	case ws != nil && ws.Pyproject != nil && ws.Pyproject.File != nil:
		return filepath.Dir(ws.Pyproject.File.Path)
	}
	return filepath.Dir(path)
}

// breaks reports whether fixed has a syntax error where original had
// none: the last check before writing, on the exact bytes written.
func breaks(path string, original, fixed []byte) bool {
	if filepath.Ext(path) == ".py" {
		return hasSyntaxError(fixed) && !hasSyntaxError(original)
	}
	if isWrangler(path) {
		format := config.FormatOf(path)
		return config.ParseFile(path, fixed, format).Err != nil && config.ParseFile(path, original, format).Err == nil
	}
	return false
}

func hasSyntaxError(text []byte) bool {
	d := source.Open("", 0, text, true)
	defer d.Close()
	return d.Unparsed() || d.Tree().RootNode().HasError()
}

// writeIfUnchanged writes text over the file at path unless its content
// is no longer original (then ErrChangedOnDisk, and the file is left
// alone).
//
// The file is rewritten in place, through the descriptor the content was
// verified on: its inode stays, so mode (setgid bits included), owner,
// ACLs, hard links and a symlink pointing at it are all kept. Replacing
// it with a renamed temporary file, as before, reset owner and mode,
// split hard links, turned a symlink into a copy and made a read-only
// file writable. The check and the write are as close as they can be: the
// content is re-read just before writing, on the same open file.
func writeIfUnchanged(path string, original, text []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("not a regular file; not fixed")
	}
	if info.Mode().Perm()&0o222 == 0 {
		return ErrReadOnly
	}
	f, err := os.OpenFile(path, os.O_RDWR|syscall.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !os.SameFile(st, info) {
		return ErrChangedOnDisk // replaced between the stat and the open
	}
	limit := int64(config.LimitOf(path))
	current, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return err
	}
	if !bytes.Equal(current, original) {
		return ErrChangedOnDisk
	}
	if _, err := f.WriteAt(text, 0); err != nil {
		return fmt.Errorf("writing the fix: %w (the file may be partly written)", err)
	}
	if len(text) < len(original) {
		if err := f.Truncate(int64(len(text))); err != nil {
			return fmt.Errorf("writing the fix: %w", err)
		}
	}
	return f.Sync()
}

// keepFormat gives fixed the line breaks and byte order mark of original
// where the fixers do not: a file with only lone-CR line breaks gets
// lone CRs in the lines fixes insert (they write "\n"), and a leading
// BOM stays first.
func keepFormat(original, fixed []byte) []byte {
	if bytes.IndexByte(original, '\r') >= 0 && bytes.IndexByte(original, '\n') < 0 && bytes.IndexByte(fixed, '\n') >= 0 {
		fixed = bytes.ReplaceAll(fixed, []byte("\r\n"), []byte("\r"))
		fixed = bytes.ReplaceAll(fixed, []byte("\n"), []byte("\r"))
	}
	const bom = "\ufeff"
	if bytes.HasPrefix(original, []byte(bom)) && !bytes.HasPrefix(fixed, []byte(bom)) {
		out := make([]byte, 0, len(fixed)+len(bom))
		out = append(out, bom...)
		if i := bytes.Index(fixed, []byte(bom)); i >= 0 {
			out = append(append(out, fixed[:i]...), fixed[i+len(bom):]...)
		} else {
			out = append(out, fixed...)
		}
		fixed = out
	}
	return fixed
}
