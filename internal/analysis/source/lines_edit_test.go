package source

import (
	"math/rand"
	"reflect"
	"testing"
)

// TestLinesEditedMatchesNewLines edits texts full of every kind of line
// break, including edits that split or join "\r\n", and compares the
// incrementally updated index with a fresh one.
func TestLinesEditedMatchesNewLines(t *testing.T) {
	pieces := []string{"", "a", "\n", "\r", "\r\n", "\n\r", "é😀", "xy\nz", "\r\r\n\n"}
	r := rand.New(rand.NewSource(7))
	for trial := 0; trial < 200; trial++ {
		var text []byte
		for i := r.Intn(12); i > 0; i-- {
			text = append(text, pieces[r.Intn(len(pieces))]...)
		}
		l := NewLines(text)
		for step := 0; step < 30; step++ {
			start := r.Intn(len(text) + 1)
			end := start + r.Intn(len(text)-start+1)
			ins := pieces[r.Intn(len(pieces))]
			next := append(append(append([]byte{}, text[:start]...), ins...), text[end:]...)
			got := l.Edited(next, start, end, start+len(ins))
			want := NewLines(next)
			if !reflect.DeepEqual(got.starts, want.starts) {
				t.Fatalf("edit [%d,%d)→%q of %q: starts %v, want %v", start, end, ins, text, got.starts, want.starts)
			}
			text, l = next, got
		}
	}
}

func TestNewLinesFastPathAgrees(t *testing.T) {
	for _, text := range []string{"", "\n", "a\nb", "a\nb\n", "\n\n\nx"} {
		got := NewLines([]byte(text)).starts
		// The same text with a lone "\r" appended takes the slow path;
		// its starts are those of text plus the end.
		slow := NewLines([]byte(text + "\r")).starts
		if !reflect.DeepEqual(append(append([]int{}, got...), len(text)+1), slow) {
			t.Errorf("%q: fast %v, slow %v", text, got, slow)
		}
	}
}
