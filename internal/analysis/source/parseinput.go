package source

import "bytes"

// MaxParseSize bounds the Python text that is parsed: a larger document
// gets the tree of an empty module and is reported as not analysed
// (Document.Unparsed; check refuses such files with one error). Parse
// and analysis cost grow with the text, and far faster on broken text:
// measured per MB on one core, a realistic module costs ~1.3 s and
// ~120 MB of memory, an unclosed triple-quoted string ~3.5 s and ~280 MB,
// a line of unterminated strings ~10 s. At 1 MiB every such file stays
// under 500 MB and seconds; hand-written modules are far smaller.
const MaxParseSize = 1 << 20

// ParserText is the text tree-sitter parses for a Python source: text,
// or a copy of it of the same length, so that every byte offset, and
// every row and column of the tree, means the same in the original text,
// which is what the rest of the analysis reads. The copy differs in two
// ways:
//   - each lone "\r" is made "\n". CPython reads source with universal
//     newlines (a lone "\r" ends a line), and so does the line index
//     (Lines); the grammar's scanner does not: it takes a lone "\r" as
//     white space, so a file with classic-Mac line endings parses as one
//     huge line through error recovery (a 469 KB file: 4× the CPU time of
//     the same file with "\n", and a tree of errors);
//   - what half-typed code leaves open (a bracket, a string, an import,
//     a def header) is blanked where it would swallow the lines after it
//     (resync.go).
func ParserText(text []byte) []byte {
	if len(text) > MaxParseSize {
		return text
	}
	return parserText(text, scanResync(text))
}

// parserText is ParserText with the blanks of r, text's.
func parserText(text []byte, r *resync) []byte {
	out, copied := lineBreaks(text)
	if r == nil || len(r.blanks) == 0 {
		return out
	}
	if !copied {
		out = append([]byte(nil), text...)
	}
	r.write(out)
	return out
}

// lineBreaks returns text with each lone "\r" made "\n": a copy if there
// is one (copied true), else text.
func lineBreaks(text []byte) (out []byte, copied bool) {
	i := bytes.IndexByte(text, '\r')
	if i < 0 {
		return text, false
	}
	for ; i >= 0 && i < len(text); i = nextCR(text, i+1) {
		if i+1 < len(text) && text[i+1] == '\n' {
			continue // CRLF: the grammar takes it as one line break
		}
		if out == nil {
			out = append([]byte(nil), text...)
		}
		out[i] = '\n'
	}
	if out == nil {
		return text, false
	}
	return out, true
}

// nextCR is the index of the next '\r' at or after from, or -1.
func nextCR(text []byte, from int) int {
	if from >= len(text) {
		return -1
	}
	j := bytes.IndexByte(text[from:], '\r')
	if j < 0 {
		return -1
	}
	return from + j
}
