package syntax

import "bytes"

// SplitPoint returns where a module's text can be cut so that its two
// parts parse apart into the trees a parse of the whole would join
// (reparse.Join): at is the start of a line near the middle that begins
// a top-level statement, and ws the length of the white space before it
// (the first part keeps it at its end, the second starts with it). at is
// 0 when no line between a quarter and three quarters of the text
// qualifies.
//
// Only the text is read, so a candidate can be inside a string or
// brackets; the parts then have syntax errors, and the caller parses the
// whole instead. Lines starting with else, elif, except or finally
// continue the statement before them, and lines after a decorator belong
// to its definition: both are skipped.
func SplitPoint(text []byte) (at, ws int) {
	mid := len(text) / 2
	if at = nextStatementLine(text, mid, len(text)*3/4); at == 0 {
		at = prevStatementLine(text, mid, len(text)/4)
	}
	if at == 0 {
		return 0, 0
	}
	for ws < at && isSpace(text[at-1-ws]) {
		ws++
	}
	return at, ws
}

// nextStatementLine returns the first statement line starting in
// [from, to), or 0.
func nextStatementLine(text []byte, from, to int) int {
	for p := from; p < to; {
		nl := bytes.IndexByte(text[p:to], '\n')
		if nl < 0 {
			return 0
		}
		p += nl + 1
		if cuttable(text, p) {
			return p
		}
	}
	return 0
}

// prevStatementLine returns the last statement line starting in
// (to, from], or 0.
func prevStatementLine(text []byte, from, to int) int {
	for p := from; p > to; {
		nl := bytes.LastIndexByte(text[to:p], '\n')
		if nl < 0 {
			return 0
		}
		p = to + nl
		if cuttable(text, p+1) {
			return p + 1
		}
	}
	return 0
}

// cuttable reports whether the line starting at p can start a new
// top-level statement: it begins at column 0 with a name, a keyword or a
// decorator, is not a clause continuing the statement before it, and
// does not follow a decorator.
func cuttable(text []byte, p int) bool {
	if !startsStatement(text[p:]) {
		return false
	}
	prev := bytes.TrimRight(text[:p], " \t\r\n\f")
	return !bytes.HasPrefix(prev[bytes.LastIndexByte(prev, '\n')+1:], []byte("@"))
}

func startsStatement(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	c := line[0]
	if c != '_' && c != '@' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
		return false
	}
	for _, kw := range [...]string{"else", "elif", "except", "finally"} {
		if bytes.HasPrefix(line, []byte(kw)) && (len(line) == len(kw) || !isNameByte(line[len(kw)])) {
			return false
		}
	}
	return true
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
