package server

import (
	"encoding/json"
	"math/rand"
	"testing"
)

// TestUnquoteTextMatchesEncodingJSON decodes random JSON strings — every
// escape, surrogate pairs, lone and reversed surrogates, non-ASCII text
// and invalid UTF-8 — with unquoteText and with encoding/json.
func TestUnquoteTextMatchesEncodingJSON(t *testing.T) {
	pieces := []string{`a`, `def f(x):`, `\n`, `\r\n`, `\t`, `\"`, `\\`, `\/`, `\b`, `\f`, `é`, `日本`, `😀`,
		`\u00e9`, `\u65E5`, `\ud83d\ude00`, `\ud83d`, `\ude00`, `\ude00\ud83d`, `\ud83dx`, `\ud83d\u0041`, `\u0000`,
		"\xff", "\xc3", "\xe6\x97", "\xed\xa0\x80", ` `, `'`, `#`}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var lit []byte
		lit = append(lit, '"')
		for n := r.Intn(12); n > 0; n-- {
			lit = append(lit, pieces[r.Intn(len(pieces))]...)
		}
		lit = append(lit, '"')
		got, err := unquoteText(lit)
		var want string
		werr := json.Unmarshal(lit, &want)
		if (err != nil) != (werr != nil) {
			t.Fatalf("%q: error %v, encoding/json %v", lit, err, werr)
		}
		if err == nil && string(got) != want {
			t.Fatalf("%q: got %q, encoding/json %q", lit, got, want)
		}
	}
	for _, bad := range []string{``, `"`, `x`, `"\"`, `"\x"`, `"\u12"`, `"\u12g4"`} {
		if _, err := unquoteText([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
