package profile

import (
	_ "embed"
	"strings"
)

//go:embed compat_flags.txt
var compatFlagsText string

// knownFlags is every compatibility flag name workerd accepts.
var knownFlags = parseFlagList(compatFlagsText)

func parseFlagList(text string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		for _, f := range strings.Fields(line) {
			m[f] = true
		}
	}
	return m
}

// IsKnownFlag reports whether name is a compatibility flag workerd knows
// (any flag, not only the Python ones).
func IsKnownFlag(name string) bool { return knownFlags[name] }

// SuggestFlag returns the known flag closest to an unknown name, if one is
// close enough to be a likely typo.
func SuggestFlag(name string) (string, bool) {
	best, bestDist := "", len(name)/3+1
	for f := range knownFlags {
		if d := editDistance(name, f, bestDist); d < bestDist || (d == bestDist && best != "" && f < best) {
			best, bestDist = f, d
		}
	}
	if best == "" || bestDist > len(name)/3 {
		return "", false
	}
	return best, true
}

// editDistance is the Levenshtein distance of a and b, or a value above
// limit once it is known to exceed it.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
