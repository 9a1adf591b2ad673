package config

import (
	"bytes"
	"sort"
	"sync"
	"unsafe"
)

// lineOf returns the 0-based line holding offset in text. Resolving a
// profile asks for the line of every binding and package; counting
// newlines from the start of the file each time is quadratic (a 10 MB
// wrangler.toml took 17 s). The line starts of the last texts asked
// about are kept, so a run of questions about a file costs one scan and
// a binary search each.
func lineOf(text []byte, offset int) int {
	starts := lineStarts(text)
	return sort.SearchInts(starts, offset+1) - 1
}

// lineCache keeps the line starts of the last few texts asked about
// (resolving alternates between a pyproject.toml and its lock).
var lineCache struct {
	sync.Mutex
	entries [4]lineEntry
	next    int
}

type lineEntry struct {
	data   *byte
	n      int
	starts []int
}

// lineStarts returns the offsets where text's lines start (after "\n").
// Config texts are never modified once read, so the identity of the
// slice (its first byte and length) names the text.
func lineStarts(text []byte) []int {
	data := unsafe.SliceData(text)
	lineCache.Lock()
	defer lineCache.Unlock()
	for _, e := range lineCache.entries {
		if e.starts != nil && e.data == data && e.n == len(text) {
			return e.starts
		}
	}
	starts := make([]int, 1, bytes.Count(text, []byte("\n"))+1)
	for i := 0; ; {
		j := bytes.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		starts = append(starts, i)
	}
	lineCache.entries[lineCache.next] = lineEntry{data, len(text), starts}
	lineCache.next = (lineCache.next + 1) % len(lineCache.entries)
	return starts
}
