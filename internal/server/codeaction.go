package server

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/config"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/ide"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/quickfix"
)

// codeActionParams is CodeActionParams decoded with wire positions; the
// context's diagnostics stay raw so actions can echo them back as sent.
type codeActionParams struct {
	TextDocument struct {
		URI string `json:"uri"`
	} `json:"textDocument"`
	Range   wireRange `json:"range"`
	Context struct {
		// Diagnostics is nil when the client sent none (recompute) and
		// empty when it sent an empty list (nothing to fix here).
		Diagnostics *[]json.RawMessage        `json:"diagnostics"`
		Only        []protocol.CodeActionKind `json:"only"`
		// TriggerKind is 2 when the editor asks on its own (a cursor
		// move), 1 when the user asked.
		TriggerKind int `json:"triggerKind"`
	} `json:"context"`
}

// wireDiagnostic is the part of a client diagnostic a fix needs.
type wireDiagnostic struct {
	Range  wireRange      `json:"range"`
	Code   any            `json:"code"`
	Source string         `json:"source"`
	Data   map[string]any `json:"data"`
}

// codeAction is a CodeAction literal; diagnostics are echoed as received.
type codeAction struct {
	Title       string                  `json:"title"`
	Kind        protocol.CodeActionKind `json:"kind"`
	Diagnostics []json.RawMessage       `json:"diagnostics,omitempty"`
	IsPreferred bool                    `json:"isPreferred,omitempty"`
	Edit        *protocol.WorkspaceEdit `json:"edit,omitempty"`
	// Data identifies an unresolved fix-all for codeAction/resolve.
	Data *fixAllData `json:"data,omitempty"`
}

// fixAllData is the data of an unresolved fix-all: the document version
// it was offered for.
type fixAllData struct {
	URI     string `json:"uri"`
	Version int32  `json:"version"`
}

// codeAction answers textDocument/codeAction: a quick fix and an "ignore
// on this line" action per pyworkers diagnostic in the request, and
// source.fixAll.pyworkers with every safe fix of the document. Fixes are
// computed on the document's current snapshot, from the diagnostics'
// data and the snapshot's analysis (never a new one); a diagnostic that
// no longer matches the text gets none.
func (s *Server) codeAction(ctx context.Context, raw json.RawMessage) (any, error) {
	var p codeActionParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	a, ok := s.actionsFor(p.TextDocument.URI)
	if !ok {
		return []codeAction{}, nil
	}
	defer a.close()
	if !a.ide.Fixable() {
		return []codeAction{}, nil
	}
	out := []codeAction{}
	if wants(p.Context.Only, protocol.QuickFix) {
		fixes, err := a.quickFixes(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, fixes...)
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	// Fix-all analyses the whole document: only when asked for by kind,
	// or by the user, never on every cursor move.
	const automatic = 2
	if wants(p.Context.Only, codeActionFixAll) && (len(p.Context.Only) > 0 || p.Context.TriggerKind != automatic) {
		if a.lazy {
			if a.ide.CanFixAll() {
				out = append(out, codeAction{Title: fixAllTitle, Kind: codeActionFixAll, Data: &fixAllData{URI: a.uri, Version: a.v.snap.Version}})
			}
		} else if fa, ok, err := a.fixAll(ctx); err != nil {
			return nil, err
		} else if ok {
			out = append(out, fa)
		}
	}
	return out, nil
}

// actionsFor prepares the code actions of a request on the current
// snapshot of uri; false when it is not open.
func (s *Server) actionsFor(uri string) (*actions, bool) {
	v, ok := s.viewOf(uri)
	if !ok {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return &actions{s: s, v: v, uri: uri, ide: ide.NewActions(v.snap, s.settingsForLocked(v.path).Runtime),
		documentChanges: s.client.documentChanges, lazy: s.client.resolveEdit}, true
}

// fixAllTitle names the fix-all action before it is resolved (the number
// of fixes is known only once they are applied).
const fixAllTitle = "Fix all auto-fixable pyworkers problems"

// resolveCodeAction answers codeAction/resolve: the edit of an unresolved
// fix-all, on the document version it was offered for (ContentModified
// once the document has changed).
func (s *Server) resolveCodeAction(ctx context.Context, raw json.RawMessage) (any, error) {
	var ca codeAction
	if err := json.Unmarshal(raw, &ca); err != nil {
		return nil, invalidParams(err)
	}
	if ca.Kind != codeActionFixAll || ca.Data == nil {
		return ca, nil // nothing to resolve: every other action comes complete
	}
	a, ok := s.actionsFor(ca.Data.URI)
	if !ok {
		return nil, jsonrpc2.NewError(codeContentModified, "document closed")
	}
	defer a.close()
	if a.v.snap.Version != ca.Data.Version {
		return nil, jsonrpc2.NewError(codeContentModified, "document changed since the action was offered")
	}
	fa, ok, err := a.fixAll(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		ca.Edit = &protocol.WorkspaceEdit{} // nothing left to fix
		return ca, nil
	}
	fa.Data = ca.Data
	return fa, nil
}

// wants reports whether a request limited to only asks for kind: kinds
// are hierarchical, so "source" asks for "source.fixAll.pyworkers".
func wants(only []protocol.CodeActionKind, kind protocol.CodeActionKind) bool {
	if len(only) == 0 {
		return true
	}
	for _, k := range only {
		if k == kind || strings.HasPrefix(string(kind), string(k)+".") {
			return true
		}
	}
	return false
}

// actions adapts the code actions of one request (ide.Actions) to LSP.
type actions struct {
	s               *Server
	v               *view
	uri             string
	ide             *ide.Actions
	documentChanges bool
	lazy            bool // the client resolves fix-all's edit later
}

func (a *actions) close() {
	a.ide.Close()
	a.v.close()
}

// requested returns the diagnostics the request is about, each with the
// raw form to echo back (nil when recomputed).
func (a *actions) requested(ctx context.Context, p codeActionParams) ([]diag.Diagnostic, []json.RawMessage, error) {
	m := a.v.mapper()
	if p.Context.Diagnostics == nil {
		start, end := m.offsets(p.Range)
		findings, err := a.ide.Findings(ctx)
		if err != nil {
			return nil, nil, err
		}
		var out []diag.Diagnostic
		for _, d := range findings {
			if d.Start <= end && start <= d.End {
				out = append(out, d)
			}
		}
		return out, make([]json.RawMessage, len(out)), nil
	}
	var out []diag.Diagnostic
	var raws []json.RawMessage
	for _, raw := range *p.Context.Diagnostics {
		var w wireDiagnostic
		if json.Unmarshal(raw, &w) != nil || w.Source != "pyworkers" {
			continue
		}
		code, _ := w.Code.(string)
		if rules.ByCode(code) == nil {
			continue
		}
		start, end := m.offsets(w.Range)
		d := diag.Diagnostic{Code: code, Start: start, End: end, Data: stringData(w.Data)}
		if d.Data == nil {
			// Clients that drop `data`: take it from the current findings.
			findings, err := a.ide.Findings(ctx)
			if err != nil {
				return nil, nil, err
			}
			for _, f := range findings {
				if f.Code == code && f.Start == start && f.End == end {
					d.Data = f.Data
				}
			}
		}
		out = append(out, d)
		raws = append(raws, raw)
	}
	return out, raws, nil
}

func stringData(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// quickFixes returns the fixes of the requested diagnostics.
func (a *actions) quickFixes(ctx context.Context, p codeActionParams) ([]codeAction, error) {
	diags, raws, err := a.requested(ctx, p)
	if len(diags) == 0 || err != nil {
		return nil, err
	}
	var out []codeAction
	for i, fixes := range a.ide.Fixes(diags) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for _, f := range fixes {
			edit, err := a.workspaceEdit(f.Edits)
			if err != nil {
				a.s.log.Debug("dropping fix: " + err.Error())
				continue
			}
			ca := codeAction{Title: f.Title, Kind: protocol.QuickFix, IsPreferred: f.Preferred, Edit: edit}
			if raws[i] != nil {
				ca.Diagnostics = []json.RawMessage{raws[i]}
			}
			out = append(out, ca)
		}
	}
	return out, nil
}

// fixAll returns source.fixAll.pyworkers: every safe fix, as one edit of
// the changed region; false when nothing is fixable.
func (a *actions) fixAll(ctx context.Context) (codeAction, bool, error) {
	res, ok, err := a.ide.FixAll(ctx)
	if !ok || err != nil {
		return codeAction{}, false, err
	}
	edit, err := a.workspaceEdit([]quickfix.Edit{changedRegion(a.v.snap.Text, res.Text)})
	if err != nil {
		return codeAction{}, false, nil
	}
	return codeAction{Title: fmt.Sprintf("Fix all auto-fixable pyworkers problems (%d)", res.Fixed), Kind: codeActionFixAll, Edit: edit}, true, nil
}

// changedRegion is the single edit turning before into after: the bytes
// between their common prefix and suffix, kept on UTF-8 boundaries.
func changedRegion(before, after []byte) quickfix.Edit {
	pre := 0
	for pre < len(before) && pre < len(after) && before[pre] == after[pre] {
		pre++
	}
	for pre > 0 && !runeStart(before, pre) {
		pre--
	}
	suf := 0
	for suf < len(before)-pre && suf < len(after)-pre && before[len(before)-1-suf] == after[len(after)-1-suf] {
		suf++
	}
	for suf > 0 && !runeStart(before, len(before)-suf) {
		suf--
	}
	return quickfix.Edit{Start: pre, End: len(before) - suf, NewText: string(after[pre : len(after)-suf])}
}

func runeStart(b []byte, i int) bool { return i >= len(b) || b[i]&0xC0 != 0x80 }

// workspaceEdit converts fix edits (byte offsets, per path) to LSP: one
// versioned TextDocumentEdit per file when the client takes
// documentChanges (a stale edit is then rejected), else `changes`.
func (a *actions) workspaceEdit(edits []quickfix.Edit) (*protocol.WorkspaceEdit, error) {
	type target struct {
		uri     string
		version *int32
		m       mapper
	}
	byPath := map[string][]quickfix.Edit{}
	for _, e := range edits {
		byPath[e.Path] = append(byPath[e.Path], e)
	}
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	we := &protocol.WorkspaceEdit{}
	for _, path := range paths {
		var t target
		if path == "" || path == a.v.path {
			version := a.v.snap.Version
			t = target{uri: a.uri, version: &version, m: a.v.mapper()}
		} else {
			var err error
			if t.uri, t.version, t.m, err = a.s.fileMapper(path, a.v.enc); err != nil {
				return nil, err
			}
		}
		var tes []protocol.TextEdit
		for _, e := range byPath[path] {
			tes = append(tes, protocol.TextEdit{Range: t.m.rng(e.Start, e.End), NewText: e.NewText})
		}
		if a.documentChanges {
			we.DocumentChanges = append(we.DocumentChanges, protocol.TextDocumentEdit{
				TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{
					TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: protocol.DocumentURI(t.uri)},
					Version:                t.version,
				},
				Edits: tes,
			})
			continue
		}
		if we.Changes == nil {
			we.Changes = map[protocol.DocumentURI][]protocol.TextEdit{}
		}
		we.Changes[protocol.DocumentURI(t.uri)] = tes
	}
	return we, nil
}

// fileMapper returns the URI, version (nil when not open: the disk is
// the master) and position mapper of another file a fix edits.
func (s *Server) fileMapper(path string, enc source.Encoding) (string, *int32, mapper, error) {
	s.mu.Lock()
	for uri, d := range s.docs {
		if d.path == path {
			version := d.doc.Version
			m := mapper{lines: d.doc.Lines(), enc: enc}
			s.mu.Unlock()
			return uri, &version, m, nil
		}
	}
	s.mu.Unlock()
	text, err := config.ReadRegular(path, config.LimitOf(path))
	if err != nil {
		return "", nil, mapper{}, fmt.Errorf("codeAction: %w", err)
	}
	return pathURI(path), nil, mapper{lines: source.NewLines(text), enc: enc}, nil
}
