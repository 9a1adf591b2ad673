package source

import "testing"

func TestPositionVector(t *testing.T) {
	// DESIGN.md §3: x is at byte 14, UTF-16 column 11, code-point column 10.
	text := []byte(`s = "é😀"; x = 1`)
	l := NewLines(text)
	x := 14
	if text[x] != 'x' {
		t.Fatalf("fixture: byte 14 is %q", text[x])
	}
	for _, tc := range []struct {
		enc Encoding
		col int
	}{{UTF16, 11}, {UTF8, 14}, {UTF32, 10}} {
		line, col := l.Position(x, tc.enc)
		if line != 0 || col != tc.col {
			t.Errorf("Position(14, %v) = %d:%d, want 0:%d", tc.enc, line, col, tc.col)
		}
		if got := l.Offset(0, tc.col, tc.enc); got != x {
			t.Errorf("Offset(0, %d, %v) = %d, want %d", tc.col, tc.enc, got, x)
		}
	}
}

func TestLineEndings(t *testing.T) {
	text := []byte("a\rbb\r\nccc\nd")
	l := NewLines(text)
	if l.Count() != 4 {
		t.Fatalf("Count = %d, want 4", l.Count())
	}
	for _, tc := range []struct {
		offset, line, col int
	}{
		{0, 0, 0}, {1, 0, 1}, {2, 1, 0}, {4, 1, 2}, {5, 1, 2}, {6, 2, 0}, {10, 3, 0}, {11, 3, 1},
	} {
		line, col := l.Position(tc.offset, UTF16)
		if line != tc.line || col != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.offset, line, col, tc.line, tc.col)
		}
	}
	if got := l.Offset(1, 0, UTF16); got != 2 {
		t.Errorf("Offset(1,0) after lone \\r = %d, want 2", got)
	}
}

func TestClamping(t *testing.T) {
	text := []byte("ab\n😀c\n\xff\xfez")
	l := NewLines(text)
	for _, tc := range []struct {
		name           string
		line, col, off int
	}{
		{"negative line", -1, 5, 0},
		{"negative col", 1, -3, 3},
		{"past line end", 0, 99, 2},
		{"past last line", 99, 0, len(text)},
		{"inside surrogate pair", 1, 1, 3},
		{"after surrogate pair", 1, 2, 7},
		{"invalid utf-8", 2, 2, 11},
	} {
		if got := l.Offset(tc.line, tc.col, UTF16); got != tc.off {
			t.Errorf("%s: Offset(%d,%d) = %d, want %d", tc.name, tc.line, tc.col, got, tc.off)
		}
	}
	if line, col := l.Position(-5, UTF16); line != 0 || col != 0 {
		t.Errorf("Position(-5) = %d:%d", line, col)
	}
	if line, col := l.Position(1000, UTF16); line != 2 || col != 3 {
		t.Errorf("Position(1000) = %d:%d, want 2:3", line, col)
	}
	// An offset inside the 4-byte emoji maps to a column, never panics.
	if line, _ := l.Position(5, UTF16); line != 1 {
		t.Errorf("Position(5) line = %d", line)
	}
}
