package syntax

import "bytes"

// Cut is where SplitPoint cuts a module's text so that its two parts
// parse apart into trees that join into the tree of the whole
// (reparse.Join, reparse.JoinClass).
type Cut struct {
	// At is the start of the line the second part begins with (0: no
	// cut), and WS the length of the white space before it: the first
	// part keeps it at its end, the second starts with it.
	At, WS int
	// Class and Header are set when the cut is in the body of a class
	// statement spanning the middle of the text: the start of its class
	// keyword and the end of its header (after the colon). The second
	// part is then the whole text with only the bytes before Header and
	// those from At-WS on included.
	Class, Header int
}

// SplitPoint returns a cut near the middle of text: a line between a
// quarter and three quarters of it that begins a top-level statement or,
// when none does, a statement of the body of the class spanning the
// middle. Only the text is read, so a candidate can be inside a string or
// brackets; the parts then have syntax errors, and the caller parses the
// whole instead. Lines starting with else, elif, except or finally
// continue the statement before them, and lines after a decorator belong
// to its definition: both are skipped.
func SplitPoint(text []byte) Cut {
	from, to := len(text)/4, len(text)*3/4
	if at := near(text, from, to, startsStatement); at > 0 {
		return Cut{At: at, WS: spaceBefore(text, at)}
	}
	return classCut(text, from, to)
}

// classCut returns a cut in the body of the class statement spanning the
// middle of text, or no cut.
func classCut(text []byte, from, to int) Cut {
	// The class: the last line before the middle that starts at column 0
	// with anything but a comment.
	start := lineStart(text, len(text)/2)
	for c := lineByte(text, start); c == 0 || c == '#' || isSpace(c); c = lineByte(text, start) {
		if start == 0 {
			return Cut{}
		}
		start = lineStart(text, start-1)
	}
	if start >= from || !bytes.HasPrefix(text[start:], []byte("class ")) {
		return Cut{}
	}
	nl := bytes.IndexByte(text[start:], '\n')
	if nl < 0 {
		return Cut{}
	}
	eol := start + nl
	header := eol
	if text[header-1] == '\r' {
		header--
	}
	if text[header-1] != ':' {
		return Cut{} // a header over several lines, or one ending in a comment
	}
	// The body's indentation: its first line that is not blank.
	first := eol + 1
	for first < len(text) && (text[first] == '\n' || text[first] == '\r') {
		first++
	}
	indent := first
	for indent < len(text) && (text[indent] == ' ' || text[indent] == '\t') {
		indent++
	}
	ind := text[first:indent]
	if len(ind) == 0 {
		return Cut{}
	}
	inBody := func(line []byte) bool {
		return bytes.HasPrefix(line, ind) && startsStatement(line[len(ind):])
	}
	at := near(text, max(from, first+1), to, inBody)
	if at == 0 {
		return Cut{}
	}
	// The class must span the cut: no line between them starts at column
	// 0 with anything but a comment.
	for p := eol + 1; p < at; {
		if c := lineByte(text, p); c != '#' && !isSpace(c) {
			return Cut{}
		}
		nl := bytes.IndexByte(text[p:at], '\n')
		if nl < 0 {
			break
		}
		p += nl + 1
	}
	return Cut{At: at, WS: spaceBefore(text, at), Class: start, Header: header}
}

// lineStart returns the start of the line holding byte p.
func lineStart(text []byte, p int) int { return bytes.LastIndexByte(text[:p], '\n') + 1 }

// lineByte returns text[p], or 0 past the end.
func lineByte(text []byte, p int) byte {
	if p < len(text) {
		return text[p]
	}
	return 0
}

// near returns the start of the first line in [mid, to), else of the
// last line in [from, mid), that ok accepts and that does not follow a
// decorator; 0 if none.
func near(text []byte, from, to int, ok func(line []byte) bool) int {
	mid := max(from, len(text)/2)
	accept := func(p int) bool { return ok(text[p:]) && !afterDecorator(text, p) }
	for p := mid; p < to; {
		nl := bytes.IndexByte(text[p:to], '\n')
		if nl < 0 {
			break
		}
		p += nl + 1
		if p < to && accept(p) {
			return p
		}
	}
	for p := mid; p > from; {
		nl := bytes.LastIndexByte(text[from:p], '\n')
		if nl < 0 {
			break
		}
		p = from + nl
		if accept(p + 1) {
			return p + 1
		}
	}
	return 0
}

// afterDecorator reports whether the last line before p that is not
// blank is a decorator.
func afterDecorator(text []byte, p int) bool {
	prev := bytes.TrimRight(text[:p], " \t\r\n\f")
	line := bytes.TrimLeft(prev[bytes.LastIndexByte(prev, '\n')+1:], " \t")
	return bytes.HasPrefix(line, []byte("@"))
}

// spaceBefore returns the length of the white space before p.
func spaceBefore(text []byte, p int) int {
	ws := 0
	for ws < p && isSpace(text[p-1-ws]) {
		ws++
	}
	return ws
}

// startsStatement reports whether line can start a statement: it begins
// with a name, a keyword or a decorator, but not with a clause continuing
// the statement before it.
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
