package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// cursor marks the request position in test documents.
const cursor = "‸"

// markdownCapabilities is a client that takes markdown hovers. It does
// not register file watchers: the test client answers server requests on
// its read loop, and over an unbuffered pipe that answer can deadlock with
// a request the test is writing while the server publishes.
const markdownCapabilities = `{"textDocument":{"hover":{"contentFormat":["markdown","plaintext"]}}}`

// plainCapabilities is a client that takes plain text hovers only.
const plainCapabilities = `{"textDocument":{"hover":{"contentFormat":["plaintext"]}}}`

// startIn starts a server whose workspace is root, with the given client
// capabilities and initializationOptions (JSON, "" for none).
func startIn(t *testing.T, root, caps, initOpts string) *client {
	t.Helper()
	c := startServer(t, Options{})
	if initOpts == "" {
		initOpts = "null"
	}
	params := json.RawMessage(`{"processId":1,"rootUri":"` + pathURI(root) + `","capabilities":` + caps + `,"initializationOptions":` + initOpts + `}`)
	if err := c.call("initialize", params, &initializeResult{}); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	c.notify("initialized", struct{}{})
	return c
}

// openAt opens a document whose text holds one cursor mark and returns
// the text without it and the mark's position (UTF-16).
func openAt(c *client, uri, marked string) (string, protocol.Position) {
	c.t.Helper()
	off := strings.Index(marked, cursor)
	if off < 0 {
		c.t.Fatalf("no cursor in %q", marked)
	}
	text := strings.Replace(marked, cursor, "", 1)
	open(c, uri, text)
	line, col := source.NewLines([]byte(text)).Position(off, source.UTF16)
	return text, protocol.Position{Line: uint32(line), Character: uint32(col)}
}

// rangeText returns the text an LSP range (UTF-16) covers.
func rangeText(text string, r protocol.Range) string {
	lines := source.NewLines([]byte(text))
	start := lines.Offset(int(r.Start.Line), int(r.Start.Character), source.UTF16)
	end := lines.Offset(int(r.End.Line), int(r.End.Character), source.UTF16)
	return text[start:end]
}

func positionParamsOf(uri string, pos protocol.Position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": pos}
}

// Wrangler configs choosing each runtime line.
const (
	config026 = "main = \"a.py\"\ncompatibility_date = \"2025-06-01\"\ncompatibility_flags = [\"python_workers\"]\n"
	config028 = "main = \"a.py\"\ncompatibility_date = \"2025-10-01\"\ncompatibility_flags = [\"python_workers\"]\n"
	config314 = "main = \"a.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\", \"python_workers_20260610\"]\n"
)

func TestHover(t *testing.T) {
	const worker = "from workers import WorkerEntrypoint\nfrom pyodide.ffi import to_py  # pyworkers: ignore[PW2‸01]\n"
	tests := []struct {
		name    string
		file    string
		src     string
		caps    string
		opts    string            // initializationOptions
		config  string            // wrangler.toml next to the file, "" for none
		project string            // pyproject.toml next to the file, "" for none
		files   map[string]string // more files in the workspace
		token   string            // the text the hover range covers; "" means null
		want    []string
		notWant []string
	}{
		{name: "aliased import", file: "a.py", src: "from pyodide.ffi import to_js as tj\ns = \"é😀\"; x = t‸j({})\n",
			token: "tj", want: []string{"```python\nto_js(obj", "JS gets `Object` (pyodide 314.0.4)"}},
		{name: "plaintext client", file: "a.py", src: "from pyodide.ffi import to_js as tj\nx = t‸j({})\n", caps: plainCapabilities,
			token: "tj", want: []string{"    to_js(obj", "dict → depends on the runtime"}, notWant: []string{"```", "**"}},
		{name: "attribute chain", file: "a.py", src: "import pyodide.ffi as ffi\nffi.create_pro‸xy(cb)\n",
			token: "create_proxy", want: []string{"create_proxy(obj"}},
		{name: "JsProxy method", file: "a.py", src: "async def f(x):\n    return x.to_‸py()\n",
			token: "to_py", want: []string{"JsProxy.to_py(*, depth=-1"}},
		{name: "js global", file: "a.py", src: "from js import fetch\nawait fe‸tch(url)\n",
			token: "fetch", want: []string{"fetch"}},
		{name: "workers symbol", file: "a.py", src: "from workers import Res‸ponse\n",
			token: "Response", want: []string{"Response"}},
		{name: "jsnull on 0.26", file: "a.py", src: "from pyodide.ffi import jsn‸ull\n", config: config026,
			token: "jsnull", want: []string{"Not available on Pyodide 0.26.0a2 (compatibility_date 2025-06-01)"}},
		{name: "jsnull on 0.28", file: "a.py", src: "from pyodide.ffi import jsn‸ull\n", config: config028,
			token: "jsnull", want: []string{"Pyodide 0.28.2", "arrives in Python as `jsnull`"}, notWant: []string{"Not available"}},
		{name: "jsnull on 314", file: "a.py", src: "from pyodide.ffi import jsn‸ull\n", config: config314,
			token: "jsnull", want: []string{"Pyodide 314", "workers-runtime-sdk"}, notWant: []string{"Not available"}},
		{name: "to_py on 0.26", file: "a.py", src: "def f(x):\n    return x.to_p‸y()\n", config: config026,
			token: "to_py", want: []string{"JS `null` becomes `None`"}, notWant: []string{"stays `jsnull`"}},
		{name: "to_py on 0.28", file: "a.py", src: "def f(x):\n    return x.to_p‸y()\n", config: config028,
			token: "to_py", want: []string{"stays `jsnull`"}, notWant: []string{"becomes `None`"}},
		{name: "suppressed rule code", file: "a.py", src: worker,
			token: "PW201", want: []string{"**PW201** `to-py-import`", "(https://", "#pw201)"}},
		{name: "docs url setting", file: "a.py", src: worker, opts: `{"docsUrl":"https://example.com/rules"}`,
			token: "PW201", want: []string{"(https://example.com/rules#pw201)"}},
		{name: "docs-url in pyproject", file: "a.py", src: worker, config: config314, project: "[tool.pyworkers-lsp]\ndocs-url = \"https://docs.example.org/pw\"\n",
			token: "PW201", want: []string{"(https://docs.example.org/pw#pw201)"}},
		{name: "editor docs url wins over pyproject", file: "a.py", src: worker, config: config314, opts: `{"docsUrl":"https://example.com/rules"}`,
			project: "[tool.pyworkers-lsp]\ndocs-url = \"https://docs.example.org/pw\"\n",
			token:   "PW201", want: []string{"(https://example.com/rules#pw201)"}},
		{name: "unknown rule code", file: "a.py", src: "x = 1  # pyworkers: ignore[PW9‸99]\n"},
		{name: "durable object storage", file: "a.py", src: "from workers import DurableObject\n\nclass Counter(DurableObject):\n    async def fetch(self, request):\n        return await self.ctx.stor‸age.get(\"n\")\n",
			token: "storage", want: []string{"**self.ctx.storage**: the Durable Object's transactional"}, notWant: []string{"Declared in", "Not declared"}},
		{name: "storage method", file: "a.py", src: "from workers import DurableObject\n\nclass Counter(DurableObject):\n    async def fetch(self, request):\n        return await self.ctx.storage.g‸et(\"n\")\n",
			token: "get", want: []string{"**self.ctx.storage.get**: used on the Durable Object storage"}},
		{name: "to_py on a converted binding result", file: "a.py", config: config314 + "\n[[d1_databases]]\nbinding = \"DB\"\n",
			src:   "from workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        r = await self.env.DB.prepare(q).all()\n        return r.to_p‸y()\n",
			token: "to_py", want: []string{"This value comes from `env.DB.prepare().all()`, which workers-runtime-sdk already converted"}},
		{name: "in string", file: "a.py", src: "from pyodide.ffi import to_js\ns = \"to‸_js\"\n"},
		{name: "in comment", file: "a.py", src: "from pyodide.ffi import to_js\n# to_‸js\n"},
		{name: "whitespace", file: "a.py", src: "from pyodide.ffi import to_js\n\n  ‸  \n"},
		{name: "undocumented module", file: "a.py", src: "import json\njson.lo‸ads(s)\n"},
		{name: "toml date", file: "wrangler.toml", src: "main = \"src/entry.py\"\ncompatibility_date = \"2025-10‸-01\"\n",
			token: `"2025-10-01"`, want: []string{"Pyodide 0.28.2", "python_workflows"}},
		{name: "toml date with a runtime flag", file: "wrangler.toml", src: "main = \"a.py\"\ncompatibility_date = \"2025-10‸-01\"\ncompatibility_flags = [\"python_workers\", \"python_workers_20260610\"]\n",
			config: "main = \"a.py\"\ncompatibility_date = \"2025-10-01\"\ncompatibility_flags = [\"python_workers\", \"python_workers_20260610\"]\n",
			token:  `"2025-10-01"`, want: []string{"Pyodide 0.28.2", "runs on **Pyodide 314.0.4 (Python 3.14)**"}},
		{name: "toml flag", file: "wrangler.toml", src: "compatibility_flags = [\"python_workers\", \"python_no_global_han‸dlers\"]\n",
			token: `"python_no_global_handlers"`, want: []string{"module-level on_fetch", "2025-08-14"}},
		{name: "jsonc flag", file: "wrangler.jsonc", src: "{\n  // flags\n  \"compatibility_flags\": [\"python_workers_2026‸0610\"],\n}\n",
			token: `"python_workers_20260610"`, want: []string{"Pyodide 314"}},
		{name: "toml key", file: "wrangler.toml", src: "compatibility_da‸te = \"2025-10-01\"\n"},
		{name: "main on a current runtime", file: "wrangler.toml", src: "main = \"src/en‸try.py\"\ncompatibility_date = \"2026-05-01\"\ncompatibility_flags = [\"python_workers\"]\n",
			files: map[string]string{"src/entry.py": "x = 1\n"}, token: `"src/entry.py"`,
			want: []string{"entry module, `src/entry.py`", "requests go to `class Default(WorkerEntrypoint)`"}, notWant: []string{"does not exist"}},
		{name: "main before python_no_global_handlers", file: "wrangler.toml", src: "main = \"src/en‸try.py\"\ncompatibility_date = \"2025-06-01\"\ncompatibility_flags = [\"python_workers\"]\n",
			files: map[string]string{"src/entry.py": "x = 1\n"}, token: `"src/entry.py"`, want: []string{"module-level `on_fetch` handlers still run"}},
		{name: "main missing", file: "wrangler.toml", src: "main = \"src/en‸try.py\"\ncompatibility_date = \"2026-05-01\"\n",
			token: `"src/entry.py"`, want: []string{"does not exist"}},
		{name: "class_name found", file: "wrangler.toml", src: "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\n\n[[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Coun‸ter\"\n",
			files: map[string]string{"src/entry.py": "from workers import DurableObject\n\nclass Counter(DurableObject):\n    pass\n"}, token: `"Counter"`,
			want: []string{"**class_name** `Counter`", "`env.COUNTER`", "Defined in `src/entry.py`, line 3."}},
		{name: "class_name missing", file: "wrangler.toml", src: "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\n\n[[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Coun‸ter\"\n",
			files: map[string]string{"src/entry.py": "x = 1\n"}, token: `"Counter"`, want: []string{"neither defines nor imports a class of that name"}},
		{name: "class_name beside main, not imported", file: "wrangler.toml", src: "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\n\n[[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Coun‸ter\"\n",
			files: map[string]string{"src/entry.py": "x = 1\n", "src/counter.py": "class Counter:\n    pass\n"}, token: `"Counter"`,
			want: []string{"Defined in `src/counter.py`, line 1.", "The main module does not import it"}},
		{name: "class_name imported by main", file: "wrangler.toml", src: "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\n\n[[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Coun‸ter\"\n",
			files: map[string]string{"src/entry.py": "from counter import Counter\n", "src/counter.py": "class Counter:\n    pass\n"}, token: `"Counter"`,
			want: []string{"Defined in `src/counter.py`, line 1."}, notWant: []string{"does not import"}},
		{name: "class_name of another Worker", file: "wrangler.toml", src: "main = \"src/entry.py\"\ncompatibility_date = \"2026-05-01\"\n\n[[durable_objects.bindings]]\nname = \"COUNTER\"\nclass_name = \"Coun‸ter\"\nscript_name = \"counters\"\n",
			token: `"Counter"`, want: []string{"defined in the Worker `counters`"}, notWant: []string{"No class"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			caps := tc.caps
			if caps == "" {
				caps = markdownCapabilities
			}
			root := t.TempDir()
			if tc.config != "" {
				writeFiles(t, root, map[string]string{"wrangler.toml": tc.config})
			}
			if tc.project != "" {
				writeFiles(t, root, map[string]string{"pyproject.toml": tc.project})
			}
			writeFiles(t, root, tc.files)
			c := startIn(t, root, caps, tc.opts)
			uri := pathURI(filepath.Join(root, tc.file))
			text, pos := openAt(c, uri, tc.src)
			var h *protocol.Hover
			if err := c.call("textDocument/hover", positionParamsOf(uri, pos), &h); err != nil {
				t.Fatalf("hover: %v", err)
			}
			if tc.token == "" {
				if h != nil {
					t.Fatalf("hover = %+v, want null", h)
				}
				return
			}
			if h == nil {
				t.Fatal("hover is null")
			}
			wantKind := protocol.Markdown
			if tc.caps == plainCapabilities {
				wantKind = protocol.PlainText
			}
			if h.Contents.Kind != wantKind {
				t.Errorf("kind = %s, want %s", h.Contents.Kind, wantKind)
			}
			if h.Range == nil || rangeText(text, *h.Range) != tc.token {
				t.Errorf("range %+v covers %q, want %q", h.Range, rangeText(text, *h.Range), tc.token)
			}
			for _, w := range tc.want {
				if !strings.Contains(h.Contents.Value, w) {
					t.Errorf("hover lacks %q:\n%s", w, h.Contents.Value)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(h.Contents.Value, w) {
					t.Errorf("hover has %q:\n%s", w, h.Contents.Value)
				}
			}
		})
	}
}

func TestCapabilitiesMatchRequests(t *testing.T) {
	c := startServer(t, Options{})
	res := c.initialize(markdownCapabilities)
	caps := res.Capabilities
	advertised := map[string]bool{
		"textDocument/hover":      caps.HoverProvider == true,
		"textDocument/definition": caps.DefinitionProvider == true,
		"textDocument/completion": caps.CompletionProvider != nil,
		"textDocument/inlayHint":  caps.InlayHintProvider,
	}
	for method, on := range advertised {
		if _, handled := requests[method]; on != handled {
			t.Errorf("%s: advertised %v, handled %v", method, on, handled)
		}
	}
	if caps.CompletionProvider != nil && !strings.Contains(strings.Join(caps.CompletionProvider.TriggerCharacters, ""), ".") {
		t.Errorf("completion triggers = %v, want `.`", caps.CompletionProvider.TriggerCharacters)
	}
	// Nothing else is advertised that the server does not answer.
	raw, err := json.Marshal(caps)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatal(err)
	}
	known := map[string]string{
		"textDocumentSync": "", "positionEncoding": "", "hoverProvider": "textDocument/hover",
		"definitionProvider": "textDocument/definition", "completionProvider": "textDocument/completion",
		"inlayHintProvider": "textDocument/inlayHint", "codeActionProvider": "textDocument/codeAction",
		"executeCommandProvider": "workspace/executeCommand", "diagnosticProvider": "textDocument/diagnostic",
		"renameProvider": "textDocument/rename", "referencesProvider": "textDocument/references",
		"documentLinkProvider": "textDocument/documentLink",
	}
	for key := range keys {
		method, ok := known[key]
		if !ok {
			t.Errorf("unexpected capability %s", key)
			continue
		}
		if _, handled := requests[method]; method != "" && !handled {
			t.Errorf("capability %s advertised but %s is not handled", key, method)
		}
	}
}

// writeFiles creates files under root (paths with slashes).
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkHover measures a hover round trip on generated Workers: the
// request over the pipe, the snapshot, the lookup (one unit flattened, a
// cached summary) and the rendered docs.
func BenchmarkHover(b *testing.B) {
	for _, lines := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("lines=%d", lines), func(b *testing.B) {
			text := analysistest.GenerateWorker(lines)
			c := startServer(b, Options{})
			c.initialize(markdownCapabilities)
			const uri = "file:///bench/src/entry.py"
			open(c, uri, string(text))
			c.waitPublish(uri, 1) // the first analysis is not part of a hover
			// The last to_js call: the farthest unit from the top.
			at := bytes.LastIndex(text, []byte("to_js(")) + 2
			line, col := source.NewLines(text).Position(at, source.UTF16)
			params := positionParamsOf(uri, protocol.Position{Line: uint32(line), Character: uint32(col)})
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var h *protocol.Hover
				if err := c.call("textDocument/hover", params, &h); err != nil || h == nil {
					b.Fatalf("hover = %v, %v", h, err)
				}
			}
			b.StopTimer()
			_ = c.call("shutdown", nil, nil)
		})
	}
}
