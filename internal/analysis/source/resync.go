package source

import (
	"bytes"
	"cmp"
	"slices"
	"sort"
	"strings"
)

// An open bracket continues a Python expression across every line after
// it, and tree-sitter's grammar reads it so: typing `json_response({` in
// a method halfway down a 5,000-line Worker, error recovery read the rest
// of the module as part of that expression (90–105 ms a keystroke, where
// a reparse takes ~1 ms), and the tree it gave had lost the class around
// the cursor: its 240 methods came back as 1,174 broken fragments, and
// the keystroke after re-analysed them. A string left open at a line's
// end does the same (the grammar's scanner keeps its quote for the rest
// of the module, so no statement after it can be reused).
//
// The parser therefore reads a text in which such openers are blanked,
// and the error stays on the line being typed:
//   - a bracket still open where a line begins with a keyword that no
//     expression continues into (`def`, `class`, `return`, `import`, …):
//     Python would report it as never closed;
//   - a string (not triple-quoted) that reaches the end of its line: its
//     quote and the rest of the line;
//   - an import statement that names nothing to import (endImport);
//   - what follows the name of a def or class header where its
//     parameters should (brokenHeader);
//   - a line of a class body indented less than the body but not to
//     column 0 (outdented);
//   - the opening quotes of a triple-quoted string whose closing quotes
//     a name follows (mispaired).
//
// A blanked span reads '$' (no Python token: an error the parser skips)
// and then spaces, so every offset, row and column of the tree stays that
// of the text. Valid Python has none of these, so its tree is unchanged
// (TestValidPythonIsNotBlanked). Triple-quoted strings may span lines and
// are left alone.

// blank is a span of the text the parser reads blanked: '$' and spaces,
// or with spaces, spaces only (a line the parser then reads as blank).
type blank struct {
	start, end int
	spaces     bool
}

// resync is a text's blanked spans (sorted) and the line starts, about
// checkpointGap apart, where its scan was clean (no open string, field or
// bracket): an edit is rescanned from the last one before it.
type resync struct {
	blanks []blank
	clean  []checkpoint
}

// checkpoint is a clean line start and the class body the scan was in
// there (scanner.body), which a scan started there begins with.
type checkpoint struct {
	at, body int
}

// cleanBefore returns the index of the last checkpoint before offset at,
// or -1.
func (r *resync) cleanBefore(at int) int {
	return sort.Search(len(r.clean), func(k int) bool { return r.clean[k].at >= at }) - 1
}

// checkpointGap is the least distance between recorded clean line starts:
// an edit rescans about twice this much text.
const checkpointGap = 2048

// scanResync scans the whole of text.
func scanResync(text []byte) *resync {
	s := scanner{text: text, last: -checkpointGap}
	s.run(0, nil)
	slices.SortFunc(s.blanks, compareBlanks)
	return &resync{blanks: s.blanks, clean: s.clean}
}

// edited returns the resync of text, which is the text r was made from
// with [start, oldEnd) replaced by [start, newEnd), and the spans (in
// text's offsets) where the parser's text differs beyond that edit. Only
// the lines from the last clean line start before the edit to the first
// line start after it where both scans are clean are scanned again.
func (r *resync) edited(text []byte, start, oldEnd, newEnd int) (*resync, []blank) {
	delta := newEnd - oldEnd
	// The last clean start before the edit, and before any column-0 header
	// whose block the edit may change (blockLine).
	i := r.cleanBefore(start - pushedWindow)
	from, body := 0, 0
	if i >= 0 {
		from, body = r.clean[i].at, r.clean[i].body
	}
	s := scanner{text: text, last: from, body: body, clean: slices.Clone(r.clean[:i+1])}
	j := r.cleanBefore(oldEnd) + 1
	synced := -1 // the old clean line start the scan met clean
	s.run(from, func(p int) bool {
		if p < newEnd {
			return false
		}
		for j < len(r.clean) && r.clean[j].at < p-delta {
			j++
		}
		// In step only if in the same class body too.
		if j < len(r.clean) && r.clean[j].at == p-delta && r.clean[j].body == s.body {
			synced = p - delta
			return true
		}
		return false
	})
	slices.SortFunc(s.blanks, compareBlanks)
	// The old spans in the rescanned lines, mapped through the edit.
	lo := sort.Search(len(r.blanks), func(k int) bool { return r.blanks[k].start >= from })
	hi := len(r.blanks)
	if synced >= 0 {
		hi = sort.Search(len(r.blanks), func(k int) bool { return r.blanks[k].start >= synced })
	}
	shift := func(x int) int {
		switch {
		case x <= start:
			return x
		case x >= oldEnd:
			return x + delta
		}
		return newEnd
	}
	old := make([]blank, 0, hi-lo)
	for _, b := range r.blanks[lo:hi] {
		if m := (blank{shift(b.start), shift(b.end), b.spaces}); m.end > m.start {
			old = append(old, m)
		}
	}
	slices.SortFunc(old, compareBlanks) // shift keeps the order but for spans it collapsed
	changed := symmetricDifference(old, s.blanks)
	next := &resync{blanks: append(slices.Clone(r.blanks[:lo]), s.blanks...), clean: s.clean}
	if synced >= 0 {
		for _, b := range r.blanks[hi:] {
			next.blanks = append(next.blanks, blank{b.start + delta, b.end + delta, b.spaces})
		}
		for _, c := range r.clean[j:] {
			next.clean = append(next.clean, checkpoint{c.at + delta, c.body})
		}
	}
	return next, changed
}

func compareBlanks(a, b blank) int {
	return cmp.Or(a.start-b.start, a.end-b.end, boolInt(a.spaces)-boolInt(b.spaces))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// symmetricDifference returns the spans of a or b (both sorted) that are
// not in both.
func symmetricDifference(a, b []blank) (out []blank) {
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case j == len(b) || i < len(a) && compareBlanks(a[i], b[j]) < 0:
			out = append(out, a[i])
			i++
		case i == len(a) || compareBlanks(b[j], a[i]) < 0:
			out = append(out, b[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return out
}

// write writes the blanked spans over out, a copy of the text.
func (r *resync) write(out []byte) {
	for _, b := range r.blanks {
		for k := b.start; k < b.end; k++ {
			out[k] = ' '
		}
		if !b.spaces {
			out[b.start] = '$'
		}
	}
}

// frame is an open string, or a replacement field of an f-string (quote
// 0) and the bracket depth at its '{'.
type frame struct {
	quote          byte
	triple, format bool
	start          int // a string's quote
	depth          int // a field's bracket depth
	spec           bool
}

type scanner struct {
	text     []byte
	frames   []frame
	brackets []int // offsets of the open brackets
	blanks   []blank
	clean    []checkpoint
	last     int // the last clean line start recorded
	// imp is where the import statement on the current logical line
	// starts (-1: none), and impBlanks how many blanks there were then.
	imp, impBlanks int
	skip           int // the end of a blanked header span, where the scan resumes
	// glued is a def or class header after the current line's first
	// token, first (gluedDef), or -1.
	glued, first int
	// pushed is a def or class header at column 0 whose block is not
	// read yet, or a simple statement at column 0 in a class body whose
	// next line is not (blockLine); body0 is the class body the scan was
	// in before it.
	pushed struct {
		on, simple              bool
		start, end, body, body0 int
	}
	// body is the indentation of the body of the class statement at
	// column 0 the scan is in, -1 after its header until its first line,
	// 0 outside any (classLine).
	body int
}

// special marks the bytes the scan stops at in code.
var special = func() (t [256]bool) {
	for _, c := range []byte("'\"#\\()[]{}:\n\r") {
		t[c] = true
	}
	return t
}()

// run scans from the clean line start from until the end of the text or
// until stop returns true at a clean line start.
func (s *scanner) run(from int, stop func(p int) bool) {
	text := s.text
	s.imp = -1
	if s.lineStart(from, stop) {
		return
	}
	i := max(from, s.skip)
	defer func() {
		if len(s.frames) == 0 && len(s.brackets) == 0 {
			s.endImport(len(text))
		}
	}()
	for i < len(text) {
		if n := len(s.frames); n > 0 && s.frames[n-1].quote != 0 {
			i = s.inString(i)
			continue
		} else if n > 0 && s.frames[n-1].spec {
			switch text[i] {
			case '{':
				s.frames = append(s.frames, frame{depth: len(s.brackets)})
			case '}':
				s.frames = s.frames[:n-1]
			}
			i++
			continue
		}
		run := i
		for i < len(text) && !special[text[i]] {
			i++
		}
		if s.glued >= run && s.glued < i && len(s.frames) == 0 {
			i = s.blankGlued() // the header is code: not in a string or comment
			continue
		}
		if i == len(text) {
			return
		}
		switch c := text[i]; c {
		case '\'', '"':
			s.openString(i)
			i++
			if s.frames[len(s.frames)-1].triple {
				i += 2
			}
		case '#':
			i = lineEnd(text, i, len(text))
		case '\\':
			i++ // a line continuation: the next line does not start a statement
			if i < len(text) && text[i] == '\r' {
				i++
			}
			if i < len(text) && text[i] == '\n' {
				i++
			}
		case '\n', '\r':
			i++
			if c == '\r' && i < len(text) && text[i] == '\n' {
				continue // CRLF: the line starts after the "\n"
			}
			if s.lineStart(i, stop) {
				return
			}
			i = max(i, s.skip)
		case '(', '[', '{':
			s.brackets = append(s.brackets, i)
			i++
		case ')', ']', '}':
			if n := len(s.frames); c == '}' && n > 0 && len(s.brackets) == s.frames[n-1].depth {
				s.frames = s.frames[:n-1] // the end of a replacement field
			} else if len(s.brackets) > 0 {
				s.brackets = s.brackets[:len(s.brackets)-1]
			}
			i++
		case ':':
			if n := len(s.frames); n > 0 && len(s.brackets) == s.frames[n-1].depth && (i+1 >= len(text) || text[i+1] != '=') {
				s.frames[n-1].spec = true // a field's format spec
			}
			i++
		}
	}
}

// lineStart handles the start of a line at i; it reports whether the scan
// stops there.
func (s *scanner) lineStart(i int, stop func(p int) bool) bool {
	s.glued = -1
	if len(s.frames) == 0 && len(s.brackets) > 0 && startsStatementOnly(s.text[i:]) {
		for _, b := range s.brackets {
			s.blanks = append(s.blanks, blank{start: b, end: b + 1})
		}
		s.brackets = s.brackets[:0]
	}
	if len(s.frames) > 0 || len(s.brackets) > 0 {
		return false
	}
	s.endImport(i)
	first := skipBlanks(s.text, i, false) // the line's first token
	outdented := s.outdented(i, first)
	if !outdented {
		s.blockLine(i, first)
	}
	// A line start is clean only where no header waits for its block.
	if !s.pushed.on {
		if stop != nil && stop(i) {
			return true
		}
		if i-s.last >= checkpointGap || len(s.clean) == 0 {
			s.clean = append(s.clean, checkpoint{i, s.body})
			s.last = i
		}
	}
	if outdented {
		eol := lineEnd(s.text, first, len(s.text))
		s.blanks = append(s.blanks, blank{start: first, end: eol, spaces: true})
		s.skip = eol
		return false
	}
	body := s.body
	s.classLine(i, first)
	s.imp, s.impBlanks = importAt(s.text, first), len(s.blanks)
	if at, eol, ok := brokenHeader(s.text, first); ok {
		s.blanks = append(s.blanks, blank{start: at, end: eol})
		s.skip = eol
	}
	if g := gluedDef(s.text, first); g >= s.skip {
		s.glued, s.first = g, first
	}
	if !s.pushed.on && first == i && s.skip <= i && s.glued < 0 {
		// A simple statement only in a class body, which it would end:
		// elsewhere the error stays on the indented line after it.
		header := headerLine(s.text, i)
		if header || body > 0 && simpleStatement(s.text, first) {
			s.pushed.on, s.pushed.simple, s.pushed.start, s.pushed.end, s.pushed.body, s.pushed.body0 = true, !header, i, lineEnd(s.text, i, len(s.text)), 0, body
		}
	}
	return false
}

// outdented reports whether the line at i (its first token at first) is
// read blank: a line of the body of a class statement at column 0
// indented less than that body but not to column 0 (Python: "unindent
// does not match any outer indentation level"). Typing a method in front
// of another one's header, or taking a header's indentation away, one
// space a keystroke, leaves the header 1–3 columns in: tree-sitter's
// scanner ended the class there and read every method after it as a
// function of the module, so the indentation state of every later
// statement changed and the reparse lexed the rest of the module again
// (130 ms a keystroke at 20,000 lines). Read blank, the line leaves the
// class whole. Only a line the scan reads whole is (simpleLine): a
// bracket or string left open would carry on into lines the parser then
// reads without it.
func (s *scanner) outdented(i, first int) bool {
	indent := first - i
	if s.body <= 0 || indent <= 0 || indent >= s.body || blankLine(s.text, first) || unevenIndent(s.text, i, first) {
		return false
	}
	_, whole := simpleLine(s.text, first)
	return whole
}

// classLine follows the class statement at column 0 the scan is in
// (scanner.body) past the line at i, its first token at first.
func (s *scanner) classLine(i, first int) {
	text := s.text
	switch indent := first - i; {
	case blankLine(text, first):
	case unevenIndent(text, i, first):
		s.body = 0
	case indent == 0:
		s.body = 0
		if wordAt(text, i, "class") && headerLine(text, i) {
			s.body = -1
		}
	case s.body < 0:
		s.body = indent
	}
}

// unevenIndent reports whether the indentation from i to first holds a
// tab or a form feed, which do not count as one column each (a form feed
// resets the count): the indentation rules leave such a line alone.
func unevenIndent(text []byte, i, first int) bool {
	return bytes.ContainsAny(text[i:first], "\t\f")
}

// blankLine reports whether the line whose first token is at first has
// none (blank or a comment).
func blankLine(text []byte, first int) bool {
	return first >= len(text) || text[first] == '\n' || text[first] == '\r' || text[first] == '#'
}

// simpleLine reports whether the line from first is one whole logical
// line: its brackets closed, no triple-quoted string, no string left
// open, no line continuation; end is where its code ends (a comment or
// the line's end).
func simpleLine(text []byte, first int) (end int, ok bool) {
	depth := 0
	var quote byte
	k := first
	for ; k < len(text) && text[k] != '\n' && text[k] != '\r'; k++ {
		c := text[k]
		switch {
		case quote != 0:
			if c == '\\' {
				k++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			if k+2 < len(text) && text[k+1] == c && text[k+2] == c {
				return lineEnd(text, k, len(text)), false
			}
			quote = c
		case c == '#':
			return k, depth == 0
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == '\\':
			return lineEnd(text, k, len(text)), false
		}
	}
	return k, depth == 0 && quote == 0
}

// pushedWindow is how far after a column-0 header its block is looked
// for (blockLine): a rescan starts at least this far before an edit.
const pushedWindow = 2048

// blockLine reads the line at i, whose first token is at first, as part
// of the block of the def or class header at column 0 that waits for it
// (lineStart records one), to find a header whose block the lines after
// it contradict: its body indented, then a line indented less but not to
// column 0 (Python: "unindent does not match any outer indentation
// level"). Typing a method in front of another one's header, the newline
// typed after the new method (a blank line, no indentation) leaves that
// header at column 0: the class ends there, and tree-sitter read the rest
// of it again (150–230 ms a keystroke at 20,000 lines). Such a header
// line is read as a blank line (spaces only), and its body as the body of
// the lines above it. Only a block found within pushedWindow counts. A
// line at column 0 ends the wait either way, so the scan is clean again
// at its start.
func (s *scanner) blockLine(i, first int) {
	text, p := s.text, &s.pushed
	if !p.on {
		return
	}
	if i > p.end+pushedWindow {
		p.on = false
		return
	}
	if blankLine(text, first) {
		return
	}
	switch indent := first - i; {
	case unevenIndent(text, i, first) || indent == 0:
		p.on = false // the wait ends
	case p.simple:
		// Indented after a simple statement (Python: "unexpected
		// indent"), if the statement was on its line alone (brackets
		// and strings it left open blanked, not carried on).
		if onlyBlankLines(text, p.end, i) {
			s.blankPushed()
		}
		p.on = false
	case p.body == 0:
		p.body = indent
	case indent < p.body:
		s.blankPushed()
	}
}

// blankPushed reads the pushed line as a blank line (the spans blanked
// in it go), and the lines after it in the class body it was read to
// end (classLine).
func (s *scanner) blankPushed() {
	p := &s.pushed
	s.blanks = slices.DeleteFunc(s.blanks, func(b blank) bool { return b.start >= p.start && b.end <= p.end })
	s.blanks = append(s.blanks, blank{start: p.start, end: p.end, spaces: true})
	s.body = p.body0
	p.on = false
}

// simpleStatement reports whether the line whose first token is at first
// holds a statement that opens no block: no colon ends its code.
func simpleStatement(text []byte, first int) bool {
	if blankLine(text, first) {
		return false
	}
	end, _ := simpleLine(text, first)
	return !bytes.HasSuffix(bytes.TrimRight(text[first:end], " \t\f"), []byte(":"))
}

// onlyBlankLines reports whether the lines after the line break at from
// and before i are blank or comments.
func onlyBlankLines(text []byte, from, i int) bool {
	for k := from; k < i; {
		k = skipBlanks(text, k+1, false) // past the line break
		if k < i && !blankLine(text, k) {
			return false
		}
		k = lineEnd(text, k, i)
	}
	return true
}

// headerLine reports whether the line at i is a def or class header on
// one line: its keyword first, a colon last, no comment.
func headerLine(text []byte, i int) bool {
	if defAt(text, i) < 0 && !wordAt(text, i, "class") {
		return false
	}
	line := bytes.TrimRight(text[i:lineEnd(text, i, len(text))], " \t")
	return bytes.HasSuffix(line, []byte(":")) && bytes.IndexByte(line, '#') < 0 && bytes.IndexByte(line, '\'') < 0 && bytes.IndexByte(line, '"') < 0
}

// gluedDef returns where a def or class header (its `async`, if any)
// begins on the line whose first token is at k, after that token, or -1.
// Python has no such line: a compound statement starts its line. Typing
// a method in front of another one's header pushes the header along its
// line (`    async def typed(self, env,    async def route(self, r):`,
// `        rows = to_js(items)    async def route(self, r):`), and tree-
// sitter's error recovery then took the class apart there: 245–474 of a
// 5,000-line Worker's units came back as other units and were analysed
// again, a keystroke. The line is blanked from its first token to the header
// (blankGlued): the header keeps its line's indentation, and the pushed
// method its body and its place in the class, until the newline typed
// before it.
func gluedDef(text []byte, k int) int {
	end := lineEnd(text, k, len(text))
	from := k + 1
	if d := defAt(text, k); d >= 0 {
		from = d // after the line's own header keyword
	}
	at := -1
	for _, w := range []string{"def", "class"} {
		if j := wordIn(text, from, end, w); j >= 0 && (at < 0 || j < at) {
			at = j
		}
	}
	if at < 0 {
		return -1
	}
	// `async def`: the header starts at its `async`.
	b := at
	for b > from && (text[b-1] == ' ' || text[b-1] == '\t') {
		b--
	}
	if b-len("async") >= from && wordAt(text, b-len("async"), "async") {
		return b - len("async")
	}
	return at
}

// defAt returns the offset after the `def` of a `def` or `async def`
// at k, or -1.
func defAt(text []byte, k int) int {
	if wordAt(text, k, "async") {
		k = skipBlanks(text, k+len("async"), false)
	}
	if !wordAt(text, k, "def") {
		return -1
	}
	return k + len("def")
}

// wordIn returns the first offset in [from, to) where text has the word
// w, or -1.
func wordIn(text []byte, from, to int, w string) int {
	for from < to {
		j := bytes.Index(text[from:to], []byte(w))
		if j < 0 {
			return -1
		}
		if wordAt(text, from+j, w) {
			return from + j
		}
		from += j + 1
	}
	return -1
}

// blankGlued blanks the current line from its first token to its glued
// header (gluedDef), and forgets the brackets opened there; it returns
// where the scan goes on: the header.
func (s *scanner) blankGlued() int {
	s.blanks = append(s.blanks, blank{start: s.first, end: s.glued})
	s.brackets = s.brackets[:0]
	at := s.glued
	s.glued = -1
	return at
}

// brokenHeader reports whether the line whose first token is at k begins
// a def or class statement that cannot be one: something else than '(' or '[' (or, for
// a class, ':') after its name. It returns the span from the name's end
// to the first of those on the line (or its end). Typing a function in
// front of another one's `def` passes through such headers (`async def
// typeddef event_payload(ident):`), where tree-sitter's error recovery
// kept two parse versions for lines and then reused no statement after
// them: 107,000 tokens lexed again at 20,000 lines. Blanked, the header
// keeps its parameters and body, and a method its class.
func brokenHeader(text []byte, k int) (start, end int, ok bool) {
	opens := "(["
	if wordAt(text, k, "class") {
		k, opens = k+len("class"), "([:"
	} else if k = defAt(text, k); k < 0 {
		return 0, 0, false
	}
	k = skipBlanks(text, k, true)
	for k < len(text) && isWordByte(text[k]) {
		k++
	}
	if next := skipBlanks(text, k, true); next < len(text) && strings.IndexByte(opens, text[next]) >= 0 {
		return 0, 0, false
	}
	end = k
	for end < len(text) && text[end] != '\n' && text[end] != '\r' && strings.IndexByte(opens, text[end]) < 0 {
		end++
	}
	return k, end, end > k
}

// skipBlanks returns the offset of the first byte at or after i that is
// not a space or tab (nor, with continued, a line continuation).
func skipBlanks(text []byte, i int, continued bool) int {
	for i < len(text) {
		switch {
		case text[i] == ' ' || text[i] == '\t' || text[i] == '\f':
			i++
		case continued && text[i] == '\\' && i+1 < len(text) && (text[i+1] == '\n' || text[i+1] == '\r'):
			i += 2
			if text[i-1] == '\r' && i < len(text) && text[i] == '\n' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// lineEnd returns the offset of the first line break at or after i,
// or limit.
func lineEnd(text []byte, i, limit int) int {
	for i < limit && text[i] != '\n' && text[i] != '\r' {
		i++
	}
	return i
}

// endImport blanks the import statement of the logical line ending at
// end, if there is one and it names nothing to import (`from`, `from
// pyodide.ffi`, `import` typed above other imports): its first line. The
// grammar would read on into the next line (`from` then `import js` is
// `from import js`), and the imports after it would go unbound.
func (s *scanner) endImport(end int) {
	at := s.imp
	s.imp = -1
	if at < 0 || len(s.blanks) != s.impBlanks || completeImport(s.text[at:end]) {
		return
	}
	s.blanks = append(s.blanks, blank{start: at, end: lineEnd(s.text, at, end)})
}

// importAt returns i when the line whose first token is at i begins with
// `from` or `import`, or -1.
func importAt(text []byte, i int) int {
	if wordAt(text, i, "from") || wordAt(text, i, "import") {
		return i
	}
	return -1
}

// wordAt reports whether text has the word w at i.
func wordAt(text []byte, i int, w string) bool {
	return i < len(text) && text[i] == w[0] && bytes.HasPrefix(text[i:], []byte(w)) && (i == 0 || !isWordByte(text[i-1])) &&
		(i+len(w) == len(text) || !isWordByte(text[i+len(w)]))
}

// completeImport reports whether stmt, a logical line beginning with
// `from` or `import`, names a module and, for `from`, has `import` and
// something after it.
func completeImport(stmt []byte) bool {
	if !wordAt(stmt, 0, "from") {
		return hasToken(stmt[len("import"):])
	}
	k := len("from")
	for k < len(stmt) && !wordAt(stmt, k, "import") {
		k++
	}
	return k < len(stmt) && hasToken(stmt[len("from"):k]) && hasToken(stmt[k+len("import"):])
}

// hasToken reports whether b holds anything but white space, line
// continuations and comments.
func hasToken(b []byte) bool {
	for k := 0; k < len(b); k++ {
		switch b[k] {
		case ' ', '\t', '\f', '\r', '\n', '\\':
		case '#':
			k = lineEnd(b, k, len(b))
		default:
			return true
		}
	}
	return false
}

// openString pushes the string whose quote is at i. Its prefix is the
// one or two letters before it (of r, b, u, f and t), when no other word
// byte precedes them: `if"{"` is a keyword and a plain string.
func (s *scanner) openString(i int) {
	text := s.text
	f := frame{quote: text[i], start: i}
	k := i
	for k > 0 && i-k < 3 && isWordByte(text[k-1]) {
		k--
	}
	prefix := text[k:i]
	if len(prefix) < 3 && !slices.ContainsFunc(prefix, func(p byte) bool { return !strings.ContainsRune("rbuft", rune(p|0x20)) }) {
		f.format = slices.ContainsFunc(prefix, func(p byte) bool { return p|0x20 == 'f' || p|0x20 == 't' })
	}
	f.triple = i+2 < len(text) && text[i+1] == f.quote && text[i+2] == f.quote
	s.frames = append(s.frames, f)
}

// inString scans the string on top of the frames at i and returns where
// to go on.
func (s *scanner) inString(i int) int {
	text := s.text
	f := &s.frames[len(s.frames)-1]
	switch c := text[i]; {
	case c == '\\':
		if i+2 < len(text) && text[i+1] == '\r' && text[i+2] == '\n' {
			return i + 3
		}
		return i + 2
	case c == f.quote:
		if !f.triple {
			s.frames = s.frames[:len(s.frames)-1]
			return i + 1
		}
		if i+2 < len(text) && text[i+1] == c && text[i+2] == c {
			s.frames = s.frames[:len(s.frames)-1]
			if len(s.frames) == 0 && !f.format && mispaired(text, i+3) {
				// Read from its opener on as code: the opener blanked.
				s.blanks = append(s.blanks, blank{start: f.start, end: f.start + 3})
				return f.start + 3
			}
			return i + 3
		}
	case c == '\n' || c == '\r':
		if !f.triple {
			// Left open at its line's end.
			s.blanks = append(s.blanks, blank{start: f.start, end: i})
			s.frames = s.frames[:len(s.frames)-1]
			return i // the line break is read as code's
		}
	case f.format && (c == '{' || c == '}'):
		if i+1 < len(text) && text[i+1] == c {
			return i + 2 // an escaped brace
		}
		if c == '{' {
			s.frames = append(s.frames, frame{depth: len(s.brackets)})
		}
	}
	return i + 1
}

// mispaired reports whether the triple quotes ending at k closed the
// string they close only by mistake: a name follows them (Python has no
// string followed by a name), as the words of a one-line docstring follow
// its opening quotes. A docstring's opening quotes typed in an editor
// that does not close them pair with the next docstring's, every later
// docstring's quotes pair the other way, and the parser read the rest of
// the module as strings and its strings as code: 54 ms of reparse for
// the keystroke opening it at 20,000 lines and 16–27 ms for each one up
// to its closing quotes. The scan then blanks the opening quotes and
// reads on from them as code (inString). A keyword may follow a string
// (`"""a"""if c else b`), and so may the prefix of the next string of a
// concatenation (`"""a"""f"{b}"`).
func mispaired(text []byte, k int) bool {
	w := k
	for w < len(text) && isWordByte(text[w]) {
		w++
	}
	word := string(text[k:w])
	switch {
	case word == "" || text[k] >= '0' && text[k] <= '9':
		return false
	case slices.Contains([]string{"and", "or", "not", "in", "is", "if", "else", "for", "async", "from"}, word):
		return false
	case w < len(text) && (text[w] == '"' || text[w] == '\'') && len(word) <= 2 && !strings.ContainsFunc(strings.ToLower(word), func(r rune) bool { return !strings.ContainsRune("rbuft", r) }):
		return false // a string prefix
	}
	return true
}

// statementKeywords start statements and never continue an expression.
var statementKeywords = []string{"assert", "break", "class", "continue", "def", "del", "elif", "except", "finally",
	"global", "import", "nonlocal", "pass", "raise", "return", "try", "while", "with"}

// startsStatementOnly reports whether line, after its indentation, begins
// with a keyword no expression continues into (or `async def`).
func startsStatementOnly(line []byte) bool {
	k := skipBlanks(line, 0, false)
	w := k
	for w < len(line) && isWordByte(line[w]) {
		w++
	}
	word := string(line[k:w])
	if word == "async" {
		rest := line[w:]
		n := 0
		for n < len(rest) && (rest[n] == ' ' || rest[n] == '\t') {
			n++
		}
		return n > 0 && len(rest) >= n+4 && string(rest[n:n+3]) == "def" && !isWordByte(rest[n+3])
	}
	_, found := slices.BinarySearch(statementKeywords, word)
	return found
}

// isWordByte reports whether c can be part of an identifier (any byte of
// a multi-byte character counts).
func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
