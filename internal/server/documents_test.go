package server

import "testing"

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
