package server

import (
	"strconv"

	fastjson "github.com/segmentio/encoding/json"
	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// encodeFlags are how the stream encodes every notification's params.
const encodeFlags = fastjson.EscapeHTML | fastjson.SortMapKeys

// pubEncoder encodes the params of one document's publishDiagnostics,
// each finding's JSON taken from the publish before when it is the same
// finding at the same range: a keystroke changes the findings of a unit
// or two, and converting and encoding all of them again (269 findings,
// 173 KB, in the 20,000-line bench Worker) took 0.7 ms of a keystroke's
// 2.5. The output is byte for byte what encoding publishParams gives
// (TestPubEncoderMatchesEncoding). Only the hot documents have one
// (touchLocked): with every document keeping its last publish, the
// hostile suite's 2,000 open documents peaked at 499–504 MB, over its
// 500 MB bound (366 MB before). Not safe for concurrent use: a
// document's worker publishes one analysis at a time.
type pubEncoder struct {
	prev, cur map[pubKey][]byte
	buf       []byte
}

// pubKey is what a finding's JSON depends on. Findings with tags or
// related places, or more than one data entry, are not kept.
type pubKey struct {
	rng          protocol.Range
	sev          diag.Severity
	code, msg    string
	data         bool
	dataK, dataV string
	docs         string
}

// encode returns the params of a publish of ds (findings of the document
// uri at version, mapped by m, docs the base of rule links). The result
// is the encoder's until the next call.
func (e *pubEncoder) encode(uri string, version int32, ds []diag.Diagnostic, m mapper, docs string) ([]byte, error) {
	if e.cur == nil {
		e.prev, e.cur = map[pubKey][]byte{}, map[pubKey][]byte{}
	}
	b := append(e.buf[:0], `{"uri":`...)
	b, err := fastjson.Append(b, uri, encodeFlags)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(version), 10)
	b = append(b, `,"diagnostics":[`...)
	for i := range ds {
		if i > 0 {
			b = append(b, ',')
		}
		d := &ds[i]
		key, keep := keyOf(d, m, docs)
		if keep {
			if enc, ok := e.prev[key]; ok {
				e.cur[key] = enc
				b = append(b, enc...)
				continue
			}
		}
		at := len(b)
		if b, err = fastjson.Append(b, toProtocol(ds[i:i+1], m, docs)[0], encodeFlags); err != nil {
			return nil, err
		}
		if keep {
			e.cur[key] = append([]byte(nil), b[at:]...)
		}
	}
	b = append(b, "]}"...)
	e.prev, e.cur = e.cur, e.prev
	clear(e.cur)
	if cap(b) <= maxKeptEncoding {
		e.buf = b
	}
	return b, nil
}

// keyOf returns the key of d's JSON, and whether it is kept.
func keyOf(d *diag.Diagnostic, m mapper, docs string) (pubKey, bool) {
	if len(d.Tags) > 0 || len(d.Related) > 0 || len(d.Data) > 1 {
		return pubKey{}, false
	}
	k := pubKey{rng: m.rng(d.Start, d.End), sev: d.Severity, code: d.Code, msg: d.Message, docs: docs}
	for key, v := range d.Data {
		k.data, k.dataK, k.dataV = true, key, v
	}
	return k, true
}
