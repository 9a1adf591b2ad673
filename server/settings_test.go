package server

import (
	"encoding/json"
	"testing"
)

func TestSettingsUpdateReplaces(t *testing.T) {
	st := defaultSettings()
	if err := st.update(json.RawMessage(`{"pyworkers":{"ignore":["PW301"],"severity":{"PW206":"info"},"runtime":"0.28"}}`)); err != nil {
		t.Fatal(err)
	}
	old := st.Severity
	if len(st.Ignore) != 1 || st.Runtime != "0.28" || st.Severity["PW206"] != "info" {
		t.Fatalf("settings = %+v", st)
	}
	// The client sends its whole configuration again without `ignore`
	// and with another severity: nothing of the old one sticks.
	if err := st.update(json.RawMessage(`{"severity":{"PW202":"hint"}}`)); err != nil {
		t.Fatal(err)
	}
	if len(st.Ignore) != 0 || st.Runtime != "" || st.Severity["PW206"] != "" || st.Severity["PW202"] != "hint" || st.DocsURL == "" {
		t.Fatalf("settings after update = %+v", st)
	}
	if old["PW202"] != "" {
		t.Errorf("the previous severity map was changed in place: %v", old)
	}
	if err := st.update(json.RawMessage(`{"severity":{"PW202":"loud"}}`)); err == nil || st.Severity["PW202"] != "hint" {
		t.Errorf("invalid severity accepted or applied: err=%v settings=%+v", err, st)
	}
}
