package quickfix

import (
	"fmt"
	"strings"
)

// Diff returns a unified diff (3 lines of context) from before to after,
// with path in both headers; "" when they are equal. It diffs lines with
// Myers' O(ND) algorithm: fixes change few lines, so D stays small.
func Diff(path string, before, after []byte) string {
	if string(before) == string(after) {
		return ""
	}
	a, b := splitLines(string(before)), splitLines(string(after))
	ops := myers(a, b)
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", path, path)
	const context = 3
	for i := 0; i < len(ops); {
		if ops[i].kind == opEqual {
			i++
			continue
		}
		// A hunk runs from this change to the last change followed by
		// fewer than 2*context equal lines.
		start := i
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != opEqual {
				end = j + 1
				continue
			}
			if j-end >= 2*context {
				break
			}
		}
		lo := max(start-context, 0)
		for lo < start && ops[lo].kind != opEqual {
			lo++
		}
		hi := min(end+context, len(ops))
		writeHunk(&sb, ops[lo:hi], a, b)
		i = hi
	}
	return sb.String()
}

type opKind int

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// op is one line of the edit script: a line of a (equal, delete) or b (insert).
type op struct {
	kind opKind
	a, b int // line indexes in a and b before this op
}

func writeHunk(sb *strings.Builder, ops []op, a, b []string) {
	first := ops[0]
	na, nb := 0, 0
	for _, o := range ops {
		switch o.kind {
		case opEqual:
			na++
			nb++
		case opDelete:
			na++
		case opInsert:
			nb++
		}
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", hunkRange(first.a, na), hunkRange(first.b, nb))
	for _, o := range ops {
		switch o.kind {
		case opEqual:
			writeLine(sb, ' ', a[o.a])
		case opDelete:
			writeLine(sb, '-', a[o.a])
		case opInsert:
			writeLine(sb, '+', b[o.b])
		}
	}
}

// hunkRange formats a unified diff range: 1-based start, count omitted
// when 1, and the line before the hunk when it is empty.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func writeLine(sb *strings.Builder, prefix byte, line string) {
	sb.WriteByte(prefix)
	sb.WriteString(line)
	if !strings.HasSuffix(line, "\n") {
		sb.WriteString("\n\\ No newline at end of file\n")
	}
}

// splitLines splits s after each "\n", keeping the breaks.
func splitLines(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// maxEditDistance bounds the Myers search (its trace takes O(D²) memory);
// beyond it the changed middle is shown as one replacement.
const maxEditDistance = 2000

// myers computes a shortest edit script from a to b after trimming their
// common prefix and suffix.
func myers(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{opEqual, i, i})
	}
	mid := middleScript(a[pre:len(a)-suf], b[pre:len(b)-suf])
	for _, o := range mid {
		o.a += pre
		o.b += pre
		ops = append(ops, o)
	}
	for i := 0; i < suf; i++ {
		ops = append(ops, op{opEqual, len(a) - suf + i, len(b) - suf + i})
	}
	return ops
}

// middleScript is Myers' greedy algorithm with a trace of the furthest
// reaching paths per D, walked back from the end.
func middleScript(a, b []string) []op {
	n, m := len(a), len(b)
	replace := func() []op {
		var ops []op
		for i := 0; i < n; i++ {
			ops = append(ops, op{opDelete, i, 0})
		}
		for j := 0; j < m; j++ {
			ops = append(ops, op{opInsert, n, j})
		}
		return ops
	}
	if n == 0 || m == 0 {
		return replace()
	}
	maxD := min(n+m, maxEditDistance)
	offset := maxD + 1
	v := make([]int, 2*maxD+3)
	// trace[d] holds v[offset-d .. offset+d] as it was before step d.
	var trace [][]int
	found := false
	for d := 0; d <= maxD && !found; d++ {
		trace = append(trace, append([]int(nil), v[offset-d:offset+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1] // from the diagonal above: an insertion
			} else {
				x = v[offset+k-1] + 1 // from the left: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				found = true
				break
			}
		}
	}
	if !found {
		return replace()
	}
	at := func(d, k int) int { return trace[d][k+d] }
	var rev []op
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		k := x - y
		prevK := k - 1
		if k == -d || (k != d && at(d, k-1) < at(d, k+1)) {
			prevK = k + 1
		}
		prevX := at(d, prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, op{opEqual, x, y})
		}
		if x == prevX {
			y--
			rev = append(rev, op{opInsert, x, y})
		} else {
			x--
			rev = append(rev, op{opDelete, x, y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, op{opEqual, x, y})
	}
	ops := make([]op, len(rev))
	for i := range rev {
		ops[i] = rev[len(rev)-1-i]
	}
	return ops
}
