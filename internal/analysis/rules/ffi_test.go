package rules_test

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/analysistest"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/rules"
)

// findings analyses src under the profile spec and returns the findings
// of one rule.
func findings(t *testing.T, spec, src, code string) []diag.Diagnostic {
	t.Helper()
	np, err := analysistest.ParseProfile("test", spec)
	if err != nil {
		t.Fatal(err)
	}
	res := analysistest.Analyze(t, "/w/src/entry.py", []byte(src), np)
	for _, err := range res.Errors {
		t.Fatal(err)
	}
	var out []diag.Diagnostic
	for _, d := range res.Diagnostics {
		if d.Code == code {
			out = append(out, d)
		}
	}
	return out
}

// TestFFIFindingDetails checks what fixtures cannot: severities, the
// concrete values messages name, the fix data and the ranges.
func TestFFIFindingDetails(t *testing.T) {
	const entry = "from workers import WorkerEntrypoint\nimport js\nfrom pyodide.ffi import to_js\n\nclass Default(WorkerEntrypoint):\n    async def fetch(self, request):\n"
	tests := []struct {
		name     string
		spec     string
		src      string
		code     string
		severity diag.Severity
		text     string // the finding's range
		message  []string
		data     map[string]string
	}{
		{
			name: "to_js into structuredClone on 0.28", spec: "date=2025-11-01",
			src:  entry + "        return js.structuredClone(to_js({'a': '1'}))\n",
			code: "PW202", severity: diag.Warning, text: "to_js({'a': '1'})",
			message: []string{"Pyodide 0.28.2", "a LiteralMap", "DataCloneError", "measured on pyodide 0.28.2"}, data: map[string]string{"fix": "add-dict-converter"},
		},
		{
			name: "to_js of a dict into fetch on 0.26", spec: "date=2025-09-01",
			src:  entry + "        opts = {'method': 'POST'}\n        init = to_js(opts)\n        return await js.fetch('https://x', init)\n",
			code: "PW202", severity: diag.Warning, text: "to_js(opts)",
			message: []string{"`opts` (a dict)", "a Map", "js.fetch()", "gives GET where POST was passed", "dict_converter=js.Object.fromEntries"}, data: map[string]string{"fix": "add-dict-converter"},
		},
		{
			name: "None into D1 bind on 0.28", spec: "date=2025-11-02 bindings=DB:d1_databases",
			src:  entry + "        await self.env.DB.prepare('q').bind(None).run()\n",
			code: "PW204", severity: diag.Warning, text: "None",
			message: []string{"env.DB.prepare().bind()", "undefined", "D1_TYPE_ERROR", "pyodide.ffi.jsnull", "Pyodide 0.28.2 (compatibility_date 2025-11-02)"},
			data:    map[string]string{"fix": "none-to-jsnull"},
		},
		{
			name: "None into a binding on 0.26 has no Python fix", spec: "date=2025-09-01 bindings=CACHE:kv_namespaces",
			src:  entry + "        await self.env.CACHE.put('k', None)\n",
			code: "PW204", severity: diag.Warning, text: "None",
			message: []string{"cannot reach Python", "js.JSON.parse(json.dumps(value))", "Pyodide 0.26.0a2 (compatibility_date 2025-09-01)"},
		},
		{
			name: "a None variable gets no automatic fix", spec: "date=2025-11-01 bindings=CACHE:kv_namespaces",
			src:  entry + "        v = None\n        await self.env.CACHE.put('k', v)\n",
			code: "PW204", severity: diag.Warning, text: "v",
			message: []string{"env.CACHE.put()"},
		},
		{
			name: "is None on a raw D1 row", spec: "date=2025-11-02 bindings=DB:d1_databases",
			src:  entry + "        row = await self.env.DB.prepare('q').first()\n        return row is None\n",
			code: "PW205", severity: diag.Warning, text: "row is None",
			message: []string{"Pyodide 0.28.2 (compatibility_date 2025-11-02)", "pyodide.ffi.jsnull, not None", "is never true", "env.DB.prepare().first()"},
			data:    map[string]string{"fix": "is-none-or-jsnull"},
		},
		{
			name: "missing to_py names the chain", spec: "date=2025-11-01 bindings=DB:d1_databases",
			src:  entry + "        row = await self.env.DB.prepare('q').first()\n        return row['id']\n",
			code: "PW208", severity: diag.Warning, text: "row",
			message: []string{"built-in workers SDK", "env.DB.prepare().first()", "subscripting it raises TypeError"},
			data:    map[string]string{"fix": "add-to-py"},
		},
		{
			name: "to_py on a converted row", spec: "date=2026-07-01 sdk=1.4 packages=workers-runtime-sdk bindings=DB:d1_databases",
			src:  entry + "        row = await self.env.DB.prepare('q').first()\n        return row.to_py()\n",
			code: "PW209", severity: diag.Error, text: "row.to_py()",
			message: []string{"workers-runtime-sdk 1.4", "AttributeError"}, data: map[string]string{"fix": "drop-to-py"},
		},
		{
			name: "dict to js.Response.new on 0.26", spec: "date=2025-09-01",
			src:  entry + "        return js.Response.new('bad', {'status': 400})\n",
			code: "PW210", severity: diag.Warning, text: "{'status': 400}",
			message: []string{"js.Response.new()", "PyProxy", "gives 200 where 404 was passed", "measured on pyodide 0.26.0a4"}, data: map[string]string{"fix": "wrap-to-js"},
		},
		{
			name: "dict kept by addEventListener", spec: "date=2025-11-01",
			src:  entry + "        js.globalThis.addEventListener('x', {'handleEvent': 1})\n",
			code: "PW210", severity: diag.Warning, text: "{'handleEvent': 1}",
			message: []string{"keeps the listener", "automatically destroyed"}, data: map[string]string{"fix": "wrap-to-js"},
		},
		{
			name: "undeclared binding with a suggestion", spec: "date=2025-11-01 bindings=DB:d1_databases",
			src:  entry + "        return await self.env.BD.prepare('q').all()\n",
			code: "PW401", severity: diag.Warning, text: "BD",
			message: []string{"env.BD is not declared in wrangler.toml", "did you mean DB?"}, data: map[string]string{"fix": "rename-binding", "name": "DB"},
		},
		{
			name: "snake_case binding method", spec: "date=2025-11-01 bindings=CACHE:kv_namespaces",
			src:  entry + "        return await self.env.CACHE.get_with_metadata('k')\n",
			code: "PW402", severity: diag.Error, text: "get_with_metadata",
			message: []string{"kv_namespaces", "KV namespace", "use .getWithMetadata"}, data: map[string]string{"fix": "rename-method", "name": "getWithMetadata"},
		},
		{
			name: "method of another binding kind", spec: "date=2025-11-01 bindings=CACHE:kv_namespaces",
			src:  entry + "        return self.env.CACHE.prepare('q')\n",
			code: "PW402", severity: diag.Error, text: "prepare",
			message: []string{"has no .prepare", "belongs to D1 database bindings"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := findings(t, tt.spec, tt.src, tt.code)
			if len(got) != 1 {
				t.Fatalf("want one %s finding, got %v", tt.code, got)
			}
			d := got[0]
			if d.Severity != tt.severity {
				t.Errorf("severity %v, want %v", d.Severity, tt.severity)
			}
			if text := tt.src[d.Start:d.End]; text != tt.text {
				t.Errorf("range covers %q, want %q", text, tt.text)
			}
			for _, part := range tt.message {
				if !strings.Contains(d.Message, part) {
					t.Errorf("message %q lacks %q", d.Message, part)
				}
			}
			if len(d.Data) != len(tt.data) {
				t.Errorf("data %v, want %v", d.Data, tt.data)
			}
			for k, v := range tt.data {
				if d.Data[k] != v {
					t.Errorf("data %v, want %v", d.Data, tt.data)
				}
			}
		})
	}
}

// TestBindingRulesNeedConfig checks PW401/PW402 stay silent without a
// wrangler config: nothing is known to be declared.
func TestBindingRulesNeedConfig(t *testing.T) {
	for _, code := range []string{"PW401", "PW402"} {
		r := rules.ByCode(code)
		if r.AppliesTo(profile.Default()) {
			t.Errorf("%s applies to the default profile (no config)", code)
		}
		withConfig, _ := profile.Resolve(profile.Input{CompatDate: "2025-11-01", ConfigFile: "/w/wrangler.toml"})
		if !r.AppliesTo(withConfig) {
			t.Errorf("%s does not apply when a config was found", code)
		}
	}
}
