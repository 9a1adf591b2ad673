package config

import "fmt"

// MaxNesting bounds how deeply arrays and tables may nest in a config
// file. hujson's parser recurses per level (2 MB of `[` overflows the
// goroutine stack, a fatal error no recover catches), and so do the TOML
// builder and every walk over the Value tree; real configs nest a few
// levels. A deeper file is one syntax error, found by a linear scan
// before any parser runs.
const MaxNesting = 256

// checkNesting scans text for `[` and `{` outside strings and comments
// and returns an error at the first one that opens level MaxNesting+1.
func checkNesting(text []byte, format Format) *ParseError {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '[', '{':
			depth++
			if depth > MaxNesting {
				return &ParseError{Span: Span{i, i + 1}, Message: fmt.Sprintf("arrays and tables nest deeper than %d levels; the file is not analysed", MaxNesting)}
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '"', '\'':
			if c == '\'' && format != TOML {
				continue
			}
			i = skipString(text, i, format)
		case '#':
			if format == TOML {
				i = skipLine(text, i)
			}
		case '/':
			if format != TOML && i+1 < len(text) {
				switch text[i+1] {
				case '/':
					i = skipLine(text, i)
				case '*':
					i = skipBlockComment(text, i+2)
				}
			}
		}
	}
	return nil
}

// skipString returns the offset of the last byte of the string opening
// at i (or the end of the text when it does not close).
func skipString(text []byte, i int, format Format) int {
	q := text[i]
	if format == TOML && i+2 < len(text) && text[i+1] == q && text[i+2] == q {
		// Multi-line: ends at the next three quotes (escapes only in
		// basic strings).
		for j := i + 3; j+2 < len(text); j++ {
			if q == '"' && text[j] == '\\' {
				j++
				continue
			}
			if text[j] == q && text[j+1] == q && text[j+2] == q {
				return j + 2
			}
		}
		return len(text) - 1
	}
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j
		case '\n':
			if format == TOML {
				return j // single-line strings end at the line (a syntax error)
			}
		}
	}
	return len(text) - 1
}

func skipLine(text []byte, i int) int {
	for ; i < len(text) && text[i] != '\n'; i++ {
	}
	return i
}

func skipBlockComment(text []byte, i int) int {
	for ; i+1 < len(text); i++ {
		if text[i] == '*' && text[i+1] == '/' {
			return i + 1
		}
	}
	return len(text) - 1
}
