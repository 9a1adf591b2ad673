package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version and commit are set at link time by release builds:
// -ldflags "-X main.version=0.1.0 -X main.commit=$(git rev-parse HEAD)".
var version, commit string

// moduleVersion is the release version stamped at link time, else the main
// module's version ("(devel)" for source builds).
func moduleVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "(devel)"
}

// buildCommit returns the VCS revision recorded at build time, if any.
func buildCommit() (rev string, modified bool) {
	if commit != "" {
		return commit, false
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "", false
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	return rev, modified
}

// printVersion prints what `gopls version` prints: module, version, Go.
func printVersion(w io.Writer) {
	fmt.Fprintf(w, "pyworkers-lsp %s\n", moduleVersion())
	rev, modified := buildCommit()
	switch {
	case rev == "":
		fmt.Fprintln(w, "    commit: unknown (built without VCS information)")
	case modified:
		fmt.Fprintf(w, "    commit: %s (modified)\n", rev)
	default:
		fmt.Fprintf(w, "    commit: %s\n", rev)
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprintf(w, "    module: %s\n    go: %s\n", info.Main.Path, info.GoVersion)
	}
}
