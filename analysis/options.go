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

func matchParts(glob, path []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(path); i++ {
				if matchParts(glob[1:], path[i:]) {
					return true
				}
			}
			return false
		}
		if len(path) == 0 {
			return false
		}
		if ok, _ := filepath.Match(glob[0], path[0]); !ok {
			return false
		}
		glob, path = glob[1:], path[1:]
	}
	return len(path) == 0
}
