package source

import (
	"math/rand"
	"strings"
	"testing"
)

// TestLongLineColumnsAgree: on long lines the column index must give the
// columns and offsets a scan from the line start gives, in every
// encoding, for every offset (including inside characters).
func TestLongLineColumnsAgree(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	pieces := []string{"a", "é", "€", "😀", "x = 1; "}
	for _, ascii := range []bool{false, true} {
		var b strings.Builder
		b.WriteString("first\n")
		for b.Len() < 3*longLine+checkpointEvery {
			p := pieces[r.Intn(len(pieces))]
			if ascii {
				p = "ab"
			}
			b.WriteString(p)
		}
		b.WriteString("\nlast\n")
		text := []byte(b.String())
		l := NewLines(text)
		start, end := l.LineStart(1), l.LineEnd(1)
		for _, enc := range []Encoding{UTF16, UTF32, UTF8} {
			for off := start; off <= end; off += 1 + r.Intn(7) {
				line, col := l.Position(off, enc)
				want := columnOf(text[start:off], enc)
				if line != 1 || col != want {
					t.Fatalf("ascii=%v enc=%d Position(%d) = %d:%d, want 1:%d", ascii, enc, off, line, col, want)
				}
			}
			for col := 0; col < end-start+3; col += 1 + r.Intn(7) {
				if got, want := l.Offset(1, col, enc), start+byteIndex(text[start:end], col, enc); got != want {
					t.Fatalf("ascii=%v enc=%d Offset(1, %d) = %d, want %d", ascii, enc, col, got, want)
				}
			}
		}
	}
}

// TestBOMIsNotAColumn: a leading byte order mark does not count.
func TestBOMIsNotAColumn(t *testing.T) {
	l := NewLines([]byte("\ufeffname = 1\n"))
	if _, col := l.Position(3+len("name "), UTF16); col != 5 {
		t.Errorf("column %d, want 5", col)
	}
	if off := l.Offset(0, 5, UTF16); off != 8 {
		t.Errorf("offset %d, want 8", off)
	}
	if _, col := l.Position(0, UTF16); col != 0 {
		t.Errorf("column of the mark %d", col)
	}
}
