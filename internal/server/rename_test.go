package server

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

const renameTOML = `name = "w"
main = "src/entry.py"
compatibility_date = "2026-05-01"
compatibility_flags = ["python_workers"]

[[kv_namespaces]]
binding = "CACHE"
id = "abc"

[env.staging]
[[env.staging.kv_namespaces]]
binding = "CACHE"
id = "def"
`

const renameEntry = `from workers import WorkerEntrypoint, Response


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        v = await self.env.CACHE.get("k")
        request.CACHE = 1
        return Response(v)
`

const renameHelper = `from workers import WorkerEntrypoint


class Admin(WorkerEntrypoint):
    async def fetch(self, request):
        return await self.env.CACHE.get("n")
`

// renameWorker opens src/entry.py of a Worker whose CACHE binding is
// declared twice (top level and env.staging) and read in entry.py and in
// helper.py, which stays closed.
func renameWorker(t *testing.T) (*client, string) {
	t.Helper()
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"wrangler.toml": renameTOML, "src/entry.py": renameEntry, "src/helper.py": renameHelper})
	c := startServer(t, Options{})
	c.initializeIn(root, `{}`)
	open(c, pathURI(filepath.Join(root, "src", "entry.py")), renameEntry)
	return c, root
}

func position(text, needle string, delta int) protocol.Position {
	i := strings.Index(text, needle) + delta
	line := strings.Count(text[:i], "\n")
	return protocol.Position{Line: uint32(line), Character: uint32(i - strings.LastIndex(text[:i], "\n") - 1)}
}

// editsByFile renders a workspace edit as "file:line:col→text", sorted.
func editsByFile(root string, changes map[protocol.DocumentURI][]protocol.TextEdit) []string {
	var out []string
	for uri, edits := range changes {
		rel, _ := filepath.Rel(root, uriPath(string(uri)))
		for _, e := range edits {
			out = append(out, filepath.ToSlash(rel)+":"+itoa(int(e.Range.Start.Line))+":"+itoa(int(e.Range.Start.Character))+"-"+itoa(int(e.Range.End.Character))+"→"+e.NewText)
		}
	}
	sort.Strings(out)
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestRenameBinding renames CACHE from a read in entry.py: both
// declarations in wrangler.toml and the reads in entry.py and the closed
// helper.py change; request.CACHE, which is not the binding, does not.
func TestRenameBinding(t *testing.T) {
	c, root := renameWorker(t)
	entry := pathURI(filepath.Join(root, "src", "entry.py"))
	at := map[string]any{"textDocument": map[string]any{"uri": entry}, "position": position(renameEntry, "CACHE.get", 1)}
	var prep struct {
		Range       protocol.Range `json:"range"`
		Placeholder string         `json:"placeholder"`
	}
	if err := c.call("textDocument/prepareRename", at, &prep); err != nil || prep.Placeholder != "CACHE" || prep.Range.Start.Line != 5 {
		t.Fatalf("prepareRename = %+v, %v", prep, err)
	}
	var edit protocol.WorkspaceEdit
	params := map[string]any{"textDocument": at["textDocument"], "position": at["position"], "newName": "STORE"}
	if err := c.call("textDocument/rename", params, &edit); err != nil {
		t.Fatal(err)
	}
	got := editsByFile(root, edit.Changes)
	want := []string{
		"src/entry.py:5:27-32→STORE",
		"src/helper.py:5:30-35→STORE",
		"wrangler.toml:6:11-16→STORE",
		"wrangler.toml:11:11-16→STORE",
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("edits:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	params["newName"] = "not a name"
	if err := c.call("textDocument/rename", params, &edit); err == nil {
		t.Error("rename to an invalid identifier accepted")
	}
	// Not a binding: nothing to rename.
	var none json.RawMessage
	if err := c.call("textDocument/prepareRename", map[string]any{"textDocument": at["textDocument"], "position": position(renameEntry, "request.CACHE", 9)}, &none); err != nil || (len(none) != 0 && string(none) != "null") {
		t.Errorf("prepareRename on request.CACHE = %s, %v", none, err)
	}
}

// TestBindingReferences from the declaration in the open wrangler.toml:
// the reads in both modules, and the declarations when asked for.
func TestBindingReferences(t *testing.T) {
	c, root := renameWorker(t)
	wrangler := pathURI(filepath.Join(root, "wrangler.toml"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": wrangler, "languageId": "toml", "version": 1, "text": renameTOML}})
	for _, tc := range []struct {
		decl bool
		want int
	}{{false, 2}, {true, 4}} {
		var locs []protocol.Location
		params := map[string]any{"textDocument": map[string]any{"uri": wrangler}, "position": position(renameTOML, "CACHE", 2), "context": map[string]any{"includeDeclaration": tc.decl}}
		if err := c.call("textDocument/references", params, &locs); err != nil {
			t.Fatal(err)
		}
		if len(locs) != tc.want {
			t.Errorf("includeDeclaration %v: %d locations, want %d: %+v", tc.decl, len(locs), tc.want, locs)
		}
	}
}

// TestDocumentLinkMain: `main` in the config links to the module.
func TestDocumentLinkMain(t *testing.T) {
	c, root := renameWorker(t)
	wrangler := pathURI(filepath.Join(root, "wrangler.toml"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": wrangler, "languageId": "toml", "version": 1, "text": renameTOML}})
	var links []protocol.DocumentLink
	if err := c.call("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": wrangler}}, &links); err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || string(links[0].Target) != pathURI(filepath.Join(root, "src", "entry.py")) || links[0].Range.Start != (protocol.Position{Line: 1, Character: 8}) || links[0].Range.End.Character != 20 {
		t.Errorf("links = %+v", links)
	}
}
