package quickfix

import (
	"sort"
	"sync"
	"unsafe"
)

// nearLine is how far lineStart and lineEnd scan byte by byte before
// turning to an index of the text's line breaks. Fixes of thousands of
// findings on one multi-megabyte line scanned it once per finding
// (seconds per run); normal lines never reach the index.
const nearLine = 1024

// breakIndex holds the offsets of every '\n' and '\r' of the last long-line
// text asked about. Texts are not modified once built (edits make new
// ones), so the slice identity (first byte, length) names the text.
var breakIndex struct {
	sync.Mutex
	data   *byte
	n      int
	breaks []int
}

func lineBreaks(text []byte) []int {
	data := unsafe.SliceData(text)
	breakIndex.Lock()
	defer breakIndex.Unlock()
	if breakIndex.breaks != nil && breakIndex.data == data && breakIndex.n == len(text) {
		return breakIndex.breaks
	}
	breaks := []int{}
	for i, c := range text {
		if c == '\n' || c == '\r' {
			breaks = append(breaks, i)
		}
	}
	breakIndex.data, breakIndex.n, breakIndex.breaks = data, len(text), breaks
	return breaks
}

// lineStartFar is lineStart past nearLine: just after the last break
// before offset.
func lineStartFar(text []byte, offset int) int {
	b := lineBreaks(text)
	k := sort.SearchInts(b, offset) // first break at or after offset
	if k == 0 {
		return 0
	}
	return b[k-1] + 1
}

// lineEndFar is lineEnd past nearLine: the first break at or after
// offset.
func lineEndFar(text []byte, offset int) int {
	b := lineBreaks(text)
	k := sort.SearchInts(b, offset)
	if k == len(b) {
		return len(text)
	}
	return b[k]
}
