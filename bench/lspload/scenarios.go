package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/lspclient"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// benchEdit replaces the bytes [start, end) of the current text.
type benchEdit struct {
	start, end int
	text       string
	measured   bool // its latency counts (undo steps between repeats do not)
}

// editScenario is one way of editing a module, as a user types it.
type editScenario struct {
	name   string
	worker bool // only in the one-class Worker (it edits the class)
	edits  func(text []byte) []benchEdit
}

// moduleShape is a generated module kind the scenarios run on.
type moduleShape struct {
	name string
	gen  func(int) []byte
	// def reports whether a line starts a function of the module's main
	// body (a method of the Worker class, a top-level function).
	def func(line []byte) bool
}

var moduleShapes = []moduleShape{
	{"flat module", workergen.FlatModule, func(l []byte) bool {
		return bytes.HasPrefix(l, []byte("def ")) || bytes.HasPrefix(l, []byte("async def "))
	}},
	{"one-class Worker", workergen.Module, func(l []byte) bool { return bytes.HasPrefix(l, []byte("    async def route_")) }},
}

// typedKeys returns the keystrokes typing s at offset at. A newline and
// the spaces after it are one keystroke: Enter, which an auto-indenting
// editor inserts with the new line's indentation.
func typedKeys(at int, s string) []benchEdit {
	out := make([]benchEdit, 0, len(s))
	for i := 0; i < len(s); {
		n := 1
		if s[i] == '\n' {
			for i+n < len(s) && s[i+n] == ' ' {
				n++
			}
		}
		out = append(out, benchEdit{at + i, at + i, s[i : i+n], true})
		i += n
	}
	return out
}

// bytewise returns the keystrokes typing s at offset at, a byte each
// (Enter and each space of the indentation after it apart).
func bytewise(at int, s string) []benchEdit {
	out := make([]benchEdit, 0, len(s))
	for i := range len(s) {
		out = append(out, benchEdit{at + i, at + i, s[i : i+1], true})
	}
	return out
}

// backspaces returns the keystrokes deleting [start, end) from its end.
func backspaces(start, end int) []benchEdit {
	out := make([]benchEdit, 0, end-start)
	for i := end; i > start; i-- {
		out = append(out, benchEdit{i - 1, i, "", true})
	}
	return out
}

// block returns the byte range of whole functions starting at the first
// def line at or after from and spanning at least lines lines.
func block(text []byte, from, lines int, def func([]byte) bool) (int, int) {
	start, n := -1, 0
	for off := lineStart(text, from); off < len(text); {
		end := bytes.IndexByte(text[off:], '\n')
		if end < 0 {
			end = len(text) - off - 1
		}
		line := text[off : off+end+1]
		if def(line) {
			if start >= 0 && n >= lines {
				return start, off
			}
			if start < 0 {
				start = off
			}
		}
		if start >= 0 {
			n++
		}
		off += end + 1
	}
	if start < 0 {
		return len(text), len(text)
	}
	return start, len(text)
}

func lineStart(text []byte, off int) int { return bytes.LastIndexByte(text[:off], '\n') + 1 }

// indentAt returns the spaces at offset at of text (a line's indentation).
func indentAt(text []byte, at int) string {
	line := text[at:]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " "))])
}

// repeated measures a one-edit change k times, undoing it in between.
func repeated(k int, do, undo benchEdit) []benchEdit {
	var out []benchEdit
	for range k {
		do.measured, undo.measured = true, false
		out = append(out, do, undo)
	}
	return out
}

func scenarioList(cfg *config, shape moduleShape) []editScenario {
	all := []editScenario{
		{"type in a string", false, func(text []byte) []benchEdit {
			line, col := typingPoint(text)
			at := offsetOf(text, line, col)
			return typedKeys(at, "abcdefghijklmnopqrstuvwxyz0123")
		}},
		{"type a new top-level function", false, func(text []byte) []benchEdit {
			return typedKeys(len(text), "\n\nasync def typed_total(env, items):\n    rows = to_js(items)\n    return json_response({\"n\": len(rows)})\n")
		}},
		{"type a new function between two in the middle", false, func(text []byte) []benchEdit {
			// On a new line above a definition halfway down (a method in
			// the Worker class): the body typed is broken above a dedent
			// on most keystrokes (`rows =`, an unclosed call).
			at, _ := block(text, len(text)/2, 1, shape.def)
			indent := indentAt(text, at)
			typed := "\n" + indent + "async def typed_mid(env, items):\n" + indent + "    rows = to_js(items)\n" + indent + "    return json_response({\"n\": len(rows)})"
			return typedKeys(at-1, typed) // before the newline ending the blank line above
		}},
		{"type a new function in front of the next def in the middle", false, func(text []byte) []benchEdit {
			// At the start of a definition halfway down, pushing it along
			// (see the README's latency notes).
			at, _ := block(text, len(text)/2, 1, shape.def)
			// At the definition's indentation (a method in the Worker class).
			indent := indentAt(text, at)
			typed := "async def typed_mid(env, items):\n" + indent + "    rows = to_js(items)\n" + indent + "    return json_response({\"n\": len(rows)})\n\n" + indent
			return typedKeys(at+len(indent), typed)
		}},
		{"the same, its indentation typed a space at a time", false, func(text []byte) []benchEdit {
			// As an editor that does not indent sends it (or a user
			// pressing space): the next definition's header passes
			// through 1–3 columns of indentation after each Enter.
			at, _ := block(text, len(text)/2, 1, shape.def)
			indent := indentAt(text, at)
			typed := "async def typed_mid(env, items):\n" + indent + "    rows = to_js(items)\n" + indent + "    return json_response({\"n\": len(rows)})\n\n" + indent
			return bytewise(at+len(indent), typed)
		}},
		{"type a docstring a byte a keystroke", false, func(text []byte) []benchEdit {
			// At the start of the body of a definition halfway down, as
			// an editor that does not close quotes sends it: its opening
			// quotes pair with the next docstring's until it is closed.
			at, _ := block(text, len(text)/2, 1, shape.def)
			at += bytes.Index(text[at:], []byte(":\n")) + 2
			indent := indentAt(text, at)
			return bytewise(at, indent+"\"\"\"Count the rows of the table.\"\"\"\n")
		}},
		{"type a new function at the start of the next def's line in the middle", false, func(text []byte) []benchEdit {
			// The next definition is pushed along its line, then down.
			at, _ := block(text, len(text)/2, 1, shape.def)
			indent := indentAt(text, at)
			typed := indent + "async def typed_mid(env, items):\n" + indent + "    rows = to_js(items)\n" + indent + "    return json_response({\"n\": len(rows)})\n\n"
			return typedKeys(at, typed)
		}},
		{"type a new method", true, func(text []byte) []benchEdit {
			at := bytes.Index(text, []byte("\n\nclass Counter("))
			return typedKeys(at, "\n    async def typed_route(self, request, ident):\n        return json_response({\"id\": ident})\n")
		}},
		{"add and remove an import", false, func(text []byte) []benchEdit {
			at := bytes.Index(text, []byte("import json\n")) + len("import json\n")
			imp := "from pyodide.ffi import to_py\n"
			return append(typedKeys(at, imp), backspaces(at, at+len(imp))...)
		}},
		{"rename a function by typing over its name", false, func(text []byte) []benchEdit {
			at := bytes.Index(text, []byte("def json_response")) + len("def ")
			out := []benchEdit{{at, at + len("json_response"), "j", true}}
			return append(out, typedKeys(at+1, "son_reply")...)
		}},
		{"paste 200 lines", false, func(text []byte) []benchEdit {
			a, b := block(text, len(text)/3, 200, shape.def)
			at, _ := block(text, len(text)/2, 1, shape.def)
			chunk := string(text[a:b])
			return repeated(5, benchEdit{at, at, chunk, true}, benchEdit{at, at + len(chunk), "", false})
		}},
		{"delete a 50-line method", false, func(text []byte) []benchEdit {
			a, b := block(text, len(text)/2, 50, shape.def)
			chunk := string(text[a:b])
			return repeated(5, benchEdit{a, b, "", true}, benchEdit{a, a, chunk, false})
		}},
	}
	var out []editScenario
	for _, sc := range all {
		if (!sc.worker || shape.name == "one-class Worker") && strings.Contains(sc.name, cfg.onlyScenario) {
			out = append(out, sc)
		}
	}
	return out
}

// offsetOf converts an ASCII line/column to a byte offset.
func offsetOf(text []byte, line, col int) int {
	off := 0
	for range line {
		off += bytes.IndexByte(text[off:], '\n') + 1
	}
	return off + col
}

// position converts a byte offset of ASCII text to an LSP position.
func position(text []byte, off int) map[string]int {
	line := bytes.Count(text[:off], []byte("\n"))
	return map[string]int{"line": line, "character": off - lineStart(text, off)}
}

// scenarioResult is one server's run of one scenario.
type scenarioResult struct {
	lats       []time.Duration
	wanted     int
	codeAction time.Duration
	hover      time.Duration
	// cpu is the server's CPU time over the scenario's edits (to the last
	// publish), sent the number of edits (undo steps included).
	cpu  time.Duration
	sent int
	err  error
}

// cpuPerEdit is the server's CPU time per edit sent, or "-".
func (s scenarioResult) cpuPerEdit() string {
	if s.sent == 0 || s.cpu < 0 {
		return "-"
	}
	return ms(s.cpu / time.Duration(s.sent))
}

func (s scenarioResult) pct(p float64) time.Duration {
	return latencyResult{lats: s.lats}.pct(p)
}

func scenariosSection(cfg *config, r *report) error {
	r.printf("## Editing scenarios: edit → publishDiagnostics\n\n")
	r.printf("Each server is started with VS Code's client capabilities on a generated module and the scenarios run one after another "+
		"on the same document, keystroke by keystroke (Enter and the new line's indentation are one keystroke, as an auto-indenting editor inserts them; "+
		"paste and delete: 5 times each, undone in between; the undo is not counted). "+
		"Latency is from sending didChange to the publishDiagnostics of that version (servers without versions: the next publish). "+
		"After each scenario: an invoked code action (triggerKind 1) on a published diagnostic, and a hover on a call. "+
		"CPU/edit is the server process's CPU time (user+system, all threads, from /proc; 10 ms ticks) over the scenario's edits divided by the edits sent: "+
		"on a loaded machine it measures the server's own work where wall-clock latency also measures the other processes. "+
		"This client runs its own collector at GOGC=%d while it times (its garbage is a copy of the module an edit). "+
		"Load average at the start of the section: %s. At most %v per server, shape and size.\n\n", clientGCPercent, loadAverage(), cfg.budget)
	r.printf("| module | lines | scenario | server | n | p50 | p99 | max | CPU/edit | code action | hover |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	var cold []string
	for _, shape := range moduleShapes {
		if !strings.Contains(shape.name, cfg.onlyShape) {
			continue
		}
		for _, lines := range cfg.sizes {
			text := shape.gen(lines)
			name := fmt.Sprintf("scenario-%s-%d", strings.ReplaceAll(shape.name, " ", "-"), lines)
			root := filepath.Join(cfg.workdir, name)
			entry, err := workergen.WriteWorker(root, name, text)
			if err != nil {
				return err
			}
			for _, s := range cfg.servers {
				progress("scenarios: %s on a %d-line %s", s.name, lines, shape.name)
				first, firstCPU, results, names := runScenarios(cfg, s, shape, root, entry, text)
				cold = append(cold, fmt.Sprintf("| %s | %d | %s | %s | %s |", shape.name, lines, s.name, ms(first), ms(firstCPU)))
				for i, res := range results {
					row := fmt.Sprintf("| %s | %d | %s | %s | %d/%d | %s | %s | %s | %s | %s | %s |", shape.name, lines, names[i], s.name,
						len(res.lats), res.wanted, ms(res.pct(0.5)), ms(res.pct(0.99)), ms(res.pct(1)), res.cpuPerEdit(), ms(res.codeAction), ms(res.hover))
					if res.err != nil {
						row += " " + oneLine(res.err)
					}
					r.printf("%s\n", row)
				}
			}
		}
	}
	r.printf("\nProcess start → first publishDiagnostics of the opened module (the same runs), and the server's CPU time by then:\n\n| module | lines | server | first diagnostics | CPU |\n|---|---|---|---|---|\n")
	for _, row := range cold {
		r.printf("%s\n", row)
	}
	r.printf("\n")
	return nil
}

// runScenarios starts server s, opens entry and plays every scenario; it
// returns the time to the first diagnostics, the server's CPU time by
// then, and one result per scenario.
func runScenarios(cfg *config, s serverSpec, shape moduleShape, root, entry string, text []byte) (time.Duration, time.Duration, []scenarioResult, []string) {
	list := scenarioList(cfg, shape)
	results := make([]scenarioResult, len(list))
	names := make([]string, len(list))
	for i, sc := range list {
		names[i] = sc.name
	}
	fail := func(err error) (time.Duration, time.Duration, []scenarioResult, []string) {
		for i := range results {
			results[i].err = err
		}
		return 0, 0, results, names
	}
	c, err := lspclient.Start(s.argv, root, cfg.serverLog)
	if err != nil {
		return fail(err)
	}
	defer c.Close(5 * time.Second)
	if err := c.InitializeWith(root, lspclient.VSCodeCapabilities, cfg.initTimeout); err != nil {
		return fail(err)
	}
	uri := lspclient.FileURI(entry)
	if err := c.Open(uri, 1, text); err != nil {
		return fail(err)
	}
	firstPub, next, err := c.WaitPublish(0, cfg.budget, func(p lspclient.Publish) bool { return p.URI == uri })
	if err != nil {
		return fail(fmt.Errorf("no diagnostics after open: %w", err))
	}
	first := firstPub.At.Sub(c.Started)
	firstCPU, err := c.CPUTime()
	if err != nil {
		firstCPU = -1
	}
	next = settle(c, next, 1500*time.Millisecond, 30*time.Second)
	cur := bytes.Clone(text)
	version := int32(1)
	deadline := time.Now().Add(cfg.budget)
	last := firstPub
	for i, sc := range list {
		res := &results[i]
		cpu0, cpuErr := c.CPUTime()
		edits := sc.edits(cur)
		for _, e := range edits {
			if e.measured {
				res.wanted++
			}
		}
		for _, e := range edits {
			if time.Until(deadline) <= 0 {
				res.err = fmt.Errorf("time budget of %v used up", cfg.budget)
				break
			}
			version++
			start, end := position(cur, e.start), position(cur, e.end)
			sent := time.Now()
			err := c.Notify("textDocument/didChange", map[string]any{
				"textDocument":   map[string]any{"uri": uri, "version": version},
				"contentChanges": []any{map[string]any{"range": map[string]any{"start": start, "end": end}, "text": e.text}},
			})
			if err != nil {
				res.err = err
				break
			}
			cur = append(cur[:e.start:e.start], append([]byte(e.text), cur[e.end:]...)...)
			v := version
			p, after, err := c.WaitPublish(next, min(time.Until(deadline), 30*time.Second), func(p lspclient.Publish) bool {
				return p.URI == uri && (p.Version == nil || *p.Version >= v)
			})
			if err != nil {
				res.err = fmt.Errorf("version %d: %w", v, err)
				break
			}
			next, last = after, p
			res.sent++
			if e.measured {
				res.lats = append(res.lats, p.At.Sub(sent))
			}
		}
		sort.Slice(res.lats, func(a, b int) bool { return res.lats[a] < res.lats[b] })
		if cpu1, err := c.CPUTime(); err == nil && cpuErr == nil {
			res.cpu = cpu1 - cpu0
		} else {
			res.cpu = -1
		}
		if res.err != nil {
			continue
		}
		res.codeAction, res.err = invokeCodeAction(c, uri, cur, last)
		if res.err == nil {
			res.hover, res.err = hoverCall(c, uri, cur)
		}
	}
	return first, firstCPU, results, names
}

// invokeCodeAction asks for the actions on the middle diagnostic of the
// last publish, as Ctrl+. on it does, and times the answer.
func invokeCodeAction(c *lspclient.Client, uri string, text []byte, last lspclient.Publish) (time.Duration, error) {
	var diags []json.RawMessage
	_ = json.Unmarshal(last.Raw, &diags)
	ctx := map[string]any{"diagnostics": []any{}, "triggerKind": 1}
	rng := map[string]any{"start": position(text, len(text)/2), "end": position(text, len(text)/2)}
	if len(diags) > 0 {
		d := diags[len(diags)/2]
		var wire struct {
			Range json.RawMessage `json:"range"`
		}
		_ = json.Unmarshal(d, &wire)
		ctx["diagnostics"] = []json.RawMessage{d}
		rng = map[string]any{}
		_ = json.Unmarshal(wire.Range, &rng)
	}
	start := time.Now()
	_, err := c.Call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng, "context": ctx}, 30*time.Second)
	return time.Since(start), err
}

// hoverCall hovers a json_response call near the middle of the module.
func hoverCall(c *lspclient.Client, uri string, text []byte) (time.Duration, error) {
	at := bytes.Index(text[len(text)/2:], []byte("json_response("))
	if at < 0 {
		at = 0
	} else {
		at += len(text)/2 + 2
	}
	start := time.Now()
	_, err := c.Call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": position(text, at)}, 30*time.Second)
	return time.Since(start), err
}
