package quickfix

import (
	"math/rand"
	"strings"
	"testing"
)

// TestLineBoundsOnLongLines: the indexed lookups agree with a plain scan.
func TestLineBoundsOnLongLines(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	var b strings.Builder
	for b.Len() < 20*nearLine {
		switch n := r.Intn(100); {
		case n == 0:
			b.WriteString("\r\n")
		case n == 1:
			b.WriteString("\r")
		case n < 4:
			b.WriteString("\n")
		default:
			b.WriteString(strings.Repeat("x", r.Intn(3*nearLine/2)))
		}
	}
	text := []byte(b.String())
	for off := 0; off <= len(text); off += 1 + r.Intn(97) {
		s, e := off, off
		for s > 0 && text[s-1] != '\n' && text[s-1] != '\r' {
			s--
		}
		for e < len(text) && text[e] != '\n' && text[e] != '\r' {
			e++
		}
		if got := lineStart(text, off); got != s {
			t.Fatalf("lineStart(%d) = %d, want %d", off, got, s)
		}
		if got := lineEnd(text, off); got != e {
			t.Fatalf("lineEnd(%d) = %d, want %d", off, got, e)
		}
	}
}
