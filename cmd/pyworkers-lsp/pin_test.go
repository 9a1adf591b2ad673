package main

import (
	"os"
	"regexp"
	"runtime/debug"
	"testing"
)

// pinned lists modules whose version must not move: jsonrpc2 v1.x shares
// the module path and breaks go.lsp.dev/protocol v0.12.
var pinned = map[string]string{
	"go.lsp.dev/jsonrpc2": "v0.10.0",
	"go.lsp.dev/protocol": "v0.12.1-0.20240429031601-dd685d4561a3",
}

func TestDependencyPins(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for mod, version := range pinned {
		re := regexp.MustCompile(`(?m)^\s*(require\s+)?` + regexp.QuoteMeta(mod) + `\s+(\S+)`)
		m := re.FindSubmatch(gomod)
		if m == nil || string(m[2]) != version {
			t.Errorf("go.mod requires %s %s, want %s", mod, m2(m), version)
		}
	}
	// The version the build actually resolved (a replace or a newer
	// requirement elsewhere would show here).
	info, ok := debug.ReadBuildInfo()
	if !ok {
		t.Fatal("no build info in test binary")
	}
	found := map[string]string{}
	for _, dep := range info.Deps {
		v := dep.Version
		if dep.Replace != nil {
			v = "replaced by " + dep.Replace.Path + " " + dep.Replace.Version
		}
		found[dep.Path] = v
	}
	for mod, version := range pinned {
		if found[mod] != version {
			t.Errorf("build resolved %s to %q, want %s", mod, found[mod], version)
		}
	}
}

func m2(m [][]byte) string {
	if m == nil {
		return "(missing)"
	}
	return string(m[2])
}
