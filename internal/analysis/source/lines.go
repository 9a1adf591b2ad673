// Package source holds documents: text as bytes, a line index, and an
// incrementally maintained tree-sitter tree. Positions inside the project
// are byte offsets; this package is the one place that converts them to and
// from (line, column) in UTF-16, UTF-8 or code-point units.
package source

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Encoding is the unit of a column.
type Encoding int

const (
	// UTF16 counts UTF-16 code units: the LSP default.
	UTF16 Encoding = iota
	// UTF8 counts bytes.
	UTF8
	// UTF32 counts code points.
	UTF32
)

// Lines indexes the line starts of a text. Lines end at "\n", "\r\n" or a
// lone "\r", as LSP specifies.
type Lines struct {
	text   []byte
	starts []int // byte offset of each line's first byte
	cols   *columns
}

// NewLines indexes text. The text must not be modified afterwards.
func NewLines(text []byte) *Lines {
	if bytes.IndexByte(text, '\r') < 0 {
		// Sized exactly (a count is cheap next to growing a 50 MB file's
		// index by doubling, every step zeroed and copied).
		starts := make([]int, 1, bytes.Count(text, []byte{'\n'})+1)
		// The common case: only "\n" breaks, found with IndexByte.
		for i := 0; ; {
			j := bytes.IndexByte(text[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			starts = append(starts, i)
		}
		return &Lines{text: text, starts: starts, cols: &columns{}}
	}
	starts := make([]int, 1, len(text)/32+1)
	for i := 0; i < len(text); i++ {
		if isLineStart(text, i+1) {
			starts = append(starts, i+1)
		}
	}
	return &Lines{text: text, starts: starts, cols: &columns{}}
}

// isLineStart reports whether a line starts at offset p > 0 of text: after
// "\n", or after a "\r" not followed by "\n".
func isLineStart(text []byte, p int) bool {
	switch text[p-1] {
	case '\n':
		return true
	case '\r':
		return p == len(text) || text[p] != '\n'
	}
	return false
}

// Edited returns the index of text, which is l's text with the bytes
// [start, oldEnd) replaced by text[start:newEnd]. It costs a copy of the
// line starts instead of a scan of the whole text: whether p starts a line
// depends only on the bytes at p-1 and p, so starts before start are kept,
// starts after oldEnd shift, and only the inserted bytes are scanned.
func (l *Lines) Edited(text []byte, start, oldEnd, newEnd int) *Lines {
	delta := newEnd - oldEnd
	// Keep starts < start; rescan [start, newEnd]; shift starts > oldEnd.
	keep := sort.SearchInts(l.starts, max(start, 1)) // 0 always starts a line
	shift := sort.SearchInts(l.starts, oldEnd+1)
	starts := make([]int, 0, len(l.starts)+bytes.Count(text[start:newEnd], []byte{'\n'})+1)
	starts = append(starts, l.starts[:keep]...)
	for p := max(start, 1); p <= newEnd && p <= len(text); p++ {
		if isLineStart(text, p) {
			starts = append(starts, p)
		}
	}
	for _, s := range l.starts[shift:] {
		starts = append(starts, s+delta)
	}
	return &Lines{text: text, starts: starts, cols: &columns{}}
}

// Count is the number of lines (an empty text has one).
func (l *Lines) Count() int { return len(l.starts) }

// LineStart is the byte offset where line begins (clamped to the text).
func (l *Lines) LineStart(line int) int {
	switch {
	case line < 0:
		return 0
	case line >= len(l.starts):
		return len(l.text)
	}
	return l.starts[line]
}

// LineEnd is the offset of line's terminator (or the end of the text).
func (l *Lines) LineEnd(line int) int {
	if line+1 >= len(l.starts) {
		return len(l.text)
	}
	end := l.starts[line+1]
	if end > 0 && l.text[end-1] == '\n' {
		end--
	}
	if end > 0 && l.text[end-1] == '\r' {
		end--
	}
	return end
}

// Line returns the line holding offset (clamped).
func (l *Lines) Line(offset int) int {
	offset = l.clamp(offset)
	lo, hi := 0, len(l.starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

func (l *Lines) clamp(offset int) int {
	if offset < 0 {
		return 0
	}
	if offset > len(l.text) {
		return len(l.text)
	}
	return offset
}

// Position converts a byte offset to (line, column in enc). Offsets past the
// text or inside a line break clamp to the line end.
func (l *Lines) Position(offset int, enc Encoding) (line, col int) {
	offset = l.clamp(offset)
	line = l.Line(offset)
	start := l.starts[line]
	if end := l.LineEnd(line); offset > end {
		offset = end
	}
	if line == 0 && hasBOM(l.text) {
		// A byte order mark is not a column: editors hide it, and
		// `check` must point where they do.
		start = min(len(bom), offset)
	}
	return line, l.column(line, l.text[start:l.LineEnd(line)], offset-start, enc)
}

// Offset converts (line, column in enc) to a byte offset. Lines past the end
// clamp to the end of the text; columns past the end of a line clamp to the
// line end; a column inside a character (half a surrogate pair) rounds down.
func (l *Lines) Offset(line, col int, enc Encoding) int {
	if line < 0 {
		return 0
	}
	if line >= len(l.starts) {
		return len(l.text)
	}
	start, end := l.starts[line], l.LineEnd(line)
	if line == 0 && hasBOM(l.text) {
		start = min(len(bom), end)
	}
	if col <= 0 {
		return start
	}
	return start + l.byteOffset(line, l.text[start:end], col, enc)
}

// columnOf counts the units of enc in b.
func columnOf(b []byte, enc Encoding) int {
	if enc == UTF8 {
		return len(b)
	}
	n := 0
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf { // ASCII: one unit in every encoding
			n++
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		n++
		if enc == UTF16 && r >= 0x10000 && r != utf8.RuneError {
			n++
		}
	}
	return n
}

// byteIndex returns the byte length of the longest prefix of b whose width
// in enc is at most col.
func byteIndex(b []byte, col int, enc Encoding) int {
	if enc == UTF8 {
		if col > len(b) {
			return len(b)
		}
		// Never split a character.
		for col > 0 && col < len(b) && !utf8.RuneStart(b[col]) {
			col--
		}
		return col
	}
	n, i := 0, 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		w := 1
		if enc == UTF16 && r >= 0x10000 {
			w = 2
		}
		if n+w > col {
			break
		}
		n += w
		i += size
	}
	return i
}

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

func hasBOM(text []byte) bool { return len(text) >= len(bom) && string(text[:len(bom)]) == bom }
