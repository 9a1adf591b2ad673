package server

import (
	"context"
	"encoding/json"
	"sync"

	"go.lsp.dev/protocol"
)

// features holds the state of the workspace-wide features: pull
// diagnostics, diagnostics of unopened modules, per-folder settings and
// commands. It has its own lock; code holding it never takes s.mu.
type features struct {
	// life lasts as long as the server: work the features start outlives
	// the message that started it (a notification's context ends with its
	// handler) and stops with the server.
	life context.Context
	end  context.CancelFunc

	mu sync.Mutex
	// Client capabilities.
	pull        bool // textDocument.diagnostic: the client pulls diagnostics
	pullRefresh bool // workspace.diagnostics.refreshSupport
	configPull  bool // workspace.configuration
	// folderSettings are the settings workspace/configuration returned
	// for each workspace folder (by path).
	folderSettings map[string]Settings
	// initial are the settings from initializationOptions: they stay
	// when workspace/configuration has nothing for pyworkers (null).
	initial Settings
	// gen changes whenever something every file's diagnostics may depend
	// on changed (a config, a saved module, the settings): cached pull
	// results of unopened files are reused only within a generation.
	gen uint64
	// results are the last pull results by URI.
	results map[string]pullResult
	// background publishes the diagnostics of unopened modules for
	// clients that do not pull.
	background backgroundState
}

func newFeatures(base *Settings) *features {
	f := &features{folderSettings: map[string]Settings{}, results: map[string]pullResult{}, initial: defaultSettings()}
	f.life, f.end = context.WithCancel(context.Background())
	if base != nil {
		f.initial = *base
	}
	return f
}

// initialSettings are the settings before the client sent any.
func (f *features) initialSettings() Settings {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.initial
}

func (f *features) setInitial(st Settings) {
	f.mu.Lock()
	f.initial = st
	f.mu.Unlock()
}

// featureCaps are the client capabilities the features read.
type featureCaps struct {
	Capabilities struct {
		TextDocument struct {
			Diagnostic *json.RawMessage `json:"diagnostic"`
		} `json:"textDocument"`
		Workspace struct {
			Configuration bool `json:"configuration"`
			Diagnostics   struct {
				RefreshSupport bool `json:"refreshSupport"`
			} `json:"diagnostics"`
		} `json:"workspace"`
	} `json:"capabilities"`
}

// readClientCaps records what the client supports from the initialize
// params.
func (f *features) readClientCaps(raw json.RawMessage) {
	var c featureCaps
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &c) // initialize already decoded it
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pull = c.Capabilities.TextDocument.Diagnostic != nil && string(*c.Capabilities.TextDocument.Diagnostic) != "null"
	f.pullRefresh = c.Capabilities.Workspace.Diagnostics.RefreshSupport
	f.configPull = c.Capabilities.Workspace.Configuration
}

// pullMode reports whether the client pulls diagnostics: the server then
// answers textDocument/diagnostic and workspace/diagnostic and publishes
// nothing, so no finding shows twice (ruff's and pyright's choice).
func (s *Server) pullMode() bool {
	s.feat.mu.Lock()
	defer s.feat.mu.Unlock()
	return s.feat.pull
}

// bumpGeneration invalidates the cached pull results of unopened files.
func (f *features) bumpGeneration() {
	f.mu.Lock()
	f.gen++
	clear(f.results) // every key names the old generation: none can hit again
	f.mu.Unlock()
}

// diagnosticOptions is LSP 3.17's DiagnosticOptions (protocol v0.12 has
// none).
type diagnosticOptions struct {
	Identifier            string `json:"identifier,omitempty"`
	InterFileDependencies bool   `json:"interFileDependencies"`
	WorkspaceDiagnostics  bool   `json:"workspaceDiagnostics"`
}

// extendCapabilities adds the features' server capabilities.
func (s *Server) extendCapabilities(c *serverCapabilities) {
	if s.pullMode() {
		// Findings depend on the wrangler config and sibling modules.
		c.DiagnosticProvider = &diagnosticOptions{Identifier: "pyworkers", InterFileDependencies: true, WorkspaceDiagnostics: true}
	}
	c.ExecuteCommandProvider = &protocol.ExecuteCommandOptions{Commands: commandNames()}
	c.DocumentLinkProvider = &protocol.DocumentLinkOptions{}
	c.RenameProvider = &protocol.RenameOptions{PrepareProvider: true}
	c.ReferencesProvider = true
}
