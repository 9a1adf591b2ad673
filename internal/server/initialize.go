package server

import (
	"context"
	"encoding/json"
	"net/url"
	"path/filepath"
	"slices"

	"go.lsp.dev/protocol"
	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
)

// Code action kind for fix-all (protocol v0.12 has no constant for it).
const codeActionFixAll protocol.CodeActionKind = "source.fixAll.pyworkers"

// initializeParams holds the parts of InitializeParams the server reads.
// It is decoded by hand because protocol v0.12 lacks positionEncodings.
type initializeParams struct {
	RootURI          string          `json:"rootUri"`
	RootPath         string          `json:"rootPath"`
	InitOptions      json.RawMessage `json:"initializationOptions"`
	WorkspaceFolders []struct {
		URI string `json:"uri"`
	} `json:"workspaceFolders"`
	Capabilities struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
		TextDocument struct {
			Hover struct {
				ContentFormat []string `json:"contentFormat"`
			} `json:"hover"`
			PublishDiagnostics struct {
				VersionSupport bool `json:"versionSupport"`
			} `json:"publishDiagnostics"`
			CodeAction struct {
				ResolveSupport struct {
					Properties []string `json:"properties"`
				} `json:"resolveSupport"`
			} `json:"codeAction"`
		} `json:"textDocument"`
		Workspace struct {
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
			WorkspaceEdit struct {
				DocumentChanges bool `json:"documentChanges"`
			} `json:"workspaceEdit"`
			InlayHint struct {
				RefreshSupport bool `json:"refreshSupport"`
			} `json:"inlayHint"`
		} `json:"workspace"`
	} `json:"capabilities"`
}

// clientInfo is what the server remembers of the client's capabilities.
type clientInfo struct {
	markdownHover bool
	watchFiles    bool
	// documentChanges: the client applies versioned TextDocumentEdits.
	documentChanges bool
	// inlayHintRefresh: the client takes workspace/inlayHint/refresh.
	inlayHintRefresh bool
	// resolveEdit: the client resolves a code action's edit lazily
	// (codeAction/resolve), so fix-all can wait until it is applied.
	resolveEdit bool
}

// serverCapabilities adds what protocol v0.12 lacks.
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding,omitempty"`
	// InlayHintProvider is LSP 3.17's inlayHintProvider.
	InlayHintProvider bool `json:"inlayHintProvider,omitempty"`
	// DiagnosticProvider is LSP 3.17's pull diagnostics (features.go).
	DiagnosticProvider *diagnosticOptions `json:"diagnosticProvider,omitempty"`
}

type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

func (s *Server) initialize(ctx context.Context, raw json.RawMessage) (any, error) {
	var p initializeParams
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, invalidParams(err)
		}
	}
	enc, encName := source.UTF16, "utf-16"
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == "utf-8" {
			enc, encName = source.UTF8, "utf-8"
			break
		}
	}
	settings := s.feat.initialSettings()
	if section, ok := settingsSection(p.InitOptions); ok {
		unknown, err := settings.update(section)
		s.reportSettings(ctx, unknown, err)
	}
	s.feat.setInitial(settings)
	s.feat.readClientCaps(raw)
	var folders []string
	for _, f := range p.WorkspaceFolders {
		if path := uriPath(f.URI); path != "" {
			folders = append(folders, path)
		}
	}
	if len(folders) == 0 {
		if path := uriPath(p.RootURI); path != "" {
			folders = append(folders, path)
		} else if p.RootPath != "" {
			folders = append(folders, filepath.Clean(p.RootPath))
		}
	}
	markdown := false
	for _, f := range p.Capabilities.TextDocument.Hover.ContentFormat {
		if f == "markdown" {
			markdown = true
		}
	}

	s.mu.Lock()
	s.state = running
	s.enc = enc
	s.settings = settings
	s.folders = folders
	s.client = clientInfo{markdownHover: markdown, watchFiles: p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration,
		documentChanges: p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges, inlayHintRefresh: p.Capabilities.Workspace.InlayHint.RefreshSupport,
		resolveEdit: slices.Contains(p.Capabilities.TextDocument.CodeAction.ResolveSupport.Properties, "edit")}
	s.mu.Unlock()
	s.log.Info("initialized", zap.String("positionEncoding", encName), zap.Strings("folders", folders))

	caps := serverCapabilities{ServerCapabilities: capabilities(), PositionEncoding: encName, InlayHintProvider: true}
	s.extendCapabilities(&caps)
	return initializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.ServerInfo{Name: "pyworkers-lsp", Version: s.version},
	}, nil
}

// capabilities advertises exactly the features registered in server.go's
// request table.
func capabilities() protocol.ServerCapabilities {
	return protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: true,
			Change:    protocol.TextDocumentSyncKindIncremental,
			Save:      &protocol.SaveOptions{IncludeText: false},
		},
		HoverProvider:      true,
		DefinitionProvider: true,
		CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: completionTriggers},
		CodeActionProvider: &protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, codeActionFixAll}, ResolveProvider: true},
	}
}

func (s *Server) initialized(ctx context.Context, _ json.RawMessage) error {
	s.registerWatchers(ctx)
	s.pullConfiguration(ctx)
	return nil
}

func (s *Server) shutdown(ctx context.Context, _ json.RawMessage) (any, error) {
	s.mu.Lock()
	s.state = shuttingDown
	s.mu.Unlock()
	return nil, nil
}

func (s *Server) exit(ctx context.Context, _ json.RawMessage) error {
	s.mu.Lock()
	code := 1
	if s.state == shuttingDown {
		code = 0
	}
	s.mu.Unlock()
	select {
	case s.exitCode <- code:
	default:
	}
	return nil
}

// uriPath returns the local path of a file: URI, or "" for other schemes
// (go.lsp.dev/uri's Filename panics on those).
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.Clean(filepath.FromSlash(u.Path))
}

// pathURI builds a file: URI for a local path.
func pathURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
