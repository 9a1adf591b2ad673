package server

import (
	"bytes"
	"strings"
	"testing"

	fastjson "github.com/segmentio/encoding/json"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestPubEncoderMatchesEncoding: the params the encoder builds, from
// findings it has not seen and from those it keeps, are what encoding
// publishParams of the converted findings gives, byte for byte; after
// an edit moves some findings' lines, too.
func TestPubEncoderMatchesEncoding(t *testing.T) {
	text := "import js\n\ndef f(x):\n    s = \"é😀\"\n    return js.fetch(x)\n\ndef g(<y>):\n    return y\n"
	at := func(s string) int { return strings.Index(text, s) }
	ds := []diag.Diagnostic{
		{Code: "PW210", Severity: diag.Warning, Start: at("js.fetch"), End: at("js.fetch") + 8, Message: "a dict <arrives> as a PyProxy & more", Data: map[string]string{"fix": "wrap-to-js"}},
		{Code: "PW101", Severity: diag.Error, Start: at("😀"), End: at("😀") + 4, Message: "é is not ASCII"},
		{Code: "PW102", Severity: diag.Hint, Start: at("g("), End: at("g(") + 1, Message: "tagged", Tags: []diag.Tag{diag.Unnecessary}},
		{Code: "PW103", Severity: diag.Warning, Start: at("return y"), End: at("return y") + 8, Message: "related",
			Related: []diag.Related{{Start: at("<y>"), End: at("<y>") + 3, Message: "y comes from here"}}},
		{Code: "PW104", Severity: diag.Warning, Start: at("s ="), End: at("s =") + 1, Message: "two data entries", Data: map[string]string{"b": "2", "a": "1"}},
		{Code: "PW105", Severity: diag.Warning, Start: at("s ="), End: at("s =") + 1, Message: "empty data key", Data: map[string]string{"": ""}},
		{Code: "PW105", Severity: diag.Warning, Start: at("s ="), End: at("s =") + 1, Message: "empty data key"},
	}
	var e pubEncoder
	check := func(step string, lines *source.Lines, ds []diag.Diagnostic) {
		t.Helper()
		m := mapper{lines: lines, enc: source.UTF16, uri: "file:///w.py"}
		got, err := e.encode("file:///w.py", 7, ds, m, "https://docs.example/rules.md")
		if err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		version := int32(7)
		want, err := fastjson.Append(nil, publishParams{URI: "file:///w.py", Version: &version, Diagnostics: toProtocol(ds, m, "https://docs.example/rules.md")}, encodeFlags)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", step, got, want)
		}
	}
	check("first publish", source.NewLines([]byte(text)), ds)
	check("same findings again", source.NewLines([]byte(text)), ds)
	// Two lines typed at the top: every finding moves down.
	moved := "# a\n# b\n" + text
	shifted := make([]diag.Diagnostic, len(ds))
	for i, d := range ds {
		d.Start, d.End = d.Start+8, d.End+8
		for k := range d.Related {
			d.Related[k].Start += 8
			d.Related[k].End += 8
		}
		shifted[i] = d
	}
	check("findings moved", source.NewLines([]byte(moved)), shifted)
	check("no findings", source.NewLines([]byte(moved)), nil)
	if len(e.prev) != 0 {
		t.Errorf("after a publish of no findings the encoder keeps %d", len(e.prev))
	}
}

// BenchmarkPubEncoder: a keystroke's publish of 269 findings, all kept
// from the publish before, against converting and encoding them anew.
func BenchmarkPubEncoder(b *testing.B) {
	text := []byte(strings.Repeat("    return js.fetch(to_js(payload))\n", 20000))
	lines := source.NewLines(text)
	var ds []diag.Diagnostic
	for i := range 269 {
		off := i * 70 * 36
		ds = append(ds, diag.Diagnostic{Code: "PW210", Severity: diag.Warning, Start: off + 11, End: off + 19,
			Message: strings.Repeat("a dict passed to js.fetch() arrives as a PyProxy; ", 7), Data: map[string]string{"fix": "wrap-to-js"}})
	}
	m := mapper{lines: lines, enc: source.UTF16, uri: "file:///w.py"}
	b.Run("kept", func(b *testing.B) {
		var e pubEncoder
		for b.Loop() {
			if _, err := e.encode("file:///w.py", 3, ds, m, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("anew", func(b *testing.B) {
		version := int32(3)
		for b.Loop() {
			if _, err := fastjson.Append(nil, publishParams{URI: "file:///w.py", Version: &version, Diagnostics: toProtocol(ds, m, "")}, encodeFlags); err != nil {
				b.Fatal(err)
			}
		}
	})
}
