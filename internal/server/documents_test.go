package server

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
)

// TestKindOf: every file check reads as a Worker input is a project
// document in the server too (an edit to it re-resolves the profile).
func TestKindOf(t *testing.T) {
	for path, want := range map[string]docKind{
		"/w/wrangler.toml":          configDoc,
		"/w/wrangler.jsonc":         configDoc,
		"/w/pyproject.toml":         projectDoc,
		"/w/uv.lock":                projectDoc,
		"/w/pylock.toml":            projectDoc,
		"/w/pylock.dev.toml":        projectDoc,
		"/w/cf-requirements.txt":    projectDoc,
		"/w/requirements.txt":       projectDoc,
		"/w/src/entry.py":           pythonDoc,
		"/w/src/types.pyi":          pythonDoc,
		"/w/README.md":              otherDoc,
		"/w/pylock.toml.bak":        otherDoc,
		"/w/src/wrangler.toml.orig": otherDoc,
	} {
		if got := kindOf("", path); got != want {
			t.Errorf("kindOf(%s) = %v, want %v", path, got, want)
		}
	}
	if kindOf("python", "/w/script") != pythonDoc {
		t.Error("a document with language id python is not Python")
	}
}

// TestWatchedGlobsCoverWorkerInputs: the files the server asks the client
// to watch are the Worker inputs check reads, so a change on disk to any
// of them re-resolves the profile.
func TestWatchedGlobsCoverWorkerInputs(t *testing.T) {
	globs := workerInputGlobs()
	for _, path := range []string{"/w/wrangler.toml", "/w/wrangler.jsonc", "/w/wrangler.json", "/w/pyproject.toml", "/w/uv.lock", "/w/pylock.toml", "/w/pylock.dev.toml", "/w/cf-requirements.txt", "/w/requirements.txt", "/w/config.capnp", "/w/api.wd-test"} {
		if !config.IsWorkerInput(path) {
			t.Fatalf("%s is not a Worker input", path)
		}
		matched := false
		for _, g := range globs {
			if ok, _ := filepath.Match(strings.TrimPrefix(g, "**/"), filepath.Base(path)); ok {
				matched = true
			}
		}
		if !matched {
			t.Errorf("no watched glob matches %s (globs %v)", path, globs)
		}
	}
}
