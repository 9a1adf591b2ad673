package analysis

import (
	"regexp"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// suppression is one `# pyworkers: ignore[...]` comment.
type suppression struct {
	Start, End int // the comment
	// Codes lists the suppressed codes with their byte ranges; empty
	// means every code on the line.
	Codes []suppressedCode
}

type suppressedCode struct {
	Code       string
	Start, End int
}

var suppressionPattern = regexp.MustCompile(`pyworkers:\s*ignore(\[([^\]]*)\])?`)

// parseSuppression reads a comment node; ok is false if it holds none.
func parseSuppression(comment syntax.Node) (suppression, bool) {
	text := comment.Text()
	m := suppressionPattern.FindStringSubmatchIndex(text)
	if m == nil {
		return suppression{}, false
	}
	s := suppression{Start: comment.Start(), End: comment.End()}
	if m[4] >= 0 {
		list := text[m[4]:m[5]]
		off := m[4]
		for _, part := range strings.Split(list, ",") {
			code := strings.TrimSpace(part)
			if code != "" {
				at := off + strings.Index(part, code)
				s.Codes = append(s.Codes, suppressedCode{Code: strings.ToUpper(code), Start: comment.Start() + at, End: comment.Start() + at + len(code)})
			}
			off += len(part) + 1
		}
	}
	return s, true
}

// matches reports whether the suppression covers code.
func (s suppression) matches(code string) (int, bool) {
	if len(s.Codes) == 0 {
		return -1, true
	}
	for i, c := range s.Codes {
		if c.Code == code {
			return i, true
		}
	}
	return 0, false
}

func (s suppression) shift(delta int) suppression {
	s.Start += delta
	s.End += delta
	codes := make([]suppressedCode, len(s.Codes))
	for i, c := range s.Codes {
		c.Start += delta
		c.End += delta
		codes[i] = c
	}
	s.Codes = codes
	return s
}
