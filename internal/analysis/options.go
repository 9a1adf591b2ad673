package analysis

import (
	"path/filepath"
	"strings"
)

// Excluded reports whether path matches one of the Exclude globs.
func (o *Options) Excluded(path string) bool {
	rel := o.relative(path)
	for _, glob := range o.Exclude {
		if globMatch(glob, rel) || globMatch(strings.TrimSuffix(glob, "/")+"/**", rel) {
			return true
		}
	}
	return false
}

// relative returns path relative to Root, slash-separated.
func (o *Options) relative(path string) string {
	rel := path
	if o.Root != "" {
		if r, err := filepath.Rel(o.Root, path); err == nil {
			rel = r
		}
	}
	return filepath.ToSlash(rel)
}

// fileIgnores returns the codes per-file-ignores disable for path.
func (o *Options) fileIgnores(path string) []string {
	if len(o.PerFileIgnores) == 0 || path == "" {
		return nil
	}
	rel := o.relative(path)
	var out []string
	for glob, codes := range o.PerFileIgnores {
		if globMatch(glob, rel) {
			out = append(out, codes...)
		}
	}
	return out
}

// globMatch matches a slash-separated path against a glob where "**"
// spans directories and a pattern without "/" matches the base name.
func globMatch(glob, path string) bool {
	if !strings.Contains(glob, "/") {
		ok, _ := filepath.Match(glob, filepath.Base(path))
		return ok
	}
	return matchParts(strings.Split(glob, "/"), strings.Split(path, "/"))
}

// matchParts matches glob segments against path segments. A "**"
// segment matches any number of path segments. Backtracking over the
// "**"s costs exponential time in their number (12 of them took
// seconds), so this fills the table reach[i][j] = "glob[i:] matches
// path[j:]" instead: one segment match per cell, len(glob)·len(path)
// cells.
func matchParts(glob, path []string) bool {
	g, p := len(glob), len(path)
	next := make([]bool, p+1) // row i+1
	cur := make([]bool, p+1)  // row i
	next[p] = true            // the empty glob matches the empty path
	for i := g - 1; i >= 0; i-- {
		for j := p; j >= 0; j-- {
			switch {
			case glob[i] == "**":
				cur[j] = next[j] || (j < p && cur[j+1])
			case j == p:
				cur[j] = false
			default:
				ok, _ := filepath.Match(glob[i], path[j])
				cur[j] = ok && next[j+1]
			}
		}
		next, cur = cur, next
	}
	return next[0]
}
