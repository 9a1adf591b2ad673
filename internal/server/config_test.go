package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfigDiagnosticsAndReanalysis opens a Worker's Python file, sees
// the config problems published on wrangler.toml, then edits the config
// in the editor and sees the Python file re-analysed under the new runtime.
func TestConfigDiagnosticsAndReanalysis(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	wrangler := filepath.Join(dir, "wrangler.toml")
	oldConfig := "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-06-01\"\n"
	if err := os.WriteFile(wrangler, []byte(oldConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(dir, "src", "entry.py")
	src := "from pyodide.ffi import jsnull\nfrom workers import WorkerEntrypoint, Response\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(str(jsnull))\n"
	if err := os.WriteFile(entry, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}

	c := startServer(t, Options{})
	c.initialize(strings.Replace(vscodeCapabilities, `"general"`, `"workspace":{},"general"`, 1))
	entryURI, wranglerURI := pathURI(entry), pathURI(wrangler)
	open(c, entryURI, src)

	// 0.26 (2025-06-01): jsnull does not exist (PW207).
	if got := codes(c.waitPublish(entryURI, 1)); !contains(got, "PW207") {
		t.Fatalf("python diagnostics on 0.26: %v", got)
	}
	// wrangler.toml lacks the python_workers flag (PW501), published
	// although the config file is not open.
	if got := codes(c.waitPublish(wranglerURI, -1)); !contains(got, "PW501") {
		t.Fatalf("config diagnostics: %v", got)
	}

	// Open the config and move it to 0.28 with the flag: the Python file
	// is re-analysed and PW207 goes away; the config is clean.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": wranglerURI, "languageId": "toml", "version": 1, "text": oldConfig}})
	newConfig := "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n"
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": wranglerURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": newConfig}},
	})
	if got := codes(c.waitPublish(wranglerURI, 2)); len(got) != 0 {
		t.Fatalf("config still reports %v", got)
	}
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		list := c.diags[entryURI]
		last := list[len(list)-1]
		return len(list) > 1 && !contains(codes(last), "PW207")
	}, "python file re-analysed without PW207")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
