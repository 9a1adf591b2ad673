package capnp

import (
	"fmt"
	"strings"
)

type tokenKind int

const (
	tEOF tokenKind = iota
	tIdent
	tNumber
	tString
	tData
	tPlaceholder
	tPunct
	tError // text is the message
)

type token struct {
	kind tokenKind
	// text is the identifier, number or punctuation as written, the
	// decoded string, the placeholder's name, or an error message.
	text string
	span Span
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of file"
	case tString:
		return "a string"
	case tData:
		return "a data literal"
	case tPlaceholder:
		return "placeholder %" + t.text
	case tError:
		return t.text
	}
	return fmt.Sprintf("%q", t.text)
}

// lexer splits Cap'n Proto text into tokens, skipping spaces and `#`
// comments.
type lexer struct {
	src []byte
	pos int
}

func (l *lexer) next() token {
	l.skipSpace()
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tEOF, span: Span{start, start}}
	}
	c := l.src[start]
	switch {
	case isIdentStart(c):
		for l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tIdent, text: string(l.src[start:l.pos]), span: Span{start, l.pos}}
	case c >= '0' && c <= '9':
		if c == '0' && start+2 < len(l.src) && (l.src[start+1] == 'x' || l.src[start+1] == 'X') && l.src[start+2] == '"' {
			return l.data()
		}
		return l.number()
	case c == '"' || c == '\'':
		return l.str(c)
	case c == '`':
		return l.block()
	case c == '%':
		l.pos++
		for l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
			l.pos++
		}
		name := string(l.src[start+1 : l.pos])
		if name == "" {
			return token{kind: tError, text: "'%' not followed by a placeholder name", span: Span{start, l.pos}}
		}
		if l.pos < len(l.src) && l.src[l.pos] == '%' {
			l.pos++ // %NAME% form
		}
		return token{kind: tPlaceholder, text: name, span: Span{start, l.pos}}
	}
	switch c {
	case '(', ')', '[', ']', '{', '}', '=', ',', ';', ':', '.', '@', '$', '-', '<', '>':
		l.pos++
		return token{kind: tPunct, text: string(c), span: Span{start, l.pos}}
	}
	l.pos++
	for l.pos < len(l.src) && l.src[l.pos]&0xC0 == 0x80 {
		l.pos++ // the rest of a UTF-8 sequence
	}
	return token{kind: tError, text: fmt.Sprintf("unexpected character %q", l.src[start:l.pos]), span: Span{start, l.pos}}
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			l.pos++
		case '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		default:
			return
		}
	}
}

// number reads a decimal, hex or octal integer or a float, as written.
func (l *lexer) number() token {
	start := l.pos
	if l.src[l.pos] == '0' && l.pos+1 < len(l.src) && (l.src[l.pos+1] == 'x' || l.src[l.pos+1] == 'X') {
		l.pos += 2
		for l.pos < len(l.src) && isHex(l.src[l.pos]) {
			l.pos++
		}
	} else {
		digits := func() {
			for l.pos < len(l.src) && l.src[l.pos] >= '0' && l.src[l.pos] <= '9' {
				l.pos++
			}
		}
		digits()
		if l.pos+1 < len(l.src) && l.src[l.pos] == '.' && l.src[l.pos+1] >= '0' && l.src[l.pos+1] <= '9' {
			l.pos++
			digits()
		}
		if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
			l.pos++
			if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
				l.pos++
			}
			digits()
		}
	}
	if l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
		for l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tError, text: fmt.Sprintf("malformed number %q", l.src[start:l.pos]), span: Span{start, l.pos}}
	}
	return token{kind: tNumber, text: string(l.src[start:l.pos]), span: Span{start, l.pos}}
}

// str reads a quoted string; the token text is the decoded content.
func (l *lexer) str(quote byte) token {
	start := l.pos
	l.pos++
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case '\\':
			l.pos += 2
			continue
		case '\n':
			return token{kind: tError, text: "unterminated string", span: Span{start, l.pos}}
		case quote:
			l.pos++
			body, ok := Unquote(string(l.src[start+1 : l.pos-1]))
			if !ok {
				return token{kind: tError, text: "invalid escape in string", span: Span{start, l.pos}}
			}
			return token{kind: tString, text: body, span: Span{start, l.pos}}
		}
		l.pos++
	}
	l.pos = len(l.src)
	return token{kind: tError, text: "unterminated string", span: Span{start, l.pos}}
}

// block reads a block string: consecutive lines that start with a
// backtick, each contributing the rest of its line and its newline.
func (l *lexer) block() token {
	start := l.pos
	var b strings.Builder
	for l.pos < len(l.src) && l.src[l.pos] == '`' {
		lineStart := l.pos + 1
		for l.pos < len(l.src) && l.src[l.pos] != '\n' {
			l.pos++
		}
		b.Write(l.src[lineStart:l.pos])
		end := l.pos
		if l.pos < len(l.src) {
			b.WriteByte('\n')
			l.pos++
		}
		// The next line continues the block when its first non-blank
		// character is a backtick.
		next := l.pos
		for next < len(l.src) && (l.src[next] == ' ' || l.src[next] == '\t' || l.src[next] == '\r') {
			next++
		}
		if next >= len(l.src) || l.src[next] != '`' {
			l.pos = end
			break
		}
		l.pos = next
	}
	return token{kind: tString, text: b.String(), span: Span{start, l.pos}}
}

// data reads `0x"hex bytes"`; the token text is the hex digits.
func (l *lexer) data() token {
	start := l.pos
	l.pos += 3
	var hex []byte
	for l.pos < len(l.src) && l.src[l.pos] != '"' {
		c := l.src[l.pos]
		switch {
		case isHex(c):
			hex = append(hex, c)
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			for l.pos < len(l.src) && l.src[l.pos] != '"' && l.src[l.pos] != '\n' {
				l.pos++
			}
			return token{kind: tError, text: "invalid character in data literal", span: Span{start, l.pos}}
		}
		l.pos++
	}
	if l.pos >= len(l.src) {
		return token{kind: tError, text: "unterminated data literal", span: Span{start, l.pos}}
	}
	l.pos++
	return token{kind: tData, text: string(hex), span: Span{start, l.pos}}
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }
