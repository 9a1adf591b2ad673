package semantic

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

// epTree parses src into one flattened tree.
func epTree(t *testing.T, src string) *syntax.Tree {
	t.Helper()
	doc := source.Open("file:///e.py", 1, []byte(src), true)
	t.Cleanup(doc.Close)
	return syntax.FlattenTree(doc.Tree(), []byte(src))
}

// epFirst returns the first named node of type typ whose text starts with prefix.
func epFirst(t *testing.T, tree *syntax.Tree, typ, prefix string) syntax.Node {
	t.Helper()
	for _, n := range tree.Root().Descendants() {
		if n.Type() == typ && strings.HasPrefix(n.Text(), prefix) {
			return n
		}
	}
	t.Fatalf("no %s starting with %q", typ, prefix)
	return syntax.Node{}
}

// epModule builds the module summary of src the way the driver does.
func epModule(t *testing.T, src string) *Module {
	t.Helper()
	doc := source.Open("file:///e.py", 1, []byte(src), true)
	defer doc.Close()
	units := syntax.Units(doc.Tree())
	contribs := make([]Contribution, len(units))
	starts := make([]int, len(units))
	for i, u := range units {
		contribs[i] = Summarize(u.Kind, u.Flatten([]byte(src)).Root(), u.Start)
		starts[i] = u.Start
	}
	return Build(contribs, starts)
}

func TestSignatureOf(t *testing.T) {
	tests := []struct {
		def  string
		want Signature
	}{
		{"def f(self): pass", Signature{}},
		{"def f(self, request): pass", Signature{Required: 1, Positional: 1}},
		{"def f(self, a, b=1, c: int = 2): pass", Signature{Required: 1, Positional: 3}},
		{"def f(self, a: int, *args: int, **kw): pass", Signature{Required: 1, Positional: 1, VarArgs: true, VarKw: true}},
		{"def f(self, a, /, b, *, c, d=1): pass", Signature{Required: 2, Positional: 2, RequiredKeywordOnly: []string{"c"}}},
		{"def f(self, *args, e): pass", Signature{VarArgs: true, RequiredKeywordOnly: []string{"e"}}},
	}
	for _, tt := range tests {
		def := epFirst(t, epTree(t, tt.def), "function_definition", "def")
		if got := SignatureOf(def, 1); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SignatureOf(%q) = %+v, want %+v", tt.def, got, tt.want)
		}
	}
}

func TestSignatureAccepts(t *testing.T) {
	tests := []struct {
		def     string
		n       int
		relaxed bool
		want    bool
	}{
		{"def scheduled(self, controller, env, ctx): pass", 3, false, true},
		{"def scheduled(self, controller): pass", 3, false, false},
		{"def scheduled(self, *args): pass", 3, false, true},
		{"def queue(self, batch, env, ctx, extra): pass", 3, false, false},
		{"def queue(self, batch, env, ctx, extra=None): pass", 3, false, true},
		{"def fetch(self, request, env): pass", 1, true, false},
		{"def fetch(self): pass", 1, true, true}, // relaxed calls drop the request
		{"def fetch(self, request, *, env): pass", 1, true, false},
	}
	for _, tt := range tests {
		def := epFirst(t, epTree(t, tt.def), "function_definition", "def")
		if got := SignatureOf(def, 1).Accepts(tt.n, tt.relaxed); got != tt.want {
			t.Errorf("%q accepts %d (relaxed %v) = %v, want %v", tt.def, tt.n, tt.relaxed, got, tt.want)
		}
	}
}

func TestHandlerNames(t *testing.T) {
	tests := []struct {
		kind     EntrypointKind
		method   string
		legacy   bool
		called   string // handler name the method implements, "" if none
		misnamed string // the name the runtime calls instead, "" if not misnamed
	}{
		{WorkerEntrypoint, "fetch", false, "fetch", ""},
		{WorkerEntrypoint, "on_fetch", false, "", "fetch"},
		{WorkerEntrypoint, "on_fetch", true, "fetch", ""},
		{WorkerEntrypoint, "fetch", true, "", "on_fetch"},
		{WorkerEntrypoint, "scheduled", true, "scheduled", ""},
		{WorkerEntrypoint, "on_scheduled", false, "", "scheduled"},
		{WorkerEntrypoint, "on_scheduled", true, "", "scheduled"},
		{WorkerEntrypoint, "on_event", false, "", ""},
		{DurableObject, "alarm", true, "", "on_alarm"},
		{DurableObject, "webSocketClose", false, "webSocketClose", ""},
		{DurableObject, "on_webSocketClose", false, "", "webSocketClose"},
		{WorkflowEntrypoint, "run", true, "run", ""},
		{WorkflowEntrypoint, "on_run", false, "", ""},
	}
	for _, tt := range tests {
		h, ok := HandlerCalled(tt.kind, tt.method, tt.legacy)
		if got := map[bool]string{true: h.Name}[ok]; got != tt.called {
			t.Errorf("HandlerCalled(%v, %s, legacy=%v) = %q, want %q", tt.kind, tt.method, tt.legacy, got, tt.called)
		}
		m, ok := HandlerMisnamed(tt.kind, tt.method, tt.legacy)
		if got := map[bool]string{true: m.Method(tt.legacy)}[ok]; got != tt.misnamed {
			t.Errorf("HandlerMisnamed(%v, %s, legacy=%v) = %q, want %q", tt.kind, tt.method, tt.legacy, got, tt.misnamed)
		}
	}
}

func TestLegacyHandlers(t *testing.T) {
	src := `from workers import handler as h
import workers

async def on_fetch(request, env): pass

@h
async def respond(request, env): pass

@workers.handler
def other(request): pass

def test(): pass

def on_fetch_helper(): pass

class Default:
    async def on_queue(self): pass
`
	m := epModule(t, src)
	names := func(fs []*Function) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Name)
		}
		return out
	}
	if got, want := names(LegacyHandlers(m, true)), []string{"on_fetch", "respond", "other", "test"}; !reflect.DeepEqual(got, want) {
		t.Errorf("main: LegacyHandlers = %v, want %v", got, want)
	}
	if got, want := names(LegacyHandlers(m, false)), []string{"on_fetch", "respond", "other"}; !reflect.DeepEqual(got, want) {
		t.Errorf("library: LegacyHandlers = %v, want %v", got, want)
	}
	if m.DefaultEntrypoint() != nil {
		t.Errorf("a plain class named Default is not the default entrypoint")
	}
	// The handler rules read the candidates, not the module's functions:
	// a handler's name or a decorator, nothing else (no on_fetch_helper).
	var candidates []string
	for f := range m.HandlerCandidates {
		candidates = append(candidates, f.Name)
	}
	if want := []string{"on_fetch", "respond", "other", "test"}; !reflect.DeepEqual(candidates, want) {
		t.Errorf("HandlerCandidates = %v, want %v", candidates, want)
	}
}

func TestIsMainGuard(t *testing.T) {
	src := `if __name__ == "__main__":
    a()
if "__main__" == __name__:
    b()
if __name__ != "__main__":
    c()
if __name__ == "__main__":
    pass
else:
    d()
e()
`
	tree := epTree(t, src)
	for call, want := range map[string]bool{"a()": true, "b()": true, "c()": false, "d()": false, "e()": false} {
		if got := IsMainGuard(epFirst(t, tree, "call", call)); got != want {
			t.Errorf("IsMainGuard(%s) = %v, want %v", call, got, want)
		}
	}
}

func TestBindingSites(t *testing.T) {
	src := `def f(request):
    data = await request.json()
    for item in data:
        pass
    def data2(): data = 1
    with open(x) as data:
        pass
    other = data
    if (data := 1):
        pass
`
	f := epFirst(t, epTree(t, src), "function_definition", "def f")
	if sites := BindingSites(f, "data"); len(sites) != 3 {
		t.Errorf("BindingSites(f, data) = %d sites, want 3 (assignment, with-as, walrus)", len(sites))
	}
	if sites := BindingSites(f, "item"); len(sites) != 1 {
		t.Errorf("BindingSites(f, item) = %d sites, want 1", len(sites))
	}
	if sites := BindingSites(f, "request"); len(sites) != 0 {
		t.Errorf("BindingSites(f, request) = %d sites, want 0 (parameters are not body bindings)", len(sites))
	}
}

// TestBuildKeepsContributions checks that Build does not qualify bases and
// decorators in place: contributions are cached per unit, so a class
// header reused after its import was deleted must not keep the old
// qualified base (and with it its entrypoint kind).
func TestBuildKeepsContributions(t *testing.T) {
	contribsOf := func(src string) ([]Contribution, []int) {
		doc := source.Open("file:///e.py", 1, []byte(src), true)
		defer doc.Close()
		var cs []Contribution
		var starts []int
		for _, u := range syntax.Units(doc.Tree()) {
			cs = append(cs, Summarize(u.Kind, u.Flatten([]byte(src)).Root(), u.Start))
			starts = append(starts, u.Start)
		}
		return cs, starts
	}
	withImport, starts := contribsOf("from workers import WorkflowEntrypoint, handler\nclass W(WorkflowEntrypoint):\n    pass\n@handler\ndef on_fetch(): pass\n")
	if m := Build(withImport, starts); m.Class("W").Entrypoint != WorkflowEntrypoint || m.Functions[0].Decorators[0] != "workers.handler" {
		t.Fatalf("with the import: %+v %+v", m.Class("W"), m.Functions)
	}
	// The same class header and function, now without the import.
	withoutImport := append([]Contribution{{}}, withImport[1:]...)
	m := Build(withoutImport, starts)
	if k := m.Class("W"); k.Entrypoint != NotEntrypoint || k.Bases[0] != "WorkflowEntrypoint" {
		t.Errorf("without the import: class %+v, want an unresolved base", k)
	}
	if d := m.Functions[0].Decorators[0]; d != "handler" {
		t.Errorf("without the import: decorator %q, want handler", d)
	}
}

// TestImportedAs: the names an import binds last, each once; a name a
// later statement binds again is not one.
func TestImportedAs(t *testing.T) {
	m := epModule(t, "import js\nimport js\nfrom pyodide.ffi import to_js\ndef to_js(x):\n    return x\nfrom x import a as b, c as b\nfrom x import c as d\n")
	for q, want := range map[string][]string{"js": {"js"}, "pyodide.ffi.to_js": nil, "x.a": nil, "x.c": {"b", "d"}} {
		got := slices.Clone(m.ImportedAs(q))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("ImportedAs(%q) = %q, want %q", q, got, want)
		}
	}
	// Imports: the names whose binding is an import, each once (to_js is
	// a def by the end).
	got := slices.Clone(m.Imports())
	slices.Sort(got)
	if want := []string{"b", "d", "js"}; !slices.Equal(got, want) {
		t.Errorf("Imports = %q, want %q", got, want)
	}
}
