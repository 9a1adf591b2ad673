package check

import (
	"fmt"
	"io"
)

// ANSI styles of the text format (ruff's palette: bold paths, bold red
// codes, cyan separators and fix markers).
const (
	bold    = "\x1b[1m"
	boldRed = "\x1b[1;31m"
	cyan    = "\x1b[36m"
	green   = "\x1b[32m"
	reset   = "\x1b[0m"
)

// painter returns a function that wraps text in a style, or leaves it
// alone when colour is off.
func painter(on bool) func(style, text string) string {
	if !on {
		return func(_, text string) string { return text }
	}
	return func(style, text string) string { return style + text + reset }
}

// errWriter keeps the first write error so a report can print line after
// line and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
