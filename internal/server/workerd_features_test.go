package server

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// A workerd-only Worker (no wrangler config): a config.capnp embedding
// two Python modules and a text file, with a KV binding read in both
// modules.
const workerdCapnp = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .mainWorker) ],
);

const mainWorker :Workerd.Worker = (
  modules = [
    (name = "entry.py", pythonModule = embed "src/entry.py"),
    (name = "helper.py", pythonModule = embed "src/helper.py"),
    (name = "data.txt", text = embed "data.txt"),
    (name = "gone.py", pythonModule = embed "src/gone.py"),
  ],
  compatibilityDate = "2025-03-01",
  compatibilityFlags = ["python_workers"],
  bindings = [ (name = "CACHE", kvNamespace = "kv") ],
);
`

const workerdEntry = `from workers import WorkerEntrypoint, Response


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response(await self.env.CACHE.get("k"))
`

const workerdHelper = `import requests
from workers import WorkerEntrypoint


class Admin(WorkerEntrypoint):
    async def fetch(self, request):
        requests.get("https://example.com")
        return await self.env.CACHE.get("n")
`

// at renders where inner, written quoted right after prefix, first
// occurs in text, as "line:start-end".
func at(text, prefix, inner string) string {
	p := position(text, prefix+`"`+inner+`"`, len(prefix)+1)
	return itoa(int(p.Line)) + ":" + itoa(int(p.Character)) + "-" + itoa(int(p.Character)+len(inner))
}

// pos renders where word first occurs in text, as "line:start-end".
func pos(text, word string) string {
	p := position(text, word, 0)
	return itoa(int(p.Line)) + ":" + itoa(int(p.Character)) + "-" + itoa(int(p.Character)+len(word))
}

func workerdWorker(t *testing.T, caps string) (*client, string) {
	t.Helper()
	root := plainTempDir(t)
	writeFiles(t, root, map[string]string{"config.capnp": workerdCapnp, "src/entry.py": workerdEntry, "src/helper.py": workerdHelper, "data.txt": "hi"})
	c := startServer(t, Options{})
	c.initializeIn(root, caps)
	open(c, pathURI(filepath.Join(root, "src", "entry.py")), workerdEntry)
	return c, root
}

func openCapnp(c *client, uri, text string) {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "capnp", "version": 1, "text": text}})
}

// TestDocumentLinkWorkerdEmbeds: every embed of an existing file links to
// it (Python modules and the text module); a missing file gets none.
func TestDocumentLinkWorkerdEmbeds(t *testing.T) {
	c, root := workerdWorker(t, `{}`)
	capnp := pathURI(filepath.Join(root, "config.capnp"))
	openCapnp(c, capnp, workerdCapnp)
	var links []protocol.DocumentLink
	if err := c.call("textDocument/documentLink", map[string]any{"textDocument": map[string]any{"uri": capnp}}, &links); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range links {
		rel, _ := filepath.Rel(root, uriPath(string(l.Target)))
		got = append(got, filepath.ToSlash(rel)+"@"+itoa(int(l.Range.Start.Line))+":"+itoa(int(l.Range.Start.Character))+"-"+itoa(int(l.Range.End.Character)))
	}
	sort.Strings(got)
	want := []string{"data.txt@" + at(workerdCapnp, "embed ", "data.txt"), "src/entry.py@" + at(workerdCapnp, "embed ", "src/entry.py"), "src/helper.py@" + at(workerdCapnp, "embed ", "src/helper.py")}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("links = %v, want %v", got, want)
	}
}

// TestRenameWorkerdBinding: renaming CACHE from the config changes its
// declaration and the reads in both embedded modules (one never opened).
func TestRenameWorkerdBinding(t *testing.T) {
	c, root := workerdWorker(t, `{}`)
	capnp := pathURI(filepath.Join(root, "config.capnp"))
	openCapnp(c, capnp, workerdCapnp)
	for _, params := range []map[string]any{
		{"textDocument": map[string]any{"uri": capnp}, "position": position(workerdCapnp, `"CACHE"`, 2), "newName": "STORE"},
		{"textDocument": map[string]any{"uri": pathURI(filepath.Join(root, "src", "entry.py"))}, "position": position(workerdEntry, "CACHE.get", 1), "newName": "STORE"},
	} {
		var edit protocol.WorkspaceEdit
		if err := c.call("textDocument/rename", params, &edit); err != nil {
			t.Fatal(err)
		}
		got := editsByFile(root, edit.Changes)
		want := []string{"config.capnp:" + at(workerdCapnp, "name = ", "CACHE") + "→STORE", "src/entry.py:" + pos(workerdEntry, "CACHE") + "→STORE", "src/helper.py:" + pos(workerdHelper, "CACHE") + "→STORE"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("rename from %v:\n%s\nwant\n%s", params["textDocument"], strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestWorkspacePullWorkerd: workspace/diagnostic covers the unopened
// modules of a workerd-only Worker (helper.py: requests cannot work on
// the 2025-03-01 runtime) and its config.
func TestWorkspacePullWorkerd(t *testing.T) {
	c, root := workerdWorker(t, pullCapabilities)
	var res struct {
		Items []documentDiagnosticReport `json:"items"`
	}
	if err := c.call("workspace/diagnostic", map[string]any{"previousResultIds": []any{}}, &res); err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, it := range res.Items {
		rel, _ := filepath.Rel(root, uriPath(it.URI))
		var cs []string
		if it.Items != nil {
			for _, d := range *it.Items {
				cs = append(cs, d.Code.(string))
			}
		}
		got[filepath.ToSlash(rel)] = cs
	}
	if _, ok := got["config.capnp"]; !ok {
		t.Errorf("config.capnp not reported: %v", got)
	}
	if !contains(got["src/helper.py"], "PW105") {
		t.Errorf("helper.py: %v, want PW105 (items %v)", got["src/helper.py"], got)
	}
	if _, ok := got["src/entry.py"]; ok {
		t.Errorf("the open entry.py is reported in the workspace pull: %v", got)
	}
}

// TestPullExcludedNote: a pulled excluded module gets the one note.
func TestPullExcludedNote(t *testing.T) {
	dir := twoModuleWorker(t)
	writeFiles(t, dir, map[string]string{"pyproject.toml": "[project]\nname = \"w\"\n\n[tool.pyworkers-lsp]\nexclude = [\"src/helper.py\"]\n"})
	c := startServer(t, Options{})
	c.initializeIn(dir, pullCapabilities)
	helper := pathURI(filepath.Join(dir, "src", "helper.py"))
	open(c, helper, helperPy)
	var r documentDiagnosticReport
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": helper}}, &r); err != nil {
		t.Fatal(err)
	}
	if r.Items == nil || len(*r.Items) != 1 || (*r.Items)[0].Severity != protocol.DiagnosticSeverityInformation || (*r.Items)[0].Code != nil {
		t.Errorf("excluded helper.py pulled %+v, want one information note", r.Items)
	}
}

// TestPullResultsPruned: the cache of pull results loses a document's
// entry when it closes and every entry when a config changes.
func TestPullResultsPruned(t *testing.T) {
	dir := twoModuleWorker(t)
	c := startServer(t, Options{})
	c.initializeIn(dir, pullCapabilities)
	entry := pathURI(filepath.Join(dir, "src", "entry.py"))
	open(c, entry, entryPy)
	var r documentDiagnosticReport
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": entry}}, &r); err != nil {
		t.Fatal(err)
	}
	var ws struct {
		Items []documentDiagnosticReport `json:"items"`
	}
	if err := c.call("workspace/diagnostic", map[string]any{"previousResultIds": []any{}}, &ws); err != nil {
		t.Fatal(err)
	}
	if n := c.srv.feat.pullResults(); n < 2 {
		t.Fatalf("%d cached results after two pulls, want entry.py and the unopened files", n)
	}
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": entry}})
	waitFor(t, func() bool {
		c.srv.feat.mu.Lock()
		defer c.srv.feat.mu.Unlock()
		_, ok := c.srv.feat.results[entry]
		return !ok
	}, "entry.py's result dropped on close")
	wrangler := pathURI(filepath.Join(dir, "wrangler.toml"))
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": wrangler, "type": 2}}})
	waitFor(t, func() bool { return c.srv.feat.pullResults() == 0 }, "every result dropped after a config change")
}

// TestWorkerdDateChangePushesUnopenedModule (push client): moving the
// workerd Worker's compatibilityDate back to the 0.26 runtime in the open
// config.capnp publishes PW105 for helper.py, which was never opened.
func TestWorkerdDateChangePushesUnopenedModule(t *testing.T) {
	modern := strings.Replace(workerdCapnp, "2025-03-01", "2025-11-01", 1)
	root := plainTempDir(t)
	writeFiles(t, root, map[string]string{"config.capnp": modern, "src/entry.py": workerdEntry, "src/helper.py": workerdHelper, "data.txt": "hi"})
	c := startServer(t, Options{})
	c.initializeIn(root, vscodeCapabilities)
	entry, helper := pathURI(filepath.Join(root, "src", "entry.py")), pathURI(filepath.Join(root, "src", "helper.py"))
	capnp := pathURI(filepath.Join(root, "config.capnp"))
	open(c, entry, workerdEntry)
	c.waitPublish(entry, 1)
	openCapnp(c, capnp, modern)
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   map[string]any{"uri": capnp, "version": 2},
		"contentChanges": []any{map[string]any{"text": workerdCapnp}},
	})
	if got := codes(c.waitPublish(helper, -1)); !contains(got, "PW105") {
		t.Fatalf("helper.py after the date change: %v, want PW105", got)
	}
}

// TestPullWorkerdVariants (pull client): a module two Workers of a
// .wd-test embed is analysed under both, as pushed diagnostics are: PW101
// comes from the Worker whose date turns module-level handlers off, and
// says which.
func TestPullWorkerdVariants(t *testing.T) {
	dir := plainTempDir(t)
	wdTest := `using Workerd = import "/workerd/workerd.capnp";

const unitTests :Workerd.Config = (
  services = [
    ( name = "legacy", worker = (
        modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
        compatibilityDate = "2025-06-01",
        compatibilityFlags = ["python_workers"] ) ),
    ( name = "modern", worker = (
        modules = [ (name = "worker.py", pythonModule = embed "worker.py") ],
        compatibilityDate = "2025-10-01",
        compatibilityFlags = ["python_workers"] ) ),
  ],
);
`
	src := "async def on_fetch(request, env):\n    return None\n"
	writeFiles(t, dir, map[string]string{"two.wd-test": wdTest, "worker.py": src})
	c := startServer(t, Options{})
	c.initializeIn(dir, pullCapabilities)
	uri := pathURI(filepath.Join(dir, "worker.py"))
	open(c, uri, src)
	var r documentDiagnosticReport
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": uri}}, &r); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range *r.Items {
		got = append(got, d.Code.(string)+": "+d.Message)
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "PW101") || !strings.HasSuffix(got[0], `(in worker "modern" of two.wd-test)`) {
		t.Errorf("pulled %v, want PW101 of worker modern only", got)
	}
}
