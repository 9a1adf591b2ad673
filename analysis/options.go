package analysis

import (
	"path/filepath"
	"strings"
)

// fileIgnores returns the codes per-file-ignores disable for path.
func (o *Options) fileIgnores(path string) []string {
	if len(o.PerFileIgnores) == 0 || path == "" {
		return nil
	}
	rel := path
	if o.Root != "" {
		if r, err := filepath.Rel(o.Root, path); err == nil {
			rel = r
		}
	}
	rel = filepath.ToSlash(rel)
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
