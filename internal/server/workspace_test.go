package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
)

const (
	// workspaceTOML runs on Pyodide 0.28; oldDateTOML on 0.26, where
	// synchronous HTTP (requests.get) cannot work (PW105).
	workspaceTOML = "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-11-01\"\ncompatibility_flags = [\"python_workers\"]\n"
	oldDateTOML   = "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-03-01\"\ncompatibility_flags = [\"python_workers\"]\n"
	entryPy       = "from workers import WorkerEntrypoint, Response\n\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        return Response(\"ok\")\n"
	helperPy      = "import requests\n\n\ndef get(url):\n    return requests.get(url)\n"
)

// pullCapabilities is a client that pulls diagnostics and can be asked to
// pull again.
const pullCapabilities = `{"textDocument":{"diagnostic":{"dynamicRegistration":false,"relatedDocumentSupport":false}},"workspace":{"diagnostics":{"refreshSupport":true}}}`

// twoModuleWorker writes a Worker with an entry module and a helper
// module nobody opens; it returns the directory.
func twoModuleWorker(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"wrangler.toml": workspaceTOML, "src/entry.py": entryPy, "src/helper.py": helperPy})
	return dir
}

// initializeIn initializes with dir as the workspace folder and no
// initializationOptions (the shipped defaults).
func (c *client) initializeIn(dir, caps string) initializeResult {
	c.t.Helper()
	var res initializeResult
	params := json.RawMessage(`{"processId":1,"workspaceFolders":[{"uri":"` + pathURI(dir) + `","name":"w"}],"capabilities":` + caps + `}`)
	if err := c.call("initialize", params, &res); err != nil {
		c.t.Fatalf("initialize: %v", err)
	}
	c.notify("initialized", struct{}{})
	return res
}

// TestOutsideWorkerSilent: a plain Python file (no wrangler config above
// it) gets an empty publish and nothing else, the same code inside a
// Worker gets its findings, an excluded file inside the Worker gets one
// note that it is excluded, and per-file-ignores apply to open documents.
func TestOutsideWorkerSilent(t *testing.T) {
	root := plainTempDir(t)
	writeFiles(t, root, map[string]string{
		"w/wrangler.toml":  workspaceTOML,
		"w/pyproject.toml": "[project]\nname = \"w\"\n\n[tool.pyworkers-lsp]\nexclude = [\"src/gen\"]\nper-file-ignores = { \"src/legacy/*\" = [\"PW201\"] }\n",
	})
	c := startServer(t, Options{})
	c.initializeIn(root, `{}`)
	const code = "import random\nfrom pyodide.ffi import to_py\nx = random.random()\n"
	plain := pathURI(filepath.Join(root, "plain", "app.py"))
	inside := pathURI(filepath.Join(root, "w", "src", "entry.py"))
	excluded := pathURI(filepath.Join(root, "w", "src", "gen", "x.py"))
	legacy := pathURI(filepath.Join(root, "w", "src", "legacy", "old.py"))
	for _, uri := range []string{plain, inside, excluded, legacy} {
		open(c, uri, code)
	}
	if got := codes(c.waitPublish(inside, 1)); !contains(got, "PW201") {
		t.Errorf("inside the Worker: %v, want PW201", got)
	}
	if got := codes(c.waitPublish(plain, 1)); len(got) != 0 {
		t.Errorf("outside every Worker: %v, want no findings", got)
	}
	// The excluded file: one information note saying why, no findings.
	if p := c.waitPublish(excluded, 1); len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != protocol.DiagnosticSeverityInformation ||
		p.Diagnostics[0].Code != nil || !strings.Contains(p.Diagnostics[0].Message, "exclude") || p.Diagnostics[0].Range.End.Character != 13 {
		t.Errorf("excluded file: %+v, want one information note on line 1", p.Diagnostics)
	}
	// per-file-ignores drops PW201 for src/legacy, and only PW201.
	if got := codes(c.waitPublish(legacy, 1)); contains(got, "PW201") || !contains(got, "PW301") {
		t.Errorf("src/legacy/old.py: %v, want PW301 without PW201", got)
	}
}

// openEntryOnly starts a push client on a two-module Worker with only
// its entry.py open, and returns the URIs of entry.py and helper.py and
// the path of wrangler.toml.
func openEntryOnly(t *testing.T) (c *client, entry, helper, wrangler string) {
	dir := twoModuleWorker(t)
	c = startServer(t, Options{})
	c.initializeIn(dir, vscodeCapabilities)
	entry, helper = pathURI(filepath.Join(dir, "src", "entry.py")), pathURI(filepath.Join(dir, "src", "helper.py"))
	open(c, entry, entryPy)
	return c, entry, helper, filepath.Join(dir, "wrangler.toml")
}

// TestConfigChangeDiagnosesUnopenedModule (push client): the client has
// only entry.py open; moving compatibility_date back to the 0.26 runtime
// publishes PW105 for helper.py, which was never opened; moving it
// forward again clears it.
func TestConfigChangeDiagnosesUnopenedModule(t *testing.T) {
	c, entry, helper, wrangler := openEntryOnly(t)
	if got := codes(c.waitPublish(entry, 1)); len(got) != 0 {
		t.Fatalf("entry.py: %v", got)
	}
	if err := os.WriteFile(wrangler, []byte(oldDateTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": pathURI(wrangler), "type": 2}}})
	p := c.waitPublish(helper, -1)
	if got := codes(p); len(got) != 1 || got[0] != "PW105" {
		t.Fatalf("helper.py after the date change: %v, want [PW105]", got)
	}
	if p.Diagnostics[0].Range.Start.Line != 4 {
		t.Errorf("range = %+v", p.Diagnostics[0].Range)
	}
	if err := os.WriteFile(wrangler, []byte(workspaceTOML), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": pathURI(wrangler), "type": 2}}})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		list := c.diags[helper]
		return len(list) > 0 && len(list[len(list)-1].Diagnostics) == 0
	}, "helper.py cleared after the date moved forward")
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := len(c.diags[helper]); n != 2 {
		t.Errorf("helper.py published %d times, want 2: %+v", n, c.diags[helper])
	}
}

// rewriteConfig writes toml to the Worker's wrangler.toml and drops what
// the server derived from it, as configChanged does, without starting a
// background run: the tests play the runs themselves.
func rewriteConfig(t *testing.T, c *client, wrangler, toml string) {
	t.Helper()
	if err := os.WriteFile(wrangler, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	c.srv.mu.Lock()
	c.srv.projects = map[string]*analysis.Project{}
	c.srv.mu.Unlock()
	c.srv.feat.bumpGeneration()
}

// TestUnopenedClearedAfterACancelledRun: a background run publishes
// helper.py's PW105 and is cancelled before it ends (a second config
// change); the next run, after the date moved forward, still clears it.
// The run is played step by step: its publish, then the next run.
func TestUnopenedClearedAfterACancelledRun(t *testing.T) {
	c, entry, helper, wrangler := openEntryOnly(t)
	c.waitPublish(entry, 1)
	time.Sleep(2 * backgroundDelay) // the run the open started has ended
	rewriteConfig(t, c, wrangler, oldDateTOML)
	res, _, ok := c.srv.diagnose(context.Background(), helper)
	if !ok || len(res.items) != 1 {
		t.Fatalf("helper.py under the old date: %+v", res.items)
	}
	c.srv.publishIfClosed(context.Background(), helper, res) // the cancelled run's publish
	if got := codes(c.waitPublish(helper, -1)); len(got) != 1 || got[0] != "PW105" {
		t.Fatalf("helper.py published %v, want [PW105]", got)
	}
	rewriteConfig(t, c, wrangler, workspaceTOML)
	c.srv.publishUnopened(context.Background())
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		list := c.diags[helper]
		return len(list) == 2 && len(list[1].Diagnostics) == 0
	}, "helper.py cleared by the next run")
}

// TestUnopenedRepublishedAfterClose: helper.py's PW105 is published in
// the background; opening and closing it clears what the client shows,
// so the next run publishes PW105 again (the same findings as the record
// held before the open).
func TestUnopenedRepublishedAfterClose(t *testing.T) {
	c, _, helper, wrangler := openEntryOnly(t)
	time.Sleep(2 * backgroundDelay) // the run the open started has ended
	// shows waits until the last publish for helper.py, after the n-th,
	// has the codes want (a background run of the server's own may
	// publish it first).
	shows := func(n int, want []string, what string) {
		t.Helper()
		waitFor(t, func() bool {
			c.mu.Lock()
			defer c.mu.Unlock()
			list := c.diags[helper]
			return len(list) > n && slices.Equal(codes(list[len(list)-1]), want)
		}, what)
	}
	published := func() int {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.diags[helper])
	}
	rewriteConfig(t, c, wrangler, oldDateTOML)
	c.srv.publishUnopened(context.Background())
	shows(0, []string{"PW105"}, "PW105 published in the background")
	open(c, helper, helperPy)
	c.waitPublish(helper, 1)
	n := published()
	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": helper}})
	shows(n, []string{}, "helper.py cleared at close")
	n = published()
	c.srv.publishUnopened(context.Background())
	shows(n, []string{"PW105"}, "PW105 published again after close")
}

// TestPullDiagnostics (pull client): the server offers pull diagnostics
// and publishes nothing; a document pull carries a result id and a second
// pull with it is "unchanged"; changing compatibility_date (in the open
// wrangler.toml buffer) asks the client to refresh, and workspace/diagnostic
// then reports PW105 for helper.py, which was never opened.
func TestPullDiagnostics(t *testing.T) {
	dir := twoModuleWorker(t)
	c := startServer(t, Options{})
	res := c.initializeIn(dir, pullCapabilities)
	if res.Capabilities.DiagnosticProvider == nil || !res.Capabilities.DiagnosticProvider.WorkspaceDiagnostics {
		t.Fatalf("diagnosticProvider = %+v", res.Capabilities.DiagnosticProvider)
	}
	entry, helper := pathURI(filepath.Join(dir, "src", "entry.py")), pathURI(filepath.Join(dir, "src", "helper.py"))
	wrangler := pathURI(filepath.Join(dir, "wrangler.toml"))
	open(c, entry, "from pyodide.ffi import to_py\n"+entryPy)

	type report struct {
		Kind     string                `json:"kind"`
		ResultID string                `json:"resultId"`
		Items    []protocol.Diagnostic `json:"items"`
		URI      string                `json:"uri"`
	}
	var first report
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": entry}}, &first); err != nil {
		t.Fatal(err)
	}
	if first.Kind != "full" || first.ResultID == "" || len(first.Items) != 1 || first.Items[0].Code != "PW201" {
		t.Fatalf("first pull = %+v", first)
	}
	var again report
	if err := c.call("textDocument/diagnostic", map[string]any{"textDocument": map[string]any{"uri": entry}, "previousResultId": first.ResultID}, &again); err != nil {
		t.Fatal(err)
	}
	if again.Kind != "unchanged" || again.ResultID != first.ResultID {
		t.Errorf("second pull = %+v, want unchanged", again)
	}

	workspace := func() map[string]report {
		var ws struct {
			Items []report `json:"items"`
		}
		if err := c.call("workspace/diagnostic", map[string]any{"previousResultIds": []any{}}, &ws); err != nil {
			t.Fatal(err)
		}
		out := map[string]report{}
		for _, r := range ws.Items {
			out[r.URI] = r
		}
		return out
	}
	before := workspace()
	if r, ok := before[helper]; !ok || len(r.Items) != 0 {
		t.Fatalf("helper.py before: %+v (present %v)", r, ok)
	}
	if _, ok := before[entry]; ok {
		t.Errorf("the open entry.py is in the workspace report (it is pulled per document)")
	}

	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": wrangler, "languageId": "toml", "version": 1, "text": workspaceTOML}})
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": wrangler, "version": 2}, "contentChanges": []any{map[string]any{"text": oldDateTOML}}})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.requests["workspace/diagnostic/refresh"]) > 0
	}, "workspace/diagnostic/refresh after the config change")
	after := workspace()
	if r := after[helper]; len(r.Items) != 1 || r.Items[0].Code != "PW105" {
		t.Errorf("helper.py after the date change: %+v, want PW105", r)
	}
	c.mu.Lock()
	pushed := len(c.diags)
	c.mu.Unlock()
	if pushed != 0 {
		t.Errorf("a pulling client got %d published URIs", pushed)
	}
}

// TestConfigurationPull: a client with workspace/configuration is asked
// for the pyworkers section workspace-wide and per folder at start and on
// every didChangeConfiguration (even with null settings); a folder's
// answer applies to its files only.
func TestConfigurationPull(t *testing.T) {
	a, b := twoModuleWorker(t), twoModuleWorker(t)
	c := startServer(t, Options{})
	c.answers = map[string]func(json.RawMessage) any{"workspace/configuration": func(raw json.RawMessage) any {
		var p struct {
			Items []configurationItem `json:"items"`
		}
		_ = json.Unmarshal(raw, &p)
		out := make([]any, len(p.Items))
		for i, it := range p.Items {
			if it.ScopeURI == pathURI(b) {
				out[i] = map[string]any{"ignore": []string{"PW201"}}
			}
		}
		return out
	}}
	var res initializeResult
	params := `{"processId":1,"workspaceFolders":[{"uri":"` + pathURI(a) + `","name":"a"},{"uri":"` + pathURI(b) + `","name":"b"}],"capabilities":{"workspace":{"configuration":true}}}`
	if err := c.call("initialize", json.RawMessage(params), &res); err != nil {
		t.Fatal(err)
	}
	c.notify("initialized", struct{}{})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.requests["workspace/configuration"]) == 1
	}, "workspace/configuration after initialized")
	var items struct {
		Items []configurationItem `json:"items"`
	}
	c.mu.Lock()
	_ = json.Unmarshal(c.requests["workspace/configuration"][0], &items)
	c.mu.Unlock()
	if len(items.Items) != 3 || items.Items[0].ScopeURI != "" || items.Items[2].ScopeURI != pathURI(b) || items.Items[1].Section != "pyworkers" {
		t.Errorf("items = %+v", items.Items)
	}
	const code = "from pyodide.ffi import to_py\n" + entryPy
	ua, ub := pathURI(filepath.Join(a, "src", "entry.py")), pathURI(filepath.Join(b, "src", "entry.py"))
	open(c, ua, code)
	open(c, ub, code)
	if got := codes(c.waitPublish(ua, 1)); !contains(got, "PW201") {
		t.Errorf("folder a: %v, want PW201", got)
	}
	// The answer to workspace/configuration may arrive after the first
	// analysis: the server re-analyses then. The latest publish counts.
	c.waitPublish(ub, 1)
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		list := c.diags[ub]
		return len(list) > 0 && !contains(codes(list[len(list)-1]), "PW201")
	}, "folder b's settings (ignore PW201) applied")
	c.mu.Lock()
	list := c.diags[ua]
	last := codes(list[len(list)-1])
	c.mu.Unlock()
	if !contains(last, "PW201") {
		t.Errorf("folder a after the settings: %v, want PW201", last)
	}
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": nil})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.requests["workspace/configuration"]) == 2
	}, "workspace/configuration after didChangeConfiguration with null settings")
}

// TestForeignSettingsIgnored: a client that sends every server the whole
// configuration ({"python": …, "pyright": …}) changes nothing and gets no
// "unknown settings" message; a misspelt pyworkers key is still reported.
func TestForeignSettingsIgnored(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(`{}`)
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"python": map[string]any{"analysis": 1}, "pyright": map[string]any{"disableLanguageServices": false}}})
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"pyworkers": map[string]any{"selct": []string{"PW2"}}}})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, m := range c.received {
			if m == "window/showMessage" {
				return true
			}
		}
		return false
	}, "a message about the misspelt key")
	time.Sleep(50 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, m := range c.received {
		if m == "window/showMessage" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d messages, want one (for selct only): %v", n, c.received)
	}
}

// TestExecuteCommands: fix-all sends workspace/applyEdit with the fixed
// text, explain-profile names the runtime, debug info lists the Worker.
func TestExecuteCommands(t *testing.T) {
	dir := twoModuleWorker(t)
	c := startServer(t, Options{})
	res := c.initializeIn(dir, editCapabilities)
	if res.Capabilities.ExecuteCommandProvider == nil || strings.Join(res.Capabilities.ExecuteCommandProvider.Commands, ",") != "pyworkers.applyFixAll,pyworkers.debugInfo,pyworkers.explainProfile" {
		t.Fatalf("executeCommandProvider = %+v", res.Capabilities.ExecuteCommandProvider)
	}
	entry := pathURI(filepath.Join(dir, "src", "entry.py"))
	open(c, entry, "from pyodide.ffi import to_js, to_py\n"+entryPy)
	c.waitPublish(entry, 1)
	var fix map[string]any
	if err := c.call("workspace/executeCommand", map[string]any{"command": "pyworkers.applyFixAll", "arguments": []any{map[string]any{"uri": entry}}}, &fix); err != nil {
		t.Fatal(err)
	}
	if fix["applied"] != true {
		t.Fatalf("applyFixAll = %v", fix)
	}
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.requests["workspace/applyEdit"]) == 1
	}, "workspace/applyEdit")
	c.mu.Lock()
	edit := string(c.requests["workspace/applyEdit"][0])
	c.mu.Unlock()
	if !strings.Contains(edit, entry) || strings.Contains(edit, "to_py") {
		t.Errorf("applyEdit = %s", edit)
	}
	var explain string
	if err := c.call("workspace/executeCommand", map[string]any{"command": "pyworkers.explainProfile", "arguments": []any{entry}}, &explain); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(explain, "0.28") || !strings.Contains(explain, "2025-11-01") {
		t.Errorf("explainProfile:\n%s", explain)
	}
	var info debugInfo
	if err := c.call("workspace/executeCommand", map[string]any{"command": "pyworkers.debugInfo"}, &info); err != nil {
		t.Fatal(err)
	}
	if len(info.Workers) != 1 || info.Workers[0].Config != filepath.Join(dir, "wrangler.toml") || len(info.OpenDocuments) != 1 {
		t.Errorf("debugInfo = %+v", info)
	}
	if err := c.call("workspace/executeCommand", map[string]any{"command": "pyworkers.nope"}, nil); err == nil {
		t.Error("unknown command accepted")
	}
}

// plainTempDir is a new temporary directory with no wrangler config in
// or above it (a stray /tmp/wrangler.toml would put every t.TempDir()
// inside a Worker).
func plainTempDir(t *testing.T) string {
	t.Helper()
	for _, base := range []string{os.TempDir(), "/var/tmp", "/dev/shm"} {
		if ws, _ := config.Load(base, ""); ws != nil && ws.Wrangler != nil {
			continue
		}
		dir, err := os.MkdirTemp(base, "pyworkers-plain-")
		if err != nil {
			continue
		}
		t.Cleanup(func() { _ = os.RemoveAll(dir) })
		return dir
	}
	t.Skip("every temporary directory has a wrangler config above it")
	return ""
}
