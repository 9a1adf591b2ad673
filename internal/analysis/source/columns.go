package source

import (
	"sort"
	"sync"
	"unicode/utf8"
)

// longLine is the length past which a line gets a column index. Shorter
// lines are scanned from their start: cheaper than any index.
const longLine = 2048

// checkpointEvery is the spacing of a column index's checkpoints: a
// conversion scans at most this many bytes past the nearest one.
const checkpointEvery = 1024

// columns caches the column index of a Lines' long lines. Without it,
// each conversion on a long line decoded the line from its start: 8,000
// findings on one 3.8 MB line cost 40 s. A pointer, so that Lines stays
// cheap to build and the cache is shared by every reader of one Lines.
type columns struct {
	mu    sync.Mutex
	lines map[int]*lineColumns
}

// lineColumns holds, for one long line, checkpoints at rune starts: the
// byte offset from the line start and the UTF-16 and UTF-32 columns
// there. ascii lines need none (every unit is a byte).
type lineColumns struct {
	ascii bool
	off   []int
	u16   []int
	u32   []int
}

// lineIndex returns the column index of line (whose bytes are b), building
// it on first use.
func (l *Lines) lineIndex(line int, b []byte) *lineColumns {
	c := l.cols
	c.mu.Lock()
	defer c.mu.Unlock()
	if lc := c.lines[line]; lc != nil {
		return lc
	}
	lc := buildLineColumns(b)
	if c.lines == nil {
		c.lines = map[int]*lineColumns{}
	}
	c.lines[line] = lc
	return lc
}

func buildLineColumns(b []byte) *lineColumns {
	lc := &lineColumns{ascii: true}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			lc.ascii = false
			break
		}
	}
	if lc.ascii {
		return lc
	}
	u16, u32, next := 0, 0, 0
	for i := 0; i < len(b); {
		if i >= next {
			lc.off = append(lc.off, i)
			lc.u16 = append(lc.u16, u16)
			lc.u32 = append(lc.u32, u32)
			next = i + checkpointEvery
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		u32++
		u16++
		if r >= 0x10000 && r != utf8.RuneError {
			u16++
		}
	}
	return lc
}

// column converts a byte offset within the line b to a column in enc.
func (l *Lines) column(line int, b []byte, offset int, enc Encoding) int {
	if enc == UTF8 || offset < longLine {
		return columnOf(b[:offset], enc)
	}
	lc := l.lineIndex(line, b)
	if lc.ascii {
		return offset
	}
	k := sort.SearchInts(lc.off, offset+1) - 1
	base := lc.u32[k]
	if enc == UTF16 {
		base = lc.u16[k]
	}
	return base + columnOf(b[lc.off[k]:offset], enc)
}

// byteOffset converts a column in enc within the line b to a byte offset.
func (l *Lines) byteOffset(line int, b []byte, col int, enc Encoding) int {
	if enc == UTF8 || len(b) < longLine || col < longLine/4 {
		return byteIndex(b, col, enc)
	}
	lc := l.lineIndex(line, b)
	if lc.ascii {
		return min(col, len(b))
	}
	cols := lc.u32
	if enc == UTF16 {
		cols = lc.u16
	}
	k := sort.SearchInts(cols, col+1) - 1
	return lc.off[k] + byteIndex(b[lc.off[k]:], col-cols[k], enc)
}
