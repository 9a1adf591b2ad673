package server

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"go.lsp.dev/jsonrpc2"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

func init() {
	requests["workspace/executeCommand"] = (*Server).executeCommand
}

// commands are the workspace/executeCommand commands, for editors
// without an extension of their own (Neovim's :lua
// vim.lsp.buf.execute_command, Helix's :lsp-workspace-command, Emacs's
// eglot-execute): arguments are a single object {"uri": …} where a
// command works on a document.
var commands = map[string]func(s *Server, ctx context.Context, args []json.RawMessage) (any, error){
	"pyworkers.applyFixAll":    (*Server).commandFixAll,
	"pyworkers.explainProfile": (*Server).commandExplainProfile,
	"pyworkers.debugInfo":      (*Server).commandDebugInfo,
}

func commandNames() []string {
	var out []string
	for name := range commands {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func (s *Server) executeCommand(ctx context.Context, raw json.RawMessage) (any, error) {
	var p struct {
		Command   string            `json:"command"`
		Arguments []json.RawMessage `json:"arguments"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, invalidParams(err)
	}
	run, ok := commands[p.Command]
	if !ok {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "unknown command %q (known: %s)", p.Command, strings.Join(commandNames(), ", "))
	}
	return run(s, ctx, p.Arguments)
}

// uriArgument reads the document a command works on: {"uri": …} or a
// bare URI string.
func uriArgument(args []json.RawMessage) (string, error) {
	if len(args) == 0 {
		return "", jsonrpc2.Errorf(jsonrpc2.InvalidParams, "the command needs a document: [{\"uri\": …}]")
	}
	var obj struct {
		URI string `json:"uri"`
	}
	if json.Unmarshal(args[0], &obj) == nil && obj.URI != "" {
		return obj.URI, nil
	}
	var uri string
	if json.Unmarshal(args[0], &uri) == nil && uri != "" {
		return uri, nil
	}
	return "", jsonrpc2.Errorf(jsonrpc2.InvalidParams, "the command needs a document: [{\"uri\": …}]")
}

// commandFixAll applies every safe fix of the document through
// workspace/applyEdit (the source.fixAll.pyworkers code action's edit)
// and returns {"applied": false} when there was nothing to fix.
func (s *Server) commandFixAll(ctx context.Context, args []json.RawMessage) (any, error) {
	uri, err := uriArgument(args)
	if err != nil {
		return nil, err
	}
	a, ok := s.actionsFor(uri)
	if !ok {
		return nil, jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s is not open", uri)
	}
	defer a.close()
	if !a.ide.Fixable() {
		return map[string]any{"applied": false}, nil
	}
	act, ok, err := a.fixAll(ctx)
	if err != nil {
		return nil, err
	}
	if !ok {
		return map[string]any{"applied": false}, nil
	}
	// The request outlives this one, whose context ends with its reply.
	s.request(context.WithoutCancel(ctx), "workspace/applyEdit", map[string]any{"label": act.Title, "edit": act.Edit})
	return map[string]any{"applied": true, "title": act.Title}, nil
}

// commandExplainProfile returns, as text, the runtime profile a file
// resolves to and where each value came from (`check --explain-profile`).
func (s *Server) commandExplainProfile(ctx context.Context, args []json.RawMessage) (any, error) {
	uri, err := uriArgument(args)
	if err != nil {
		return nil, err
	}
	path := uriPath(uri)
	s.mu.Lock()
	p := s.projectForLocked(path)
	s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "Runtime profile of %s\n\n%s", path, profile.Explain(p.Profile))
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "note: %s\n", n.Message)
	}
	if !p.InWorker() {
		b.WriteString("note: no wrangler config above this file: it is outside any Worker\n")
	}
	return b.String(), nil
}

// debugInfo is what a bug report needs from a running server.
type debugInfo struct {
	Version          string          `json:"version"`
	PositionEncoding string          `json:"positionEncoding"`
	Folders          []string        `json:"folders"`
	OpenDocuments    []string        `json:"openDocuments"`
	Settings         Settings        `json:"settings"`
	FolderSettings   map[string]any  `json:"folderSettings"`
	PullDiagnostics  bool            `json:"pullDiagnostics"`
	ConfigPull       bool            `json:"workspaceConfiguration"`
	Workers          []debugWorker   `json:"workers"`
	Client           map[string]bool `json:"client"`
}

type debugWorker struct {
	Config  string `json:"config"`
	Main    string `json:"main,omitempty"`
	Runtime string `json:"runtime"`
}

func (s *Server) commandDebugInfo(ctx context.Context, _ []json.RawMessage) (any, error) {
	s.mu.Lock()
	info := debugInfo{Version: s.version, Folders: append([]string{}, s.folders...), Settings: s.settings, OpenDocuments: []string{}, FolderSettings: map[string]any{}, Workers: []debugWorker{},
		Client: map[string]bool{"markdownHover": s.client.markdownHover, "watchFiles": s.client.watchFiles, "documentChanges": s.client.documentChanges, "inlayHintRefresh": s.client.inlayHintRefresh}}
	info.PositionEncoding = "utf-16"
	if s.enc == source.UTF8 {
		info.PositionEncoding = "utf-8"
	}
	seen := map[string]bool{}
	for uri, d := range s.docs {
		info.OpenDocuments = append(info.OpenDocuments, uri)
		if d.path == "" || d.kind == otherDoc {
			continue
		}
		p := s.projectForLocked(d.path)
		if hasWrangler(p) && !seen[p.Workspace.Wrangler.Path] {
			seen[p.Workspace.Wrangler.Path] = true
			info.Workers = append(info.Workers, debugWorker{Config: p.Workspace.Wrangler.Path, Main: p.Profile.Main, Runtime: profileRuntime(p.Profile)})
		}
	}
	s.mu.Unlock()
	s.feat.mu.Lock()
	for f, st := range s.feat.folderSettings {
		info.FolderSettings[f] = st
	}
	info.PullDiagnostics, info.ConfigPull = s.feat.pull, s.feat.configPull
	s.feat.mu.Unlock()
	sort.Strings(info.OpenDocuments)
	return info, nil
}

// profileRuntime is the first line of the profile's explanation (the
// runtime it resolved to).
func profileRuntime(p *profile.Profile) string {
	first, _, _ := strings.Cut(profile.Explain(p), "\n")
	return strings.TrimSpace(first)
}
