package config

import (
	"path/filepath"
	"slices"
	"strings"
)

// IsWorkerInput reports whether a path names one of the files a Worker's
// profile is read from — a wrangler config, pyproject.toml, a lock or
// requirements file, a workerd config — rather than a Python module.
func IsWorkerInput(path string) bool {
	base := filepath.Base(path)
	if slices.Contains(WranglerNames, base) || slices.Contains(LockNames, base) || base == "pyproject.toml" {
		return true
	}
	return strings.HasPrefix(base, "pylock.") && strings.HasSuffix(base, ".toml") || IsWorkerdConfig(path)
}
