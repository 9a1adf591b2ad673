package profile

import (
	_ "embed"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/spelling"
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
// close enough to be a likely typo (at most a third of its characters).
func SuggestFlag(name string) (string, bool) {
	limit := len(name) / 3
	best, bestDist := "", limit+1
	for f := range knownFlags {
		if d := len(f) - len(name); d > limit || -d > limit {
			continue // cannot be within limit
		}
		if d := spelling.Distance(name, f); d < bestDist || (d == bestDist && f < best) {
			best, bestDist = f, d
		}
	}
	return best, best != ""
}
