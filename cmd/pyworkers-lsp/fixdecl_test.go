package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// TestFixDeclarationsAgree checks that `rules --format json`, `explain`
// and the rules reference (docs/rules.md) state each rule's fixes as the
// rule declares them. quickfix's TestDeclaredFixes checks the fixes
// offered (code actions) and applied (fix-all) against the same
// declaration.
func TestFixDeclarationsAgree(t *testing.T) {
	code, out, _ := runCLI("rules", "--format", "json")
	var listed []struct {
		Code  string
		Fix   string
		Fixes []struct{ Kind, Title, Applicability string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != len(rules.All()) {
		t.Fatalf("rules --format json: exit %d\n%s", code, out)
	}
	ref := rules.Reference()
	for i, r := range rules.All() {
		l := listed[i]
		if l.Code != r.Code || l.Fix != r.FixSafety().String() || len(l.Fixes) != len(r.Fixes) {
			t.Errorf("%s: rules json says %+v; declared %s %+v", r.Code, l, r.FixSafety(), r.Fixes)
			continue
		}
		for j, f := range r.Fixes {
			if got := l.Fixes[j]; got.Kind != f.Kind.String() || got.Title != f.Title || got.Applicability != f.Safety.String() {
				t.Errorf("%s: rules json fix %+v; declared %+v", r.Code, got, f)
			}
		}
		_, expl, _ := runCLI("explain", r.Code)
		if !strings.Contains(expl, "Fix: "+r.FixSafety().String()+".") {
			t.Errorf("explain %s does not say Fix: %s", r.Code, r.FixSafety())
		}
		if !strings.Contains(ref, "## "+r.Code+" "+r.Name+"\n\n"+r.Summary+"\n\nSeverity: **"+r.Severity.String()+"** · Fix: **"+r.FixSafety().String()+"**") {
			t.Errorf("the rules reference does not say Fix: %s for %s", r.FixSafety(), r.Code)
		}
	}
}

// TestPW108FixesAgree runs the case that once drifted: PW108's doc said
// it had no fix while editors and --fix applied two. Its fixes are
// declared unsafe, so `check --fix` leaves the file and `check --fix
// --unsafe-fixes` adds the depends list.
func TestPW108FixesAgree(t *testing.T) {
	r := rules.ByCode("PW108")
	var kinds []string
	for _, f := range r.Fixes {
		kinds = append(kinds, f.Kind.String())
	}
	if r.FixSafety() != rules.UnsafeFix || !slices.Equal(kinds, []string{"depends-to-params", "add-depends"}) {
		t.Fatalf("PW108 declares %s %v", r.FixSafety(), kinds)
	}
	dir := t.TempDir()
	before, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fixes", "PW108", "add-depends", "before.py"))
	if err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(dir, "src", "entry.py")
	if err := os.MkdirAll(filepath.Dir(entry), 0o755); err != nil {
		t.Fatal(err)
	}
	wrangler := "name = \"w\"\nmain = \"src/entry.py\"\ncompatibility_date = \"2025-10-01\"\ncompatibility_flags = [\"python_workers\"]\n"
	if os.WriteFile(filepath.Join(dir, "wrangler.toml"), []byte(wrangler), 0o644) != nil || os.WriteFile(entry, before, 0o644) != nil {
		t.Fatal("cannot write the Worker")
	}
	if code, out, _ := runCLI("check", "--fix", "--select", "PW108", dir); code != 1 || !strings.Contains(out, "PW108") {
		t.Errorf("check --fix: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(entry); string(got) != string(before) {
		t.Errorf("check --fix applied an unsafe PW108 fix:\n%s", got)
	}
	if code, out, errOut := runCLI("check", "--fix", "--unsafe-fixes", "--select", "PW108", dir); code != 0 {
		t.Errorf("check --fix --unsafe-fixes: exit %d\n%s%s", code, out, errOut)
	}
	if got, _ := os.ReadFile(entry); !strings.Contains(string(got), `@step.do("charge", depends=[load])`) {
		t.Errorf("check --fix --unsafe-fixes did not add depends:\n%s", got)
	}
}
