package rules_test

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
)

// TestEntrypointMessages checks that the entrypoint, import and
// import-time rules name the concrete values behind a finding (dates,
// flags, runtimes, what the runtime calls) and carry their fix data;
// fixtures only check codes and lines.
func TestEntrypointMessages(t *testing.T) {
	tests := []struct {
		name, profile, src string
		code               string
		inMessage          []string
		data               map[string]string
		tags               []diag.Tag
	}{
		{
			name: "PW101 names the date and the method", profile: "date=2025-11-02 main=true",
			src:       "async def on_fetch(request, env):\n    pass\n",
			code:      "PW101",
			inMessage: []string{"compatibility_date 2025-11-02 turns on python_no_global_handlers", "on_fetch is never called", "the method fetch"},
			data:      map[string]string{"fix": "convert-to-default-class", "method": "fetch"},
		},
		{
			name: "PW101 explicit flag", profile: "date=2025-06-01 flags=python_no_global_handlers main=true",
			src:       "def test():\n    pass\n",
			code:      "PW101",
			inMessage: []string{"compatibility flag python_no_global_handlers is on"},
		},
		{
			name: "PW110 legacy fetch", profile: "date=2025-01-01 main=true",
			src:       "from workers import WorkerEntrypoint\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        pass\n",
			code:      "PW110",
			inMessage: []string{"compatibility_date 2025-01-01 predates python_no_global_handlers (2025-08-14)", "Default.on_fetch", `"Method on_fetch does not exist"`},
			data:      map[string]string{"fix": "rename", "to": "on_fetch"},
		},
		{
			name: "PW104 names what the runtime passes", profile: "date=2025-11-01",
			src:       "from workers import WorkerEntrypoint\nclass Default(WorkerEntrypoint):\n    async def scheduled(self, controller):\n        pass\n",
			code:      "PW104",
			inMessage: []string{"Default.scheduled with (controller, env, ctx)", "accepts only 1", "every cron run raises TypeError"},
			data:      map[string]string{"fix": "signature", "params": "self, controller, env, ctx"},
		},
		{
			name: "PW107 fix key", profile: "date=2025-11-01",
			src:       "from workers import WorkerEntrypoint\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n        data = await request.json()\n        return data.user_name\n",
			code:      "PW107",
			inMessage: []string{"data.user_name raises AttributeError", `data["user_name"]`},
			data:      map[string]string{"fix": "subscript", "key": "user_name"},
		},
		{
			name: "PW108 names the flag state", profile: "date=2026-03-01",
			src:       "from workers import WorkflowEntrypoint\nclass W(WorkflowEntrypoint):\n    async def run(self, event, step):\n        @step.do(\"a\", depends=[])\n        async def a():\n            pass\n",
			code:      "PW108",
			inMessage: []string{"compatibility_date 2026-03-01 turns on python_workflows_implicit_dependencies", "depends="},
		},
		{
			name: "PW109 deprecated path", profile: "date=2025-11-01",
			src:       "from cloudflare.workers import Response\n",
			code:      "PW109",
			inMessage: []string{"Pyodide 0.28.2"},
			data:      map[string]string{"fix": "rename-module", "to": "workers"},
			tags:      []diag.Tag{diag.Deprecated},
		},
		{
			name: "PW109 missing SDK package", profile: "date=2026-05-01",
			src:       "import workers\n",
			code:      "PW109",
			inMessage: []string{"compatibility_date 2026-05-01 turns on enable_python_external_sdk", "workers-runtime-sdk"},
		},
		{
			name: "PW504 points to the runtime that ships it", profile: "date=2025-11-01",
			src:       "import asyncpg\n",
			code:      "PW504",
			inMessage: []string{"asyncpg is a native package", "Pyodide 314", "python_workers_20260610"},
		},
		{
			name: "PW105 names runtime and date", profile: "date=2025-06-01",
			src:       "import requests\ndef f(u):\n    return requests.get(u)\n",
			code:      "PW105",
			inMessage: []string{"requests.get is synchronous HTTP", "Pyodide 0.26.0a2 (compatibility_date 2025-06-01)"},
		},
		{
			name: "PW301 quotes the runtime error", profile: "date=2025-11-01",
			src:       "from random import randint as roll\nX = roll(1, 6)\n",
			code:      "PW301",
			inMessage: []string{`"Cannot use random.randint() outside of request context"`},
		},
		{
			name: "PW504 names the index", profile: "date=2025-11-01",
			src:       "import grpc\n",
			code:      "PW504",
			inMessage: []string{"grpc comes from grpcio", "Pyodide 0.28.3 package index", "this import fails"},
			data:      map[string]string{"package": "grpcio"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			np, err := analysistest.ParseProfile("p", tt.profile)
			if err != nil {
				t.Fatal(err)
			}
			res := analysistest.Analyze(t, "/w/src/entry.py", []byte(tt.src), np)
			var found *diag.Diagnostic
			for i, d := range res.Diagnostics {
				if d.Code == tt.code {
					found = &res.Diagnostics[i]
				}
			}
			if found == nil {
				t.Fatalf("no %s in %+v", tt.code, res.Diagnostics)
			}
			for _, s := range tt.inMessage {
				if !strings.Contains(found.Message, s) {
					t.Errorf("message %q lacks %q", found.Message, s)
				}
			}
			for k, v := range tt.data {
				if found.Data[k] != v {
					t.Errorf("data[%q] = %q, want %q (data %v)", k, found.Data[k], v, found.Data)
				}
			}
			if tt.tags != nil && !equalTags(found.Tags, tt.tags) {
				t.Errorf("tags = %v, want %v", found.Tags, tt.tags)
			}
		})
	}
}

func equalTags(a, b []diag.Tag) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPW103Range checks that a missing entrypoint is reported over the
// first line of the file, whatever its line ending.
func TestPW103Range(t *testing.T) {
	np, err := analysistest.ParseProfile("p", "date=2025-11-01 main=true")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"import json\nx = 1\n", "import json\r\nx = 1\r\n", "import json"} {
		res := analysistest.Analyze(t, "/w/src/entry.py", []byte(src), np)
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Code != "PW103" {
			t.Fatalf("%q: got %+v, want one PW103", src, res.Diagnostics)
		}
		if d := res.Diagnostics[0]; d.Start != 0 || d.End != len("import json") || !strings.HasPrefix(d.Message, "entry.py is the Worker's main module") {
			t.Errorf("%q: PW103 at [%d,%d) %q, want [0,11) naming entry.py", src, d.Start, d.End, d.Message)
		}
	}
}
