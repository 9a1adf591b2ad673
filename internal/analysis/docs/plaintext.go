package docs

import (
	"regexp"
	"strings"
)

// Plaintext renders the entry for clients without markdown support: code
// fences become indented blocks, and emphasis, inline-code backticks,
// headings and link syntax are removed.
func (e Entry) Plaintext() string { return plaintext(e.Markdown) }

var (
	headingPattern  = regexp.MustCompile(`^#{1,6} `)
	linkPattern     = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	strongPattern   = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	emphasisPattern = regexp.MustCompile(`\*([^*\s][^*]*)\*`)
)

func plaintext(md string) string {
	var b strings.Builder
	inFence := false
	for _, line := range strings.Split(strings.TrimRight(md, "\n"), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inFence = !inFence
			continue
		}
		if inFence {
			b.WriteString("    ")
			b.WriteString(line)
			b.WriteByte('\n')
			continue
		}
		line = headingPattern.ReplaceAllString(line, "")
		b.WriteString(inlinePlain(line))
		b.WriteByte('\n')
	}
	return b.String()
}

// inlinePlain strips inline markup from one line, leaving the text of
// code spans untouched (they hold `*args` and `dict_converter`).
func inlinePlain(line string) string {
	parts := strings.Split(line, "`")
	// Emphasis around a whole code span ("**`Map`**") has its markers in
	// the prose on either side of the span.
	for i := 0; i+2 < len(parts); i += 2 {
		for _, m := range []string{"**", "*"} {
			if strings.HasSuffix(parts[i], m) && strings.HasPrefix(parts[i+2], m) {
				parts[i], parts[i+2] = strings.TrimSuffix(parts[i], m), strings.TrimPrefix(parts[i+2], m)
				break
			}
		}
	}
	var b strings.Builder
	for i, part := range parts {
		if i%2 == 1 {
			b.WriteString(part) // inside a code span
			continue
		}
		part = linkPattern.ReplaceAllString(part, "$1 ($2)")
		part = strongPattern.ReplaceAllString(part, "$1")
		part = emphasisPattern.ReplaceAllString(part, "$1")
		b.WriteString(part)
	}
	return b.String()
}
