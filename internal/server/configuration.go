package server

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
)

// settingsForLocked returns the settings that apply to the file at path:
// those workspace/configuration returned for its workspace folder, else
// the workspace-wide ones. Called with s.mu held.
func (s *Server) settingsForLocked(path string) Settings {
	if path != "" {
		folder := s.folderOf(path)
		s.feat.mu.Lock()
		st, ok := s.feat.folderSettings[folder]
		s.feat.mu.Unlock()
		if ok {
			return st
		}
	}
	return s.settings
}

// settingsSection picks pyworkers' settings out of what a client sent:
// the "pyworkers" member when there is one, or a bare object holding at
// least one of pyworkers' keys. Anything else (null, {}, or another
// tool's settings such as {"python": …, "pyright": …}, which clients
// that send every server the whole configuration do) is not for this
// server: ok is false and nothing should change or be reported.
func settingsSection(raw json.RawMessage) (section json.RawMessage, ok bool) {
	var obj map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &obj) != nil || obj == nil {
		return nil, false
	}
	if pw, ok := obj["pyworkers"]; ok {
		return pw, string(pw) != "null"
	}
	known := settingKeys()
	for k := range obj {
		if known[k] {
			return raw, true
		}
	}
	return nil, false
}

// configurationItem is LSP's ConfigurationItem.
type configurationItem struct {
	ScopeURI string `json:"scopeUri,omitempty"`
	Section  string `json:"section"`
}

// pullConfiguration asks a client that supports workspace/configuration
// for the pyworkers settings, workspace-wide and per workspace folder,
// and applies the answer when it arrives (the read loop must not wait
// for it). It reports false when the client cannot be asked.
func (s *Server) pullConfiguration(ctx context.Context) bool {
	s.feat.mu.Lock()
	ok := s.feat.configPull
	s.feat.mu.Unlock()
	if !ok {
		return false
	}
	s.mu.Lock()
	folders := append([]string(nil), s.folders...)
	s.mu.Unlock()
	items := []configurationItem{{Section: "pyworkers"}}
	for _, f := range folders {
		items = append(items, configurationItem{ScopeURI: pathURI(f), Section: "pyworkers"})
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ctx := s.feat.life
		var result []json.RawMessage
		if _, err := s.conn.Call(ctx, "workspace/configuration", map[string]any{"items": items}, &result); err != nil {
			s.log.Info("workspace/configuration failed", zap.Error(err))
			return
		}
		s.applyConfiguration(ctx, folders, result)
	}()
	return true
}

// applyConfiguration installs the settings a workspace/configuration
// request returned: the first item is workspace-wide, the others belong
// to folders in order. A null workspace-wide item keeps the settings of
// initializationOptions; a null folder item uses the workspace-wide ones.
func (s *Server) applyConfiguration(ctx context.Context, folders []string, result []json.RawMessage) {
	global := s.feat.initialSettings()
	var unknown []string
	var firstErr error
	note := func(u []string, err error) {
		unknown = append(unknown, u...)
		if firstErr == nil {
			firstErr = err
		}
	}
	if len(result) > 0 {
		if section, ok := settingsSection(wrapSection(result[0])); ok {
			note(global.update(section))
		}
	}
	perFolder := map[string]Settings{}
	for i, f := range folders {
		if i+1 >= len(result) {
			break
		}
		if section, ok := settingsSection(wrapSection(result[i+1])); ok {
			st := defaultSettings()
			u, err := st.update(section)
			note(u, err)
			if err == nil {
				perFolder[f] = st
			}
		}
	}
	s.reportSettings(ctx, dedupe(unknown), firstErr)
	s.mu.Lock()
	s.feat.mu.Lock()
	same := reflect.DeepEqual(s.settings, global) && reflect.DeepEqual(s.feat.folderSettings, perFolder)
	s.feat.folderSettings = perFolder
	s.feat.mu.Unlock()
	hints := s.settings.InlayHints
	s.settings = global
	refresh := s.client.inlayHintRefresh && hints != global.InlayHints
	if !same {
		s.projects = map[string]*analysis.Project{}
	}
	s.mu.Unlock()
	if !same {
		// Most answers repeat what the server has: re-analysing every
		// open document for them would be wasted work.
		s.settingsChanged(ctx, refresh)
	}
}

// wrapSection turns the value of the "pyworkers" section into the
// {"pyworkers": …} shape settingsSection expects.
func wrapSection(v json.RawMessage) json.RawMessage {
	if len(v) == 0 || string(v) == "null" {
		return nil
	}
	return json.RawMessage(fmt.Sprintf(`{"pyworkers":%s}`, v))
}

// settingsChanged re-runs what depends on the settings.
func (s *Server) settingsChanged(ctx context.Context, inlayRefresh bool) {
	if inlayRefresh {
		s.request(ctx, "workspace/inlayHint/refresh", nil)
	}
	s.feat.bumpGeneration()
	s.publishConfigDiagnostics(ctx)
	s.reanalyzeAll(ctx)
	s.refreshPulled(ctx)
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
