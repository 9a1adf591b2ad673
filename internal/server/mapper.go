package server

import (
	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// mapper converts between LSP positions and byte offsets for one version
// of one document, in the position encoding negotiated at initialize. It
// is the only place where LSP positions are built or read.
type mapper struct {
	lines *source.Lines
	enc   source.Encoding
	uri   string // the document's, for related information
}

// wirePosition is an LSP position as received: int64 so that negative or
// huge values decode (and are clamped) instead of failing the message.
type wirePosition struct {
	Line      int64 `json:"line"`
	Character int64 `json:"character"`
}

type wireRange struct {
	Start wirePosition `json:"start"`
	End   wirePosition `json:"end"`
}

func clampInt(v int64) int {
	const max = 1 << 31
	switch {
	case v < 0:
		return -1
	case v > max:
		return max
	}
	return int(v)
}

// offset converts a received position; out-of-range values clamp.
func (m mapper) offset(p wirePosition) int {
	line, col := clampInt(p.Line), clampInt(p.Character)
	if line < 0 {
		return 0
	}
	if col < 0 {
		col = 0
	}
	return m.lines.Offset(line, col, m.enc)
}

// offsets converts a received range, ordering its ends.
func (m mapper) offsets(r wireRange) (int, int) {
	start, end := m.offset(r.Start), m.offset(r.End)
	if end < start {
		start, end = end, start
	}
	return start, end
}

func (m mapper) position(offset int) protocol.Position {
	line, col := m.lines.Position(offset, m.enc)
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

func (m mapper) rng(start, end int) protocol.Range {
	return protocol.Range{Start: m.position(start), End: m.position(end)}
}
