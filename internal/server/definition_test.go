package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// workerFiles is a Worker with a Durable Object class in a module next
// to main, in TOML and JSONC configs.
var workerFiles = map[string]string{
	"src/entry.py":   "from workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return await self.env.DB.prepare('select 1').first()\n",
	"src/counter.py": "from workers import DurableObject\n\n\nclass Counter(DurableObject):\n    pass\n",
}

const workerTOML = `name = "w"
main = "src/entry.py"
compatibility_date = "2025-10-01"
compatibility_flags = ["python_workers"]

[[d1_databases]]
binding = "DB"
database_name = "db"

[[durable_objects.bindings]]
name = "COUNTER"
class_name = "Counter"
`

const workerJSONC = `{
  "name": "w",
  "main": "src/entry.py",
  "compatibility_date": "2025-10-01",
  "compatibility_flags": ["python_workers"],
  // one Durable Object
  "durable_objects": {"bindings": [{"name": "COUNTER", "class_name": "Default"}]},
}
`

func TestConfigDefinition(t *testing.T) {
	tests := []struct {
		name     string
		config   string // file name
		src      string
		at       string // the cursor goes just after this text
		wantFile string // "" for null
		wantText string // the text the target range covers
	}{
		{"toml main", "wrangler.toml", workerTOML, `main = "src/en`, "src/entry.py", ""},
		{"toml class in sibling module", "wrangler.toml", workerTOML, `class_name = "Cou`, "src/counter.py", "Counter"},
		{"jsonc class in main", "wrangler.jsonc", workerJSONC, `"class_name": "Def`, "src/entry.py", "Default"},
		{"toml other value", "wrangler.toml", workerTOML, `database_name = "d`, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, workerFiles)
			writeFiles(t, root, map[string]string{tc.config: tc.src})
			c := startIn(t, root, markdownCapabilities, "")
			uri := pathURI(filepath.Join(root, tc.config))
			i := strings.Index(tc.src, tc.at)
			if i < 0 {
				t.Fatalf("%q not in config", tc.at)
			}
			marked := tc.src[:i+len(tc.at)] + cursor + tc.src[i+len(tc.at):]
			_, pos := openAt(c, uri, marked)
			var loc *protocol.Location
			if err := c.call("textDocument/definition", positionParamsOf(uri, pos), &loc); err != nil {
				t.Fatalf("definition: %v", err)
			}
			if tc.wantFile == "" {
				if loc != nil {
					t.Fatalf("definition = %+v, want null", loc)
				}
				return
			}
			if loc == nil {
				t.Fatal("definition is null")
			}
			want := pathURI(filepath.Join(root, filepath.FromSlash(tc.wantFile)))
			if string(loc.URI) != want {
				t.Fatalf("uri = %s, want %s", loc.URI, want)
			}
			if got := rangeText(workerFiles[tc.wantFile], loc.Range); got != tc.wantText {
				t.Errorf("range covers %q, want %q", got, tc.wantText)
			}
		})
	}
}

// An open, unsaved buffer wins over the file on disk.
func TestConfigDefinitionUsesOpenBuffer(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, workerFiles)
	writeFiles(t, root, map[string]string{"wrangler.toml": workerTOML})
	c := startIn(t, root, markdownCapabilities, "")
	edited := "from workers import DurableObject\n\nclass Other: pass\n\nclass Counter(DurableObject):\n    pass\n"
	open(c, pathURI(filepath.Join(root, "src", "counter.py")), edited)
	uri := pathURI(filepath.Join(root, "wrangler.toml"))
	at := `class_name = "Cou`
	i := strings.Index(workerTOML, at) + len(at)
	_, pos := openAt(c, uri, workerTOML[:i]+cursor+workerTOML[i:])
	var loc *protocol.Location
	if err := c.call("textDocument/definition", positionParamsOf(uri, pos), &loc); err != nil || loc == nil {
		t.Fatalf("definition = %v, %v", loc, err)
	}
	if got := rangeText(edited, loc.Range); got != "Counter" || loc.Range.Start.Line != 4 {
		t.Errorf("range %+v covers %q in the open buffer", loc.Range, got)
	}
}

// TestClassNameFollowsMainImports: the runtime looks a class_name up among
// the main module's names, so an import in main leads to the class (even
// under another name), before any file next to main.
func TestClassNameFollowsMainImports(t *testing.T) {
	const entry = "from workers import WorkerEntrypoint\n%s\n\nclass Default(WorkerEntrypoint):\n    pass\n"
	tests := []struct {
		name     string
		files    map[string]string
		wantFile string
		wantText string
	}{
		{"package module, aliased", map[string]string{
			"src/entry.py":         strings.Replace(entry, "%s", "from durable.rooms import Room as Counter", 1),
			"src/durable/rooms.py": "from workers import DurableObject\n\nclass Room(DurableObject):\n    pass\n",
			"src/counter.py":       "class Counter:\n    pass\n", // a decoy next to main
		}, "src/durable/rooms.py", "Room"},
		{"relative import of a package", map[string]string{
			"src/entry.py":               strings.Replace(entry, "%s", "from .objects import Counter", 1),
			"src/objects/__init__.py":    "from workers import DurableObject\n\nclass Counter(DurableObject):\n    pass\n",
			"src/objects/unrelated.py":   "x = 1\n",
			"src/helpers_not_a_class.py": "def Counter():\n    pass\n",
		}, "src/objects/__init__.py", "Counter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			writeFiles(t, root, tc.files)
			writeFiles(t, root, map[string]string{"wrangler.toml": workerTOML})
			c := startIn(t, root, markdownCapabilities, "")
			uri := pathURI(filepath.Join(root, "wrangler.toml"))
			at := `class_name = "Cou`
			i := strings.Index(workerTOML, at) + len(at)
			_, pos := openAt(c, uri, workerTOML[:i]+cursor+workerTOML[i:])
			var loc *protocol.Location
			if err := c.call("textDocument/definition", positionParamsOf(uri, pos), &loc); err != nil {
				t.Fatalf("definition: %v", err)
			}
			if loc == nil {
				t.Fatal("definition is null")
			}
			if want := pathURI(filepath.Join(root, filepath.FromSlash(tc.wantFile))); string(loc.URI) != want {
				t.Fatalf("uri = %s, want %s", loc.URI, want)
			}
			if got := rangeText(tc.files[tc.wantFile], loc.Range); got != tc.wantText {
				t.Errorf("range covers %q, want %q", got, tc.wantText)
			}
		})
	}
}
