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
// wrangler.toml took 17 s). The line starts of the last text asked about
// are kept, so a run of questions about one file costs one scan and a
// binary search each.
func lineOf(text []byte, offset int) int {
	starts := lineStarts(text)
	return sort.SearchInts(starts, offset+1) - 1
}

var lineCache struct {
	sync.Mutex
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
	if lineCache.starts != nil && lineCache.data == data && lineCache.n == len(text) {
		return lineCache.starts
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
	lineCache.data, lineCache.n, lineCache.starts = data, len(text), starts
	return starts
}
