package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// editCapabilities is vscodeCapabilities plus versioned document edits.
const editCapabilities = `{"general":{"positionEncodings":["utf-16"]},"textDocument":{"publishDiagnostics":{"versionSupport":true}},"workspace":{"workspaceEdit":{"documentChanges":true}}}`

// workerDir writes a Worker's wrangler.toml into a temporary directory
// and returns the URI of a (not yet written) Python file under src/.
func workerDir(t *testing.T, name string) string {
	t.Helper()
	dir := t.TempDir()
	toml := "name = \"t\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-02\"\ncompatibility_flags = [\"python_workers\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	return pathURI(filepath.Join(dir, "src", name))
}

type wireAction struct {
	Title       string                  `json:"title"`
	Kind        string                  `json:"kind"`
	IsPreferred bool                    `json:"isPreferred"`
	Diagnostics []json.RawMessage       `json:"diagnostics"`
	Edit        *protocol.WorkspaceEdit `json:"edit"`
}

// codeActions requests the actions for a range with the given context.
func (c *client) codeActions(uri string, rng protocol.Range, context map[string]any) []wireAction {
	c.t.Helper()
	var out []wireAction
	params := map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng, "context": context}
	if err := c.call("textDocument/codeAction", params, &out); err != nil {
		c.t.Fatalf("codeAction: %v", err)
	}
	return out
}

// applyEdits sends edits as one didChange at version: LSP applies content
// changes in order, so they go from the end of the document backwards.
func (c *client) applyEdits(uri string, version int32, edits []protocol.TextEdit) {
	c.t.Helper()
	sorted := append([]protocol.TextEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].Range.Start, sorted[j].Range.Start
		return a.Line > b.Line || (a.Line == b.Line && a.Character > b.Character)
	})
	var changes []any
	for _, e := range sorted {
		changes = append(changes, map[string]any{"range": e.Range, "text": e.NewText})
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": changes})
}

// rawDiagnostics re-encodes published diagnostics as a client sends them.
func rawDiagnostics(t *testing.T, ds ...protocol.Diagnostic) []json.RawMessage {
	t.Helper()
	var out []json.RawMessage
	for _, d := range ds {
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func TestCodeActionQuickFixRemovesDiagnostic(t *testing.T) {
	c := startServer(t, Options{})
	res := c.initialize(editCapabilities)
	if res.Capabilities.CodeActionProvider == nil {
		t.Fatal("no codeActionProvider")
	}
	uri := workerDir(t, "fix.py")
	open(c, uri, "from pyodide.ffi import to_js, to_py\n\n\ndef rows(r):\n    return to_js(to_py(r.results))\n")
	p := c.waitPublish(uri, 1)
	if got := codes(p); len(got) != 2 || got[0] != "PW201" || got[1] != "PW201" {
		t.Fatalf("diagnostics %v", got)
	}
	call := p.Diagnostics[1] // to_py(...) on line 4
	acts := c.codeActions(uri, call.Range, map[string]any{"diagnostics": rawDiagnostics(t, call), "only": []string{"quickfix"}})
	if len(acts) != 2 {
		t.Fatalf("actions = %+v", acts)
	}
	fix, ignore := acts[0], acts[1]
	if !fix.IsPreferred || fix.Kind != "quickfix" || len(fix.Diagnostics) != 1 || ignore.IsPreferred || ignore.Title != "Ignore PW201 on this line" {
		t.Fatalf("actions = %+v", acts)
	}
	dc := fix.Edit.DocumentChanges
	if len(dc) != 1 || dc[0].TextDocument.Version == nil || *dc[0].TextDocument.Version != 1 || string(dc[0].TextDocument.URI) != uri {
		t.Fatalf("documentChanges = %+v", dc)
	}
	c.applyEdits(uri, 2, dc[0].Edits)
	p = c.waitPublish(uri, 2)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Range.Start.Line != 0 {
		t.Fatalf("after the fix: %+v", p.Diagnostics)
	}

	// The import's fix also rewrites the remaining calls; apply it.
	imp := p.Diagnostics[0]
	acts = c.codeActions(uri, imp.Range, map[string]any{"diagnostics": rawDiagnostics(t, imp)})
	if len(acts) == 0 || !acts[0].IsPreferred {
		t.Fatalf("import actions = %+v", acts)
	}
	c.applyEdits(uri, 3, acts[0].Edit.DocumentChanges[0].Edits)
	if p = c.waitPublish(uri, 3); len(p.Diagnostics) != 0 {
		t.Fatalf("after the import fix: %+v", p.Diagnostics)
	}

	// A diagnostic from an older version no longer matches the text: no
	// fix is offered for it.
	acts = c.codeActions(uri, call.Range, map[string]any{"diagnostics": rawDiagnostics(t, call), "only": []string{"quickfix"}})
	for _, a := range acts {
		if a.IsPreferred {
			t.Errorf("stale diagnostic got a fix: %+v", a)
		}
	}
}

func TestCodeActionFixAll(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(editCapabilities)
	uri := workerDir(t, "all.py")
	text := "from pyodide.ffi import to_py\nimport json  # pyworkers: ignore[PW202]\n\n\ndef rows(r):\n    return to_py(r), to_py(r.x)\n"
	open(c, uri, text)
	p := c.waitPublish(uri, 1)
	if len(p.Diagnostics) != 4 { // 3 × PW201, 1 × PW001
		t.Fatalf("diagnostics %v", codes(p))
	}
	whole := protocol.Range{End: protocol.Position{Line: 6}}
	acts := c.codeActions(uri, whole, map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll.pyworkers"}})
	if len(acts) != 1 || acts[0].Kind != "source.fixAll.pyworkers" || !strings.Contains(acts[0].Title, "(4)") {
		t.Fatalf("fix-all actions = %+v", acts)
	}
	if quick := c.codeActions(uri, whole, map[string]any{"diagnostics": []any{}, "only": []string{"quickfix"}}); len(quick) != 0 {
		t.Errorf("quickfix request with no diagnostics returned %+v", quick)
	}
	// "source" covers source.fixAll.pyworkers.
	if src := c.codeActions(uri, whole, map[string]any{"diagnostics": []any{}, "only": []string{"source"}}); len(src) != 1 {
		t.Errorf("source request returned %+v", src)
	}
	edits := acts[0].Edit.DocumentChanges[0].Edits
	if len(edits) != 1 {
		t.Fatalf("fix-all is one edit, got %+v", edits)
	}
	c.applyEdits(uri, 2, edits)
	if p = c.waitPublish(uri, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("after fix-all: %+v", p.Diagnostics)
	}
	if acts = c.codeActions(uri, whole, map[string]any{"only": []string{"source.fixAll.pyworkers"}}); len(acts) != 0 {
		t.Errorf("nothing left to fix, got %+v", acts)
	}
}

// TestCodeActionChanges covers clients without documentChanges and
// requests without context diagnostics (recomputed for the range).
func TestCodeActionChanges(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(`{}`)
	uri := workerDir(t, "changes.py")
	open(c, uri, "x = 1  # pyworkers: ignore[PW201]\n")
	c.waitPublish(uri, 1)
	rng := protocol.Range{Start: protocol.Position{Line: 0, Character: 0}, End: protocol.Position{Line: 0, Character: 1}}
	// Without `only` the document's fix-all comes along.
	acts := c.codeActions(uri, rng, map[string]any{})
	if len(acts) != 1 || acts[0].Kind != "source.fixAll.pyworkers" {
		t.Fatalf("range without findings: %+v", acts)
	}
	rng.End.Character = 40
	acts = c.codeActions(uri, rng, map[string]any{"only": []string{"quickfix"}})
	if len(acts) != 1 || acts[0].Edit.DocumentChanges != nil {
		t.Fatalf("actions = %+v", acts)
	}
	edits := acts[0].Edit.Changes[protocol.DocumentURI(uri)]
	if len(edits) != 1 || edits[0].NewText != "" || edits[0].Range.Start.Character != 5 {
		t.Fatalf("changes = %+v", acts[0].Edit.Changes)
	}
	// Documents that are not open have no actions.
	if acts := c.codeActions("file:///work/none.py", rng, map[string]any{}); len(acts) != 0 {
		t.Errorf("closed document: %+v", acts)
	}
}

// TestCodeActionConfig fixes a wrangler.toml finding (PW501) through a
// quick fix and through fix-all, in the open buffer.
func TestCodeActionConfig(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(editCapabilities)
	dir := t.TempDir()
	text := "name = \"t\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-02\" # pinned\n"
	entry := "from workers import Response, WorkerEntrypoint\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n"
	for name, body := range map[string]string{"wrangler.toml": text, "src/entry.py": entry} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	uri := pathURI(filepath.Join(dir, "wrangler.toml"))
	open(c, uri, text)
	p := c.waitPublish(uri, 1)
	if got := codes(p); len(got) != 1 || got[0] != "PW501" {
		t.Fatalf("config diagnostics %v", got)
	}
	whole := protocol.Range{End: protocol.Position{Line: 3}}
	fixAll := c.codeActions(uri, whole, map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll.pyworkers"}})
	if len(fixAll) != 1 {
		t.Fatalf("fix-all actions %+v", fixAll)
	}
	acts := c.codeActions(uri, p.Diagnostics[0].Range, map[string]any{"diagnostics": rawDiagnostics(t, p.Diagnostics[0])})
	if len(acts) != 2 || acts[0].Title != "Add python_workers to compatibility_flags" || acts[1].Kind != "source.fixAll.pyworkers" {
		t.Fatalf("actions %+v (no 'ignore' action: config findings take no suppression comment)", acts)
	}
	edits := acts[0].Edit.DocumentChanges[0].Edits
	if len(edits) != 1 || edits[0].NewText != "compatibility_flags = [\"python_workers\"]\n" {
		t.Fatalf("edits %+v", edits)
	}
	c.applyEdits(uri, 2, edits)
	if p = c.waitPublish(uri, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("after the fix: %+v", p.Diagnostics)
	}
}

// TestWorkspaceEditOtherFile: an edit to another file targets its URI,
// versioned when it is open and with a null version (the disk is the
// master) when it is not.
func TestWorkspaceEditOtherFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "wrangler.toml")
	if err := os.WriteFile(path, []byte("a = 1\nb = 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Server{docs: map[string]*document{}}
	a := &actions{s: s, v: &view{path: filepath.Join(dir, "entry.py"), enc: source.UTF16}, documentChanges: true}
	edits := []quickfix.Edit{{Path: path, Start: 6, End: 7, NewText: "c"}}
	we, err := a.workspaceEdit(edits)
	if err != nil {
		t.Fatal(err)
	}
	dc := we.DocumentChanges
	if len(dc) != 1 || string(dc[0].TextDocument.URI) != pathURI(path) || dc[0].TextDocument.Version != nil || dc[0].Edits[0].Range.Start != (protocol.Position{Line: 1}) {
		t.Fatalf("closed file: %+v", dc)
	}
	s.docs[pathURI(path)] = newDocument(s.trees, pathURI(path), "toml", 7, []byte("a = 1\nb = 2\n"))
	defer s.docs[pathURI(path)].close()
	if we, err = a.workspaceEdit(edits); err != nil || we.DocumentChanges[0].TextDocument.Version == nil || *we.DocumentChanges[0].TextDocument.Version != 7 {
		t.Fatalf("open file: %+v %v", we, err)
	}
	if _, err := a.workspaceEdit([]quickfix.Edit{{Path: filepath.Join(dir, "missing.toml")}}); err == nil {
		t.Error("edit to a missing file accepted")
	}
}

// TestCodeActionAutomaticSkipsFixAll: a lightbulb request (automatic,
// without `only`) gets the quick fixes but not the whole-file fix-all.
func TestCodeActionAutomaticSkipsFixAll(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(editCapabilities)
	uri := workerDir(t, "auto.py")
	open(c, uri, "from pyodide.ffi import to_py\n")
	p := c.waitPublish(uri, 1)
	acts := c.codeActions(uri, p.Diagnostics[0].Range, map[string]any{"diagnostics": rawDiagnostics(t, p.Diagnostics...), "triggerKind": 2})
	for _, a := range acts {
		if a.Kind != "quickfix" {
			t.Errorf("automatic request got %s %q", a.Kind, a.Title)
		}
	}
	if len(acts) != 2 {
		t.Errorf("actions %+v", acts)
	}
	if acts = c.codeActions(uri, p.Diagnostics[0].Range, map[string]any{"diagnostics": rawDiagnostics(t, p.Diagnostics...), "triggerKind": 1}); len(acts) != 3 {
		t.Errorf("invoked request: %+v", acts)
	}
}

// resolveCapabilities is editCapabilities with lazily resolved edits, as
// VS Code declares them.
const resolveCapabilities = `{"general":{"positionEncodings":["utf-16"]},"textDocument":{"publishDiagnostics":{"versionSupport":true},"codeAction":{"resolveSupport":{"properties":["edit"]}}},"workspace":{"workspaceEdit":{"documentChanges":true}}}`

// TestCodeActionFixAllResolvedLazily: a client that resolves edits gets
// fix-all without its edit, and codeAction/resolve computes it for the
// version it was offered for.
func TestCodeActionFixAllResolvedLazily(t *testing.T) {
	c := startServer(t, Options{})
	if res := c.initialize(resolveCapabilities); res.Capabilities.CodeActionProvider == nil {
		t.Fatal("no codeActionProvider")
	}
	uri := workerDir(t, "lazy.py")
	open(c, uri, "from pyodide.ffi import to_py\n\n\ndef rows(r):\n    return to_py(r), to_py(r.x)\n")
	if p := c.waitPublish(uri, 1); len(p.Diagnostics) != 3 {
		t.Fatalf("diagnostics %v", codes(p))
	}
	whole := protocol.Range{End: protocol.Position{Line: 6}}
	var acts []json.RawMessage
	params := map[string]any{"textDocument": map[string]any{"uri": uri}, "range": whole,
		"context": map[string]any{"diagnostics": []any{}, "only": []string{"source.fixAll"}, "triggerKind": 1}}
	if err := c.call("textDocument/codeAction", params, &acts); err != nil || len(acts) != 1 {
		t.Fatalf("fix-all: %s %v", acts, err)
	}
	var offered wireAction
	if err := json.Unmarshal(acts[0], &offered); err != nil || offered.Edit != nil || offered.Kind != "source.fixAll.pyworkers" || !strings.Contains(string(acts[0]), `"data"`) {
		t.Fatalf("offered %s (want no edit, with data)", acts[0])
	}
	var resolved wireAction
	if err := c.call("codeAction/resolve", acts[0], &resolved); err != nil || resolved.Edit == nil {
		t.Fatalf("resolve: %+v %v", resolved, err)
	}
	c.applyEdits(uri, 2, resolved.Edit.DocumentChanges[0].Edits)
	if p := c.waitPublish(uri, 2); len(p.Diagnostics) != 0 {
		t.Fatalf("after fix-all: %+v", p.Diagnostics)
	}
	// The document moved on: the old action no longer applies.
	if err := c.call("codeAction/resolve", acts[0], &resolved); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("resolving a stale fix-all: %v", err)
	}
	// Nothing left to fix: not offered.
	if err := c.call("textDocument/codeAction", params, &acts); err != nil || len(acts) != 0 {
		t.Errorf("fix-all with nothing to fix: %s %v", acts, err)
	}
}
