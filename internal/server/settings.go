package server

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// Settings are the `pyworkers.*` client settings.
type Settings struct {
	Select     []string          `json:"select"`
	Ignore     []string          `json:"ignore"`
	Severity   map[string]string `json:"severity"`
	Runtime    string            `json:"runtime"`
	DocsURL    string            `json:"docsUrl"`
	InlayHints bool              `json:"inlayHints"`
	// OutsideWorkers analyses Python files with no wrangler config above
	// them (off: they get no findings, as without pyworkers-lsp).
	OutsideWorkers bool `json:"outsideWorkers"`
}

func defaultSettings() Settings {
	return Settings{}
}

// clientSettings are `pyworkers.*` keys the editor integrations read
// themselves (binary path, log level, tracing); the server ignores them.
var clientSettings = map[string]bool{"path": true, "logLevel": true, "trace": true, "trace.server": true}

// update replaces the settings with those sent by the client, either
// {"pyworkers": {...}} or the bare object: a key the client no longer
// sends returns to its default. It returns the keys it does not know.
func (st *Settings) update(raw json.RawMessage) (unknown []string, err error) {
	var wrapped struct {
		Pyworkers json.RawMessage `json:"pyworkers"`
	}
	if err := json.Unmarshal(raw, &wrapped); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	if len(wrapped.Pyworkers) > 0 {
		raw = wrapped.Pyworkers
	}
	next := defaultSettings()
	if err := json.Unmarshal(raw, &next); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(raw, &keys) // an object: the decode above succeeded
	known := settingKeys()
	for k := range keys {
		if !known[k] && !clientSettings[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for code, sev := range next.Severity {
		if _, err := diag.ParseSeverity(sev); err != nil {
			return nil, fmt.Errorf("settings: severity for %s: %w", code, err)
		}
	}
	*st = next
	return unknown, nil
}

// settingKeys are the JSON names of Settings' fields.
func settingKeys() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeOf(Settings{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		keys[name] = true
	}
	return keys
}

// reportSettings tells the user about settings the server cannot use.
func (s *Server) reportSettings(ctx context.Context, unknown []string, err error) {
	msg := ""
	switch {
	case err != nil:
		msg = fmt.Sprintf("pyworkers-lsp: ignoring invalid settings: %v", err)
	case len(unknown) > 0:
		msg = fmt.Sprintf("pyworkers-lsp: unknown settings pyworkers.%s (known: select, ignore, severity, runtime, docsUrl, inlayHints, outsideWorkers)", strings.Join(unknown, ", pyworkers."))
	default:
		return
	}
	s.log.Warn(msg)
	s.notify(ctx, "window/showMessage", map[string]any{"type": 2, "message": msg})
}

// options converts the settings to analysis options.
func (st Settings) options() *analysis.Options {
	o := &analysis.Options{Select: st.Select, Ignore: st.Ignore, Severity: map[string]diag.Severity{}, DocsURL: st.DocsURL}
	for code, sev := range st.Severity {
		if s, err := diag.ParseSeverity(sev); err == nil {
			o.Severity[strings.ToUpper(code)] = s
		}
	}
	return o
}

// didChangeConfiguration follows the spec: a client that supports
// workspace/configuration is asked for the settings (per folder) whatever
// the notification carries (often null); otherwise the notification's
// pyworkers settings replace the current ones, and settings meant for
// other servers are ignored without a word.
func (s *Server) didChangeConfiguration(ctx context.Context, raw json.RawMessage) error {
	var p struct {
		Settings json.RawMessage `json:"settings"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		return fmt.Errorf("didChangeConfiguration: %w", err)
	}
	if s.pullConfiguration(ctx) {
		return nil
	}
	section, ok := settingsSection(p.Settings)
	if !ok {
		return nil
	}
	s.mu.Lock()
	hints := s.settings.InlayHints
	unknown, err := s.settings.update(section)
	refresh := s.client.inlayHintRefresh && hints != s.settings.InlayHints
	// The runtime setting feeds every project's profile.
	s.projects = map[string]*analysis.Project{}
	s.mu.Unlock()
	s.reportSettings(ctx, unknown, err)
	if err != nil {
		return nil
	}
	s.settingsChanged(ctx, refresh)
	return nil
}
