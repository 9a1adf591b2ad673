package server

import (
	"encoding/json"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

func TestSettingsUpdateReplaces(t *testing.T) {
	st := defaultSettings()
	unknown, err := st.update(json.RawMessage(`{"pyworkers":{"ignore":["PW301"],"severity":{"PW206":"info"},"runtime":"0.28","docsUrl":"https://example.com/r","path":"/bin/x","trace":{"server":"off"},"selct":["PW2"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	// Client-side keys (path, trace) are fine; a misspelt one is reported.
	if len(unknown) != 1 || unknown[0] != "selct" {
		t.Errorf("unknown keys = %v, want [selct]", unknown)
	}
	old := st.Severity
	if len(st.Ignore) != 1 || st.Runtime != "0.28" || st.Severity["PW206"] != "info" || st.options().Docs() != "https://example.com/r" {
		t.Fatalf("settings = %+v", st)
	}
	// The client sends its whole configuration again without `ignore`
	// and with another severity: nothing of the old one sticks.
	if _, err := st.update(json.RawMessage(`{"severity":{"PW202":"hint"}}`)); err != nil {
		t.Fatal(err)
	}
	if len(st.Ignore) != 0 || st.Runtime != "" || st.Severity["PW206"] != "" || st.Severity["PW202"] != "hint" || st.options().Docs() != rules.DefaultDocBase {
		t.Fatalf("settings after update = %+v", st)
	}
	if old["PW202"] != "" {
		t.Errorf("the previous severity map was changed in place: %v", old)
	}
	if _, err := st.update(json.RawMessage(`{"severity":{"PW202":"loud"}}`)); err == nil || st.Severity["PW202"] != "hint" {
		t.Errorf("invalid severity accepted or applied: err=%v settings=%+v", err, st)
	}
}

func TestSettingsChangeRefreshesInlayHintsAndProfiles(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(`{"workspace":{"inlayHint":{"refreshSupport":true}}}`)
	const uri = "file:///work/settings.py"
	open(c, uri, "from pyodide.ffi import jsnull\n")
	if got := codes(c.waitPublish(uri, 1)); len(got) != 0 {
		t.Fatalf("default profile (newest runtime) reports %v", got)
	}
	// Turning inlay hints on asks the client to refresh them; the runtime
	// setting re-resolves the profile: jsnull does not exist on 0.26.
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"pyworkers": map[string]any{"inlayHints": true, "runtime": "0.26", "ignore": []string{"PW002"}, "outsideWorkers": true}}})
	waitFor(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		refreshed := false
		for _, m := range c.received {
			refreshed = refreshed || m == "workspace/inlayHint/refresh"
		}
		list := c.diags[uri]
		return refreshed && len(list) > 1 && contains(codes(list[len(list)-1]), "PW207")
	}, "inlay hint refresh and a re-analysis under Pyodide 0.26")
}
