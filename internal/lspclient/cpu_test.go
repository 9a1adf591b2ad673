package lspclient

import (
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// A real line's shape, with a space and a parenthesis in the name.
	line := []byte("4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 30 7 3 20 0 11 0 123 456 789")
	got, err := parseStatCPU(line)
	if err != nil {
		t.Fatal(err)
	}
	if want := (250 + 30 + 7 + 3) * 10 * time.Millisecond; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := parseStatCPU([]byte("4242 (x) S 1 2")); err == nil {
		t.Error("a short line parsed")
	}
}
