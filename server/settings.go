package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"go.uber.org/zap"

	"github.com/pyworkers/pyworkers-lsp/analysis"
	"github.com/pyworkers/pyworkers-lsp/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/analysis/rules"
)

// Settings are the `pyworkers.*` client settings.
type Settings struct {
	Select     []string          `json:"select"`
	Ignore     []string          `json:"ignore"`
	Severity   map[string]string `json:"severity"`
	Runtime    string            `json:"runtime"`
	DocsURL    string            `json:"docsUrl"`
	InlayHints bool              `json:"inlayHints"`
}

func defaultSettings() Settings {
	return Settings{DocsURL: rules.DefaultDocBase}
}

// update replaces the settings with those sent by the client, either
// {"pyworkers": {...}} or the bare object: a key the client no longer
// sends returns to its default.
func (st *Settings) update(raw json.RawMessage) error {
	var wrapped struct {
		Pyworkers json.RawMessage `json:"pyworkers"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	if len(wrapped.Pyworkers) > 0 {
		raw = wrapped.Pyworkers
	}
	next := defaultSettings()
	if err := json.Unmarshal(raw, &next); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	for code, sev := range next.Severity {
		if _, err := diag.ParseSeverity(sev); err != nil {
			return fmt.Errorf("settings: severity for %s: %w", code, err)
		}
	}
	if next.DocsURL == "" {
		next.DocsURL = rules.DefaultDocBase
	}
	*st = next
	return nil
}

// options converts the settings to analysis options.
func (st Settings) options() *analysis.Options {
	o := &analysis.Options{Select: st.Select, Ignore: st.Ignore, Severity: map[string]diag.Severity{}}
	for code, sev := range st.Severity {
		if s, err := diag.ParseSeverity(sev); err == nil {
			o.Severity[strings.ToUpper(code)] = s
		}
	}
	return o
}

func (s *Server) didChangeConfiguration(ctx context.Context, raw json.RawMessage) error {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didChangeConfiguration: %w", err)
	}
	if len(p.Settings) == 0 || string(p.Settings) == "null" {
		return nil
	}
	s.mu.Lock()
	hints := s.settings.InlayHints
	err := s.settings.update(p.Settings)
	refresh := s.client.inlayHintRefresh && hints != s.settings.InlayHints
	// The runtime setting feeds every project's profile.
	s.projects = map[string]*analysis.Project{}
	s.mu.Unlock()
	if err != nil {
		s.log.Warn("ignoring invalid settings", zap.Error(err))
		return nil
	}
	if refresh {
		s.request(ctx, "workspace/inlayHint/refresh", nil)
	}
	s.publishConfigDiagnostics(ctx)
	s.reanalyzeAll(ctx)
	return nil
}
