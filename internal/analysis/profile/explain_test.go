package profile

import (
	"strings"
	"testing"
)

func TestExplainShowsSources(t *testing.T) {
	on := true
	p, _ := Resolve(Input{
		CompatDate: "2025-11-02",
		Flags:      []string{FlagPythonWorkers, "disable_python_workflows"},
		SDKVersion: "1.2",
		ConfigFile: "/w/wrangler.toml",
		Bindings:   map[string]Binding{"VEC": {Name: "VEC", Kind: "vectorize", Remote: &on}},
		Packages:   map[string]Package{"pyyaml": {Name: "pyyaml", Version: "6.0.2", Native: true}},
		Sources: map[string]string{"compatibility_date": "wrangler.toml:3", "compatibility_flags": "wrangler.toml:4",
			"binding:VEC": "wrangler.toml:9", "package:pyyaml": "uv.lock:12", "env": "production"},
	})
	text := Explain(p)
	for _, want := range []string{
		"Config:             /w/wrangler.toml [env production]",
		"Pyodide 0.28.2 (Python 3.13)  (wrangler.toml:3 (≥ 2025-09-29))",
		"Package index:      Pyodide 0.28.3",
		"Compatibility date: 2025-11-02  (wrangler.toml:3)",
		"on  python_workers                           listed in wrangler.toml:4",
		"off python_workflows                         turned off by disable_python_workflows (wrangler.toml:4)",
		"on  python_no_global_handlers                default since 2025-08-14",
		"off python_check_rng_state                   off: default from 2025-12-16",
		"VEC                      vectorize remote=true  (wrangler.toml:9)",
		"pyyaml                   6.0.2 native  (uv.lock:12)",
		"built-in `workers` module",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
	d := Explain(Default())
	if !strings.Contains(d, "none found: default profile") || !strings.Contains(d, "assumed on (default profile)") {
		t.Errorf("default explain:\n%s", d)
	}
}

func TestDescribeDate(t *testing.T) {
	for _, tc := range []struct {
		date      string
		has, lack []string
	}{
		{"2025-01-01", []string{"Pyodide 0.26.0a2", "JS null arrives as None", "`python_no_global_handlers` from 2025-08-14"}, []string{"On by this date"}},
		{"2025-11-02", []string{"Pyodide 0.28.2", "jsnull", "`python_no_global_handlers` (since 2025-08-14)", "`python_check_rng_state` from 2025-12-16", "python_workers_20260610"}, nil},
		{"2026-07-01", []string{"`enable_python_external_sdk` (since 2026-04-21)"}, []string{"Not yet on"}},
		{"2025-13-45", []string{"not a YYYY-MM-DD date"}, []string{"Pyodide"}},
	} {
		got := DescribeDate(tc.date)
		for _, s := range tc.has {
			if !strings.Contains(got, s) {
				t.Errorf("DescribeDate(%s) lacks %q:\n%s", tc.date, s, got)
			}
		}
		for _, s := range tc.lack {
			if strings.Contains(got, s) {
				t.Errorf("DescribeDate(%s) has %q:\n%s", tc.date, s, got)
			}
		}
	}
}

func TestDescribeFlag(t *testing.T) {
	for _, tc := range []struct{ flag, want string }{
		{"python_no_global_handlers", "Turn it off with `disable_python_no_global_handlers`"},
		{"disable_python_no_global_handlers", "turns off `python_no_global_handlers` (default since 2025-08-14)"},
		{"python_dedicated_snapshot", "on Pyodide 0.28.2 (Python 3.13) and newer"},
		{"nodejs_compat", "does not change Python-specific behaviour"},
		{"python_workres", "Did you mean `python_workers`?"},
		{"zzzzzzzzzzzz", "not a known compatibility flag."},
	} {
		if got := DescribeFlag(tc.flag); !strings.Contains(got, tc.want) {
			t.Errorf("DescribeFlag(%s) = %q, want it to contain %q", tc.flag, got, tc.want)
		}
	}
}

func TestKnownFlags(t *testing.T) {
	// Every Python flag and opposite in the table is a real workerd flag.
	for _, f := range flagTable {
		for _, name := range []string{f.Name, f.Opposite} {
			if name != "" && !IsKnownFlag(name) {
				t.Errorf("%s is in flagTable but not in compat_flags.txt", name)
			}
		}
	}
	for _, name := range []string{"nodejs_compat", "no_nodejs_compat", "fixup-transform-stream-backpressure", "text_decoder_cjk_decoder"} {
		if !IsKnownFlag(name) {
			t.Errorf("%s unknown", name)
		}
	}
	for _, name := range []string{"python_global_handlers", "python_workers_old_vendor_path", "# Every"} {
		if IsKnownFlag(name) {
			t.Errorf("%s should be unknown", name)
		}
	}
	for _, tc := range []struct{ typo, want string }{
		{"python_no_global_handler", "python_no_global_handlers"},
		{"nodejs_compt", "nodejs_compat"},
		{"disable_python_workflow", "disable_python_workflows"},
	} {
		if got, ok := SuggestFlag(tc.typo); !ok || got != tc.want {
			t.Errorf("SuggestFlag(%s) = %q, %v; want %q", tc.typo, got, ok, tc.want)
		}
	}
	if got, ok := SuggestFlag("completely_unrelated_words_here"); ok {
		t.Errorf("suggested %q for an unrelated name", got)
	}
}
