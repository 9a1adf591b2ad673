package quickfix

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// suppressionPattern matches the suppression inside a comment, as the
// analysis driver reads it.
var suppressionPattern = regexp.MustCompile(`pyworkers:\s*ignore(\[([^\]]*)\])?`)

// suppressFix returns "Ignore CODE on this line": it extends a
// `# pyworkers: ignore[...]` comment on the diagnostic's first line or
// appends one. Lines that end inside a string or with a backslash
// continuation get none (a comment there would change the code), and so
// do findings no comment suppresses: those of rules without a Python
// analyzer (PW001, PW002, config rules) and any in a config file.
func suppressFix(c *fixContext) (Fix, bool) {
	text := c.text()
	r := rules.ByCode(c.d.Code)
	if c.isConfig() || r == nil || (r.Unit == nil && r.Module == nil) {
		return Fix{}, false
	}
	m := c.module()
	ls, eol := m.lineStart(c.d.Start), m.lineEnd(c.d.Start)
	if m.insideString(eol) {
		return Fix{}, false
	}
	comments := m.commentsIn(ls, eol)
	title := fmt.Sprintf("Ignore %s on this line", c.d.Code)
	fix := Fix{Title: title, Code: c.d.Code, Suppression: true}
	for _, cm := range comments {
		body := string(text[cm[0]:cm[1]])
		loc := suppressionPattern.FindStringSubmatchIndex(body)
		if loc == nil {
			continue
		}
		if loc[2] < 0 {
			return Fix{}, false // a bare `ignore` already covers every code
		}
		list := body[loc[4]:loc[5]]
		sep := ", "
		if strings.TrimSpace(list) == "" {
			sep = ""
		}
		at := cm[0] + loc[5]
		// Insert after the last code, before any spaces preceding `]`.
		for at > cm[0]+loc[4] && (text[at-1] == ' ' || text[at-1] == '\t') {
			at--
		}
		fix.Edits = []Edit{edit(at, at, sep+c.d.Code)}
		return fix, true
	}
	end := eol
	for end > ls && (text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	if end > ls && text[end-1] == '\\' {
		return Fix{}, false
	}
	sep := "  "
	if end == ls {
		sep = ""
	}
	fix.Edits = []Edit{edit(end, eol, sep+"# pyworkers: ignore["+c.d.Code+"]")}
	return fix, true
}

// commentsIn returns the ranges of the comments starting in [start, end).
// The module's comments are listed once and searched: scanning the units
// of the line per finding was quadratic for thousands of findings on one
// line.
func (m *pyModule) commentsIn(start, end int) [][2]int {
	if m.root != nil {
		return m.commentsNear(start, end)
	}
	if m.comments == nil {
		m.comments = [][2]int{}
		for ti := range m.units {
			t := m.tree(ti)
			for j := 0; j < t.Len(); j++ {
				if n := t.At(j); n.Type() == syntax.TypeComment {
					m.comments = append(m.comments, [2]int{n.Start(), n.End()})
				}
			}
		}
		sort.Slice(m.comments, func(i, j int) bool { return m.comments[i][0] < m.comments[j][0] })
	}
	i := sort.Search(len(m.comments), func(i int) bool { return m.comments[i][0] >= start })
	var out [][2]int
	for ; i < len(m.comments) && m.comments[i][0] < end; i++ {
		out = append(out, m.comments[i])
	}
	return out
}

// commentsNear is commentsIn for a module whose units are flattened on
// demand: only the units the range touches are read (a code action on
// one line of a large module flattens that line's unit), and each unit's
// comments are listed once.
func (m *pyModule) commentsNear(start, end int) [][2]int {
	if m.unitComments == nil {
		m.unitComments = map[int][][2]int{}
	}
	var out [][2]int
	for i := sort.Search(len(m.units), func(i int) bool { return m.units[i].End > start }); i < len(m.units) && m.units[i].Start < end; i++ {
		cs, ok := m.unitComments[i]
		if !ok {
			t := m.tree(i)
			for j := 0; j < t.Len(); j++ {
				if n := t.At(j); n.Type() == syntax.TypeComment {
					cs = append(cs, [2]int{n.Start(), n.End()})
				}
			}
			m.unitComments[i] = cs
		}
		for _, c := range cs {
			if start <= c[0] && c[0] < end {
				out = append(out, c)
			}
		}
	}
	return out
}

// insideString reports whether offset lies strictly inside a string
// literal (a line break in a triple-quoted string).
func (m *pyModule) insideString(offset int) bool {
	u := m.unitAt(offset)
	if u < 0 {
		return false
	}
	t := m.tree(u)
	for j := 0; j < t.Len(); j++ {
		n := t.At(j)
		if n.Type() == syntax.TypeString && n.Start() < offset && offset < n.End() {
			return true
		}
	}
	return false
}

// fixRemoveSuppression fixes PW001: it removes the unused code from the
// list (Data["code"]) or, when none is left or the comment is a bare
// `ignore`, the suppression and its comment.
func fixRemoveSuppression(c *fixContext) []Fix {
	text := c.text()
	if c.isConfig() {
		return nil
	}
	m := c.module()
	var cm [2]int
	found := false
	for _, r := range m.commentsIn(m.lineStart(c.d.Start), m.lineEnd(c.d.Start)) {
		if r[0] <= c.d.Start && c.d.End <= r[1] {
			cm, found = r, true
		}
	}
	if !found {
		return nil
	}
	body := string(text[cm[0]:cm[1]])
	loc := suppressionPattern.FindStringSubmatchIndex(body)
	if loc == nil {
		return nil
	}
	code := c.d.Data["code"]
	if code != "" && loc[4] >= 0 {
		codes := splitCodes(body[loc[4]:loc[5]], cm[0]+loc[4])
		var keep []string
		var target *codeSpan
		for i := range codes {
			if codes[i].start == c.d.Start && strings.EqualFold(codes[i].code, code) {
				target = &codes[i]
			} else {
				keep = append(keep, codes[i].code)
			}
		}
		if target == nil {
			return nil
		}
		if len(keep) > 0 {
			return []Fix{{
				Title: fmt.Sprintf("Remove unused %s from the suppression", code),
				Edits: []Edit{edit(cm[0]+loc[4], cm[0]+loc[5], strings.Join(keep, ", "))},
			}}
		}
	}
	return []Fix{{Title: "Remove unused suppression comment", Edits: []Edit{m.removeCommentPart(cm[0], cm[1], cm[0]+loc[0], cm[0]+loc[1])}}}
}

type codeSpan struct {
	code  string
	start int
}

// splitCodes splits the list inside `ignore[...]` at base.
func splitCodes(list string, base int) []codeSpan {
	var out []codeSpan
	off := 0
	for _, part := range strings.Split(list, ",") {
		if code := strings.TrimSpace(part); code != "" {
			out = append(out, codeSpan{code: code, start: base + off + strings.Index(part, code)})
		}
		off += len(part) + 1
	}
	return out
}

// removeCommentPart removes the suppression [sStart, sEnd) from the comment
// [cStart, cEnd): with its own `#` when it is a comment of its own within
// the comment text (`# noqa  # pyworkers: ignore  # note`), with the whole
// comment and the spaces before it when nothing else is left, and with the
// whole line when the line holds nothing else.
func (m *pyModule) removeCommentPart(cStart, cEnd, sStart, sEnd int) Edit {
	text := m.text
	start := sStart
	for start > cStart && (text[start-1] == ' ' || text[start-1] == '\t') {
		start--
	}
	ownHash := start > cStart && text[start-1] == '#'
	if ownHash {
		start--
	}
	end := sEnd
	for end < cEnd && (text[end] == ' ' || text[end] == '\t') {
		end++
	}
	switch {
	case end < cEnd && ownHash && text[end] == '#':
		// Another comment follows: it takes this one's place.
		return edit(start, end, "")
	case end < cEnd:
		// Text follows inside the comment: keep it, drop the suppression.
		return edit(sStart, end, "")
	case start > cStart:
		// Text precedes inside the comment: drop the tail.
		for start > cStart && (text[start-1] == ' ' || text[start-1] == '\t') {
			start--
		}
		return edit(start, cEnd, "")
	}
	// The whole comment goes.
	ls := m.lineStart(cStart)
	if isBlank(text, ls, cStart) && isBlank(text, cEnd, m.lineEnd(cEnd)) {
		return edit(ls, m.nextLine(cEnd), "")
	}
	for start > ls && (text[start-1] == ' ' || text[start-1] == '\t') {
		start--
	}
	return edit(start, cEnd, "")
}
