package quickfix

import (
	"math/rand"
	"strings"
	"testing"
)

// TestLineBounds: the module's line lookups (source.Lines, the one line
// model) agree with a plain scan for "\n", "\r\n" and lone "\r" breaks on
// long and short lines, and nextLine/newline step over a whole "\r\n".
func TestLineBounds(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var b strings.Builder
	for b.Len() < 40000 {
		switch n := r.Intn(100); {
		case n == 0:
			b.WriteString("\r\n")
		case n == 1:
			b.WriteString("\r")
		case n < 4:
			b.WriteString("\n")
		default:
			b.WriteString(strings.Repeat("x", r.Intn(1500)))
		}
	}
	text := []byte(b.String())
	m := &pyModule{text: text}
	for off := 0; off <= len(text); off += 1 + r.Intn(97) {
		if off > 0 && off < len(text) && text[off-1] == '\r' && text[off] == '\n' {
			continue // inside a "\r\n": no node boundary falls there
		}
		s, e := off, off
		for s > 0 && text[s-1] != '\n' && text[s-1] != '\r' {
			s--
		}
		for e < len(text) && text[e] != '\n' && text[e] != '\r' {
			e++
		}
		next := e
		switch {
		case e+1 < len(text) && text[e] == '\r' && text[e+1] == '\n':
			next = e + 2
		case e < len(text):
			next = e + 1
		}
		if got := m.lineStart(off); got != s {
			t.Fatalf("lineStart(%d) = %d, want %d", off, got, s)
		}
		if got := m.lineEnd(off); got != e {
			t.Fatalf("lineEnd(%d) = %d, want %d", off, got, e)
		}
		if got := m.nextLine(off); got != next {
			t.Fatalf("nextLine(%d) = %d, want %d", off, got, next)
		}
	}
	for text, want := range map[string]string{"a\r\nb\n": "\r\n", "a\nb\r\n": "\n", "a\rb": "\n", "a": "\n", "\r\n": "\r\n"} {
		if got := (&pyModule{text: []byte(text)}).newline(); got != want {
			t.Errorf("newline(%q) = %q, want %q", text, got, want)
		}
	}
}
