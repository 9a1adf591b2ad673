package workergen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

func TestModuleSizeAndSyntax(t *testing.T) {
	for _, lines := range []int{500, 5000, 20000} {
		src := Module(lines)
		got := bytes.Count(src, []byte("\n"))
		if got < lines || got > lines+20 {
			t.Errorf("Module(%d) has %d lines", lines, got)
		}
		p := sitter.NewParser()
		p.SetLanguage(syntax.Python())
		tree := p.Parse(nil, src)
		if tree.RootNode().HasError() {
			t.Errorf("Module(%d) has syntax errors", lines)
		}
		tree.Close()
		p.Close()
	}
}

func TestWriteTree(t *testing.T) {
	dir := t.TempDir()
	files, err := WriteTree(dir, 3, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("files = %v", files)
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(filepath.Dir(filepath.Dir(f)), "wrangler.toml")); err != nil {
			t.Errorf("no wrangler.toml beside %s: %v", f, err)
		}
	}
}
