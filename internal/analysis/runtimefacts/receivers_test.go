package runtimefacts

import (
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
)

func TestReceiverRowsAreCitedAndMeasurable(t *testing.T) {
	ops := Truth().Operations
	for _, r := range Receivers {
		if r.Src.Path == "" && r.API != "js.JSON.stringify" {
			t.Errorf("%s arg %d has no source citation", r.API, r.Arg)
		}
		if r.Src.Path != "" && (r.Src.Commit == "" || r.Src.Line == 0) {
			t.Errorf("%s arg %d: citation without commit or line", r.API, r.Arg)
		}
		if op := r.Operation(); op != "" {
			if _, ok := ops[op]; !ok {
				t.Errorf("%s arg %d models operation %q that the oracle does not measure", r.API, r.Arg, op)
			}
		}
	}
}

func TestFindReceivers(t *testing.T) {
	cases := []struct {
		got  func() (Receiver, bool)
		want Behaviour
	}{
		{func() (Receiver, bool) { return FindJS("js.fetch", 1) }, ReadsProperties},
		{func() (Receiver, bool) { return FindJS("js.Headers.new", 0) }, IteratesPairs},
		{func() (Receiver, bool) { return FindJS("js.crypto.subtle.digest", 0) }, ReadsProperties},
		{func() (Receiver, bool) { return FindJS("js.caches.default.match", 1) }, ReadsProperties},
		{func() (Receiver, bool) { return FindJS("js.document.body.addEventListener", 1) }, Keeps},
		{func() (Receiver, bool) { return FindBinding("kv_namespaces", "put", false, 2) }, ReadsProperties},
		{func() (Receiver, bool) { return FindBinding("durable_objects", "increment", true, 0) }, StructuredClones},
		{func() (Receiver, bool) { return FindBinding("durable_objects", "fetch", true, 1) }, ReadsProperties},
		{func() (Receiver, bool) { return FindBinding("durable_objects", "fetch", true, 0) }, RequiresPrimitives},
		{func() (Receiver, bool) { return FindBinding("services", "doThing", false, 2) }, StructuredClones},
	}
	for i, c := range cases {
		r, ok := c.got()
		if !ok || r.Behaviour != c.want {
			t.Errorf("case %d: got %+v, %v; want %s", i, r, ok, c.want)
		}
	}
	for _, miss := range []func() (Receiver, bool){
		func() (Receiver, bool) { return FindJS("js.fetch", 0) },
		func() (Receiver, bool) { return FindJS("js.console.log", 0) },
		func() (Receiver, bool) { return FindJS("js.myLib.send", 0) },
		func() (Receiver, bool) { return FindBinding("kv_namespaces", "put", false, 0) },
		func() (Receiver, bool) { return FindBinding("durable_objects", "idFromName", false, 0) },
	} {
		if r, ok := miss(); ok {
			t.Errorf("unexpected receiver %+v", r)
		}
	}
}

// The receivers the oracle can run in Node behave as their rows say:
// a plain object works for every one of them on every runtime.
func TestPlainObjectWorksForEveryMeasuredReceiver(t *testing.T) {
	for _, r := range Receivers {
		op := r.Operation()
		if op == "" || r.Behaviour == Keeps {
			continue
		}
		for _, g := range []profile.Generation{profile.Pyodide026, profile.Pyodide028, profile.Pyodide314} {
			o, ok := Lookup(g, "to_js(dict, dict_converter)", op)
			if !ok || !o.OK() {
				t.Errorf("%s: to_js(dict, dict_converter) under %q on %s = %+v", r.API, op, RuntimeID(g), o)
			}
		}
	}
}
