package lookup

import (
	"regexp"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// suppressionList matches the code list of a suppression comment; group
// 1 is the text between the brackets.
var suppressionList = regexp.MustCompile(`pyworkers:\s*ignore\[([^\]]*)\]`)

// ruleCodeAt returns the rule code under offset in a suppression comment
// (`# pyworkers: ignore[PW201, PW202]`); any other comment is Nothing.
func ruleCodeAt(comment syntax.Node, offset int) Target {
	text := comment.Text()
	rel := offset - comment.Start()
	for _, m := range suppressionList.FindAllStringSubmatchIndex(text, -1) {
		if rel < m[2] || rel > m[3] {
			continue
		}
		// Codes are separated by commas and spaces; find the word at rel.
		start, end := rel, rel
		for start > m[2] && isCodeByte(text[start-1]) {
			start--
		}
		for end < m[3] && isCodeByte(text[end]) {
			end++
		}
		if start == end {
			return Target{}
		}
		return Target{Kind: RuleCode, Start: comment.Start() + start, End: comment.Start() + end, Code: strings.ToUpper(text[start:end])}
	}
	return Target{}
}

func isCodeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
