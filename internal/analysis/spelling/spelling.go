// Package spelling suggests the name a misspelt one most likely means
// ("did you mean DB?"), for bindings, methods and other identifiers.
package spelling

import "strings"

// Closest returns the candidate nearest to name: one equal ignoring case,
// else the one at the smallest edit distance (ties broken alphabetically)
// if that distance is at most a third of name's length, capped at 3 and
// at least 1. "" when none is close.
func Closest(name string, candidates []string) string {
	best, bestDist := "", 0
	limit := min(max(len(name)/3, 1), 3)
	lower := strings.ToLower(name)
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c
		}
		d := Distance(lower, strings.ToLower(c))
		if d <= limit && (best == "" || d < bestDist || (d == bestDist && c < best)) {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of adjacent characters
// (the usual typos) cost 1. It compares bytes, which is exact for the
// ASCII names it is meant for.
func Distance(a, b string) int {
	// Row i of the table holds the distances between a[:i] and each b[:j];
	// a swap looks two rows back.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
