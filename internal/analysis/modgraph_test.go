package analysis_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// TestModuleGraph shows helpers reached through the Worker's module
// graph: relative imports from the importing file's package, absolute
// imports from the main module's directory (not the importer's), and
// modules imported whole and called through their name.
func TestModuleGraph(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"src/entry.py":             "",
		"src/db.py":                "async def save(db, note):\n    await db.prepare('q').bind(note).run()\n",
		"src/handlers/__init__.py": "",
		"src/handlers/util.py":     "def title(data):\n    return data.get('title')\n",
		// A module of the same name beside the importer: absolute imports
		// do not see it.
		"src/handlers/db.py": "async def save(db, note):\n    pass\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prof, _ := profile.Resolve(profile.Input{CompatDate: "2025-11-01", ConfigFile: "wrangler.toml"})
	prof.Main = filepath.Join(dir, "src", "entry.py")
	importer := filepath.Join(dir, "src", "handlers", "api.py")
	lines := func(text string) []int {
		t.Helper()
		doc := source.Open("file://"+importer, 1, []byte(text), true)
		defer doc.Close()
		snap := doc.Snapshot()
		defer snap.Close()
		res := analysis.Analyze(analysis.Input{Snapshot: snap, Profile: prof, Path: importer, Modules: analysis.NewModules()}, nil)
		var out []int
		for _, d := range res.Diagnostics {
			if d.Code == "PW204" {
				out = append(out, strings.Count(text[:d.Start], "\n")+1)
			}
		}
		return out
	}
	head := "from workers import WorkerEntrypoint\n%s\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        data = await request.json()\n        %s\n"
	cases := []struct {
		name, imp, call string
		want            int
	}{
		{"absolute from the main module's directory", "from db import save", "await save(self.env.DB, data.get('n'))", 1},
		{"relative parent package", "from ..db import save", "await save(self.env.DB, data.get('n'))", 1},
		{"relative sibling module", "from .db import save", "await save(self.env.DB, data.get('n'))", 0},
		{"module imported from the package", "from . import util", "await self.env.DB.prepare('q').bind(util.title(data)).run()", 1},
		{"relative module member", "from .util import title", "await self.env.DB.prepare('q').bind(title(data)).run()", 1},
		{"plain import from the main directory", "import db", "await db.save(self.env.DB, data.get('n'))", 1},
		{"module name shadowed locally", "from . import util", "util = None\n        await self.env.DB.prepare('q').bind(util.title(data)).run()", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(strings.Replace(head, "%s", c.imp, 1), "%s", c.call, 1)
			got := lines(text)
			if len(got) != c.want {
				t.Fatalf("%d PW204 at lines %v, want %d\n%s", len(got), got, c.want, text)
			}
		})
	}
}
