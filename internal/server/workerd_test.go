package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkerdWorkersInTheEditor opens a Python file that two Workers of
// a .wd-test embed: it is analysed under both profiles (PW101 for the
// Worker whose date turns legacy handlers off, named in the message),
// the .wd-test's bindings count as declared, and editing the .wd-test
// in the editor re-analyses the file.
func TestWorkerdWorkersInTheEditor(t *testing.T) {
	dir := t.TempDir()
	wdTest := `using Workerd = import "/workerd/workerd.capnp";

const unitTests :Workerd.Config = (
  services = [
    ( name = "legacy", worker = (
        modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
        compatibilityFlags = [%PYTHON_FEATURE_FLAGS, "disable_python_no_global_handlers"],
        bindings = [ ( name = "CACHE", kvNamespace = "kv" ) ] ) ),
    ( name = "modern", worker = (
        modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
        compatibilityDate = "2025-10-01",
        compatibilityFlags = ["python_workers"],
        bindings = [ ( name = "CACHE", kvNamespace = "kv" ) ] ) ),
  ],
);
`
	src := "async def on_fetch(request, env):\n    return await env.CACHE.get(\"k\")\n"
	wdPath, pyPath := filepath.Join(dir, "two.wd-test"), filepath.Join(dir, "worker.py")
	for path, text := range map[string]string{wdPath: wdTest, pyPath: src} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := startServer(t, Options{})
	c.initialize(vscodeCapabilities)
	pyURI, wdURI := pathURI(pyPath), pathURI(wdPath)
	open(c, pyURI, src)

	p := c.waitPublish(pyURI, 1)
	if got := codes(p); strings.Join(got, " ") != "PW101" {
		t.Fatalf("diagnostics = %v", got)
	}
	if msg := p.Diagnostics[0].Message; !strings.HasSuffix(msg, `(in worker "modern" of two.wd-test)`) {
		t.Errorf("PW101 message: %s", msg)
	}

	// Move "modern" before python_no_global_handlers (2025-08-14): the
	// module-level handler now works in both Workers.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": wdURI, "languageId": "capnp", "version": 1, "text": wdTest}})
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": wdURI, "version": 2},
		"contentChanges": []any{map[string]any{"text": strings.Replace(wdTest, "2025-10-01", "2025-06-01", 1)}},
	})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		list := c.diags[pyURI]
		return len(list) > 1 && len(list[len(list)-1].Diagnostics) == 0
	}, "worker.py re-analysed without PW101")
}
