package server

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
)

// BenchmarkWorkspaceDiagnostic measures workspace/diagnostic over a
// Worker of 20 unopened 500-line modules (10,000 lines): "cached" is the
// repeat pull a client makes while nothing changed (walk, stat, result-id
// compare, "unchanged" reports); "after-save" re-analyses every module, as
// after a save or a config change.
func BenchmarkWorkspaceDiagnostic(b *testing.B) {
	root := b.TempDir()
	files := map[string]string{"wrangler.toml": workspaceTOML, "src/entry.py": entryPy}
	module := string(analysistest.GenerateWorker(500))
	for i := 0; i < 20; i++ {
		files[fmt.Sprintf("src/m%03d.py", i)] = module
	}
	for name, text := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	c := startServer(b, Options{})
	c.initializeIn(root, pullCapabilities)
	entry := pathURI(filepath.Join(root, "src", "entry.py"))
	open(c, entry, entryPy)
	// previous holds the result ids of the last pull, sent back as a
	// client does: unchanged files come back as "unchanged", without items.
	var previous []map[string]string
	pull := func() (full int) {
		var ws struct {
			Items []struct {
				Kind     string `json:"kind"`
				URI      string `json:"uri"`
				ResultID string `json:"resultId"`
			} `json:"items"`
		}
		if err := c.call("workspace/diagnostic", map[string]any{"previousResultIds": previous}, &ws); err != nil {
			b.Fatal(err)
		}
		previous = previous[:0]
		for _, it := range ws.Items {
			previous = append(previous, map[string]string{"uri": it.URI, "value": it.ResultID})
			if it.Kind == "full" {
				full++
			}
		}
		return full
	}
	if n := pull(); n != 21 { // 20 modules and wrangler.toml
		b.Fatalf("%d full reports, want 21", n)
	}
	if n := pull(); n != 0 {
		b.Fatalf("%d full reports on a repeat pull, want 0", n)
	}
	b.Run("cached", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			pull()
		}
	})
	b.Run("after-save", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			c.notify("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": entry}})
			pull()
		}
	})
}
