package server

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// bindingWorkspaces are one Worker's bindings declared in TOML and in
// JSONC, on an old runtime (raw bindings) and a new one (SDK-wrapped).
var bindingWorkspaces = []struct {
	name, config, text string
	wrapped            bool
}{
	{"toml raw", "wrangler.toml", `name = "w"
main = "src/entry.py"
compatibility_date = "2025-06-01"
compatibility_flags = ["python_workers"]

[[d1_databases]]
binding = "DB"
database_name = "db"

[[kv_namespaces]]
binding = "CACHE"
id = "abc"
`, false},
	{"jsonc wrapped", "wrangler.jsonc", `{
  "name": "w",
  "main": "src/entry.py",
  "compatibility_date": "2026-05-01",
  "compatibility_flags": ["python_workers"],
  // storage
  "d1_databases": [{"binding": "DB", "database_name": "db"}],
  "kv_namespaces": [{"binding": "CACHE", "id": "abc"}],
}
`, true},
}

const bindingEntry = `from workers import WorkerEntrypoint

class Default(WorkerEntrypoint):
    async def fetch(self, request):
        row = await self.env.DB.prepare("select 1").first()
        return await self.env.‸
`

// openBindingWorker writes the workspace, opens src/entry.py with the
// cursor after `self.env.` replaced by completion, and returns the client,
// the entry URI and the entry text.
func openBindingWorker(t *testing.T, config, configText, entry string) (*client, string, string, protocol.Position) {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{config: configText, "src/entry.py": strings.Replace(entry, cursor, "", 1)})
	c := startIn(t, root, markdownCapabilities, "")
	uri := pathURI(filepath.Join(root, "src", "entry.py"))
	text, pos := openAt(c, uri, entry)
	return c, uri, text, pos
}

func TestBindingHoverAndDefinition(t *testing.T) {
	for _, ws := range bindingWorkspaces {
		t.Run(ws.name, func(t *testing.T) {
			entry := strings.Replace(strings.Replace(bindingEntry, cursor, "", 1), "self.env.DB", "self.env.D"+cursor+"B", 1)
			c, uri, text, pos := openBindingWorker(t, ws.config, ws.text, entry)

			var h *protocol.Hover
			if err := c.call("textDocument/hover", positionParamsOf(uri, pos), &h); err != nil || h == nil {
				t.Fatalf("hover = %v, %v", h, err)
			}
			if got := rangeText(text, *h.Range); got != "DB" {
				t.Errorf("hover range covers %q", got)
			}
			line := strings.Count(ws.text[:strings.Index(ws.text, `"DB"`)], "\n") + 1
			want := []string{"**env.DB**: D1 database (`d1_databases`)", ws.config + ":" + strconv.Itoa(line), "#L" + strconv.Itoa(line) + ")", "`prepare(sql)`"}
			if ws.wrapped {
				want = append(want, "workers-runtime-sdk converts across this binding")
			} else {
				want = append(want, "Raw JavaScript binding here", "Pyodide 0.26")
			}
			for _, w := range want {
				if !strings.Contains(h.Contents.Value, w) {
					t.Errorf("hover lacks %q:\n%s", w, h.Contents.Value)
				}
			}

			var loc *protocol.Location
			if err := c.call("textDocument/definition", positionParamsOf(uri, pos), &loc); err != nil || loc == nil {
				t.Fatalf("definition = %v, %v", loc, err)
			}
			if !strings.HasSuffix(string(loc.URI), "/"+ws.config) || rangeText(ws.text, loc.Range) != `"DB"` {
				t.Errorf("definition %s %+v covers %q", loc.URI, loc.Range, rangeText(ws.text, loc.Range))
			}
		})
	}
}

func TestBindingCompletion(t *testing.T) {
	for _, ws := range bindingWorkspaces {
		t.Run(ws.name, func(t *testing.T) {
			c, uri, _, pos := openBindingWorker(t, ws.config, ws.text, bindingEntry)
			var list *protocol.CompletionList
			if err := c.call("textDocument/completion", positionParamsOf(uri, pos), &list); err != nil || list == nil {
				t.Fatalf("completion = %v, %v", list, err)
			}
			var got []string
			for _, it := range list.Items {
				got = append(got, it.Label+": "+it.Detail)
				if it.TextEdit == nil || it.TextEdit.NewText != it.Label || it.TextEdit.Range.Start != pos {
					t.Errorf("%s: edit %+v, want insertion at %+v", it.Label, it.TextEdit, pos)
				}
			}
			want := []string{"CACHE: Workers KV namespace (kv_namespaces)", "DB: D1 database (d1_databases)"}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("items:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func TestUndeclaredBindingHover(t *testing.T) {
	ws := bindingWorkspaces[0]
	entry := strings.Replace(bindingEntry, "self.env.‸", "self.env.MIS‸SING.get('k')", 1)
	c, uri, _, pos := openBindingWorker(t, ws.config, ws.text, entry)
	var h *protocol.Hover
	if err := c.call("textDocument/hover", positionParamsOf(uri, pos), &h); err != nil || h == nil {
		t.Fatalf("hover = %v, %v", h, err)
	}
	if !strings.Contains(h.Contents.Value, "Not declared in `wrangler.toml`") {
		t.Errorf("hover:\n%s", h.Contents.Value)
	}
	var loc *protocol.Location
	if err := c.call("textDocument/definition", positionParamsOf(uri, pos), &loc); err != nil || loc != nil {
		t.Errorf("definition of an undeclared binding = %+v, %v; want null", loc, err)
	}
}
