package server

import (
	"bytes"
	"errors"
	"unicode/utf16"
	"unicode/utf8"
)

// wireText is a text-sync text (a whole file in didOpen or a full
// change), decoded by unquoteText straight into the bytes the document
// keeps. segmentio's string decoding coerces UTF-8 byte by byte and then
// the string was converted again: for a 50 MB didOpen, 0.5 s of the read
// loop, which every later message waits for.
type wireText []byte

func (t *wireText) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = nil
		return nil
	}
	out, err := unquoteText(b)
	if err != nil {
		return err
	}
	*t = out
	return nil
}

var errBadText = errors.New("text is not a JSON string")

// unquoteText decodes a JSON string literal, as encoding/json does: runs
// without escapes are copied whole, a lone surrogate escape and each byte
// of invalid UTF-8 become U+FFFD.
func unquoteText(b []byte) ([]byte, error) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, errBadText
	}
	s := b[1 : len(b)-1]
	out := make([]byte, 0, len(s))
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\\')
		if i < 0 {
			out = append(out, s...)
			break
		}
		out = append(out, s[:i]...)
		s = s[i:]
		if len(s) < 2 {
			return nil, errBadText
		}
		switch c := s[1]; c {
		case '"', '\\', '/':
			out = append(out, c)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(s[2:])
			if !ok {
				return nil, errBadText
			}
			s = s[6:]
			if utf16.IsSurrogate(r) {
				// A pair when a \u escape of the other half follows;
				// otherwise, as encoding/json does, U+FFFD.
				dec := utf8.RuneError
				if len(s) >= 6 && s[0] == '\\' && s[1] == 'u' {
					if r2, ok := hex4(s[2:]); ok {
						dec = utf16.DecodeRune(r, r2)
					}
				}
				if dec != utf8.RuneError {
					s = s[6:]
				}
				r = dec
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return nil, errBadText
		}
		s = s[2:]
	}
	if !utf8.Valid(out) {
		out = coerceUTF8(out)
	}
	return out, nil
}

// hex4 reads four hex digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// coerceUTF8 replaces each byte of invalid UTF-8 with U+FFFD.
func coerceUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n == 1 {
			out = append(out, "\uFFFD"...)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}
