package quickfix

import (
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

func TestApply(t *testing.T) {
	text := []byte("abcdef")
	tests := []struct {
		name  string
		edits []Edit
		want  string
		fails bool
	}{
		{"none", nil, "abcdef", false},
		{"replace and insert, any order", []Edit{{Start: 4, End: 5, NewText: "E"}, {Start: 0, End: 0, NewText: ">"}}, ">abcdEf", false},
		{"inserts at one point keep their order", []Edit{{Start: 2, End: 2, NewText: "1"}, {Start: 2, End: 2, NewText: "2"}}, "ab12cdef", false},
		{"insert before a replacement at its start", []Edit{{Start: 2, End: 4, NewText: "X"}, {Start: 2, End: 2, NewText: "+"}}, "ab+Xef", false},
		{"delete all", []Edit{{Start: 0, End: 6}}, "", false},
		{"overlap", []Edit{{Start: 1, End: 3}, {Start: 2, End: 4}}, "", true},
		{"past the end", []Edit{{Start: 5, End: 9}}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply(text, tt.edits)
			if (err != nil) != tt.fails {
				t.Fatalf("err = %v", err)
			}
			if !tt.fails && string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEditSet(t *testing.T) {
	var s editSet
	imp := Edit{Start: 0, End: 0, NewText: "from js import Object\n"}
	if !s.tryAdd(Fix{Edits: []Edit{imp, {Start: 10, End: 14, NewText: "x"}}, claim: "class Default"}) {
		t.Fatal("first fix refused")
	}
	tests := []struct {
		name  string
		edits []Edit
		ok    bool
	}{
		{"same import shared", []Edit{imp, {Start: 20, End: 22, NewText: "y"}}, true},
		{"other import at the same point", []Edit{{Start: 0, End: 0, NewText: "import js\n"}}, false},
		{"overlapping replacement", []Edit{{Start: 12, End: 16, NewText: "z"}}, false},
		{"insertion inside a replacement", []Edit{{Start: 11, End: 11, NewText: "z"}}, false},
		{"touching replacement", []Edit{{Start: 14, End: 15, NewText: "z"}}, true},
	}
	for _, tt := range tests {
		if got := s.tryAdd(Fix{Edits: tt.edits}); got != tt.ok {
			t.Errorf("%s: tryAdd = %v, want %v", tt.name, got, tt.ok)
		}
	}
	if s.tryAdd(Fix{Edits: []Edit{{Start: 40, End: 40, NewText: "class Default: ..."}}, claim: "class Default"}) {
		t.Error("second fix claiming class Default accepted")
	}
	if len(s.edits) != 4 {
		t.Errorf("set holds %d edits, want 4 (the shared import once): %+v", len(s.edits), s.edits)
	}
}

// TestFixAllConflictsRetried: two fixes that each add a different import
// at the same point conflict; the later one is applied on the next pass,
// after the first import is in, and merges into it.
func TestFixAllConflictsRetried(t *testing.T) {
	const path = "/w/entry.py"
	np, err := analysistest.ParseProfile("p028", "date=2025-11-01 bindings=DB:d1_databases")
	if err != nil {
		t.Fatal(err)
	}
	text := []byte(`from workers import WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        await self.env.DB.prepare("q").bind(None).run()
        return JSClone({"status": 400})


from js import structuredClone as JSClone
`)
	analyze := func(t2 []byte) []diag.Diagnostic { return analysistest.Analyze(t, path, t2, np).Diagnostics }
	diags := analyze(text)
	if len(diags) != 2 {
		t.Fatalf("findings %+v", diags)
	}
	res := FixAll(Document{Path: path, Text: text, Profile: np.Profile}, diags, analyze, FixAllOptions{})
	want := `from workers import WorkerEntrypoint
from pyodide.ffi import jsnull, to_js


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        await self.env.DB.prepare("q").bind(jsnull).run()
        return JSClone(to_js({"status": 400}, dict_converter=Object.fromEntries))


from js import structuredClone as JSClone, Object
`
	if string(res.Text) != want || res.Fixed != 2 || len(res.Diagnostics) != 0 {
		t.Errorf("fixed %d, left %v:\n%s", res.Fixed, res.Diagnostics, Diff("entry.py", []byte(want), res.Text))
	}
}

// TestFixAllOneDefaultClass: two module-level handlers each have a fix
// that creates class Default; fix-all converts the first, and on the next
// pass moves the second into that class (PW102) instead of defining a
// second Default that would replace the first.
func TestFixAllOneDefaultClass(t *testing.T) {
	const path = "/w/entry.py"
	np, err := analysistest.ParseProfile("new", "date=2025-11-01 main=true")
	if err != nil {
		t.Fatal(err)
	}
	np.IsMain = true
	text := []byte(`from workers import Response


async def on_fetch(request, env):
    return Response(env.GREETING)


async def on_scheduled(controller, env, ctx):
    print(controller.cron)
`)
	analyze := func(t2 []byte) []diag.Diagnostic { return analysistest.Analyze(t, path, t2, np).Diagnostics }
	res := FixAll(Document{Path: path, Text: text, Profile: np.Profile}, analyze(text), analyze, FixAllOptions{Unsafe: true})
	want := `from workers import Response, WorkerEntrypoint


class Default(WorkerEntrypoint):
    async def fetch(self, request):
        return Response(self.env.GREETING)

    async def scheduled(self, controller, env, ctx):
        print(controller.cron)
`
	if string(res.Text) != want || len(res.Diagnostics) != 0 {
		t.Errorf("left %v:\n%s", res.Diagnostics, Diff("entry.py", []byte(want), res.Text))
	}
}
