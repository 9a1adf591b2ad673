package capnp

import (
	"strings"
	"testing"
	"time"
)

// sampleConfig has the shape of workerd's samples/pyodide/config.capnp:
// a Config constant whose service names a Worker constant by reference.
const sampleConfig = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .mainWorker),
  ],
  sockets = [
    # Serve HTTP on port 8080.
    ( name = "http", address = "*:8080", http = (), service = "main" ),
  ],
);

const mainWorker :Workerd.Worker = (
  modules = [
    (name = "worker.py", pythonModule = embed "./worker.py"),
  ],
  compatibilityDate = "2025-06-01",
  compatibilityFlags = ["python_workers", %PYTHON_FEATURE_FLAGS],
  bindings = [ (name = "KV", kvNamespace = "kv-service"), (name = "N", json = "-12.5e3") ],
);
`

// spanText returns the text a span covers.
func spanText(text string, s Span) string { return text[s.Start:s.End] }

func TestParseSampleConfig(t *testing.T) {
	f := Parse([]byte(sampleConfig))
	if len(f.Errors) > 0 {
		t.Fatalf("errors: %v", f.Errors[0])
	}
	if u := f.Using("Workerd"); u == nil || u.Value.Kind != Import || u.Value.Text != "/workerd/workerd.capnp" {
		t.Fatalf("using Workerd = %+v", u)
	}
	cfg := f.Const("config")
	if cfg == nil || cfg.Type != "Workerd.Config" || spanText(sampleConfig, cfg.TypeSpan) != "Workerd.Config" {
		t.Fatalf("config const: %+v", cfg)
	}
	svc := cfg.Value.Get("services").Items[0]
	ref := svc.Get("worker")
	if ref.Kind != Ref || ref.Text != "mainWorker" || spanText(sampleConfig, ref.Span) != ".mainWorker" {
		t.Fatalf("worker ref: %+v", ref)
	}
	w := f.Resolve(ref)
	if w == nil || w != f.Const("mainWorker").Value {
		t.Fatalf("Resolve(.mainWorker) = %+v", w)
	}
	mod := w.Get("modules").Items[0]
	emb := mod.Get("pythonModule")
	if emb.Kind != Embed || emb.Text != "./worker.py" || spanText(sampleConfig, emb.Span) != `embed "./worker.py"` {
		t.Fatalf("embed: %+v %q", emb, spanText(sampleConfig, emb.Span))
	}
	date := w.Field("compatibilityDate")
	if spanText(sampleConfig, date.Value.Span) != `"2025-06-01"` || spanText(sampleConfig, date.Span) != `compatibilityDate = "2025-06-01"` {
		t.Errorf("date spans: %q / %q", spanText(sampleConfig, date.Value.Span), spanText(sampleConfig, date.Span))
	}
	flags := w.Get("compatibilityFlags").Items
	if len(flags) != 2 || flags[0].Text != "python_workers" || flags[1].Kind != Placeholder || flags[1].Text != "PYTHON_FEATURE_FLAGS" ||
		spanText(sampleConfig, flags[1].Span) != "%PYTHON_FEATURE_FLAGS" {
		t.Errorf("flags: %+v %+v", flags[0], flags[1])
	}
	http := cfg.Value.Get("sockets").Items[0].Get("http")
	if http.Kind != Struct || len(http.Fields) != 0 || spanText(sampleConfig, http.Span) != "()" {
		t.Errorf("void member: %+v", http)
	}
	kv := w.Get("bindings").Items[0]
	if kv.Fields[1].Name != "kvNamespace" || spanText(sampleConfig, kv.Fields[0].NameSpan) != "name" {
		t.Errorf("binding: %+v", kv.Fields[1])
	}
}

func TestParseValues(t *testing.T) {
	src := "@0xbf5147cbbecf40c1;\n" +
		"$Cxx.namespace(\"workerd::server\");\n" +
		"struct Skipped { a @0 :Text; union { b @1 :Void; } }\n" +
		"const a :List(Text) = [\"x\\n\\x41\\101\", \"y\" \"z\"];\n" +
		"const b :Float64 = -inf;\n" +
		"const c :Data = 0x\"de ad\";\n" +
		"const d :Workerd.Worker.Module = (name = \"m\", esModule =\n" +
		"    `export default {\n" +
		"    `};\n" +
		");\n" +
		"const e :Foo = import \"other.capnp\".bar.baz;\n" +
		"const f :Style = host;\n"
	f := Parse([]byte(src))
	if len(f.Errors) > 0 {
		t.Fatalf("errors: %v at %v", f.Errors[0], f.Errors[0].Span)
	}
	if got := len(f.Consts); got != 6 {
		t.Fatalf("%d constants, want 6", got)
	}
	a := f.Const("a").Value.Items
	if a[0].Text != "x\nAA" || a[1].Text != "yz" || f.Const("a").Type != "List(Text)" {
		t.Errorf("strings: %q %q type %q", a[0].Text, a[1].Text, f.Const("a").Type)
	}
	if v := f.Const("b").Value; v.Kind != Number || v.Text != "-inf" {
		t.Errorf("b = %+v", v)
	}
	if v := f.Const("c").Value; v.Kind != Data || v.Text != "dead" {
		t.Errorf("c = %+v", v)
	}
	if v := f.Const("d").Value.Get("esModule"); v.Kind != String || v.Text != "export default {\n};\n" {
		t.Errorf("block string = %q", v.Text)
	}
	if v := f.Const("e").Value; v.Kind != Import || v.Text != "other.capnp" || v.Member != "bar.baz" {
		t.Errorf("e = %+v", v)
	}
	if v := f.Const("f").Value; v.Kind != Ident || v.Text != "host" {
		t.Errorf("f = %+v", v)
	}
}

func TestParseErrorsKeepPositionsAndRecover(t *testing.T) {
	src := `const a :Text = (x = ;
const b :Text = "ok";
const c :Text = "unterminated
const d :Text = [1, 2 3];
const e :Text = .;
const g :Text = "fine";
`
	f := Parse([]byte(src))
	if f.Const("b") == nil || f.Const("g") == nil {
		t.Fatalf("statements after errors were not read: %+v", f.Consts)
	}
	if len(f.Errors) < 3 {
		t.Fatalf("errors: %d, want at least 3", len(f.Errors))
	}
	first := f.Errors[0]
	if spanText(src, first.Span) != ";" || !strings.Contains(first.Message, "expected a value") {
		t.Errorf("first error %q at %q", first.Message, spanText(src, first.Span))
	}
	var unterminated bool
	for _, e := range f.Errors {
		if e.Message == "unterminated string" && strings.HasPrefix(spanText(src, e.Span), `"unterminated`) {
			unterminated = true
		}
	}
	if !unterminated {
		t.Errorf("no unterminated-string error: %v", f.Errors)
	}
}

func TestDepthIsBounded(t *testing.T) {
	src := "const a :T = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + ";\nconst b :T = 1;\n"
	f := Parse([]byte(src))
	if len(f.Errors) != 1 || !strings.Contains(f.Errors[0].Message, "nested deeper") {
		t.Fatalf("errors: %v", f.Errors)
	}
	if f.Const("b") == nil {
		t.Error("the statement after the deep one was not read")
	}
}

// TestCostIsLinear parses inputs of growing size: the time per byte
// must not grow with the input (a quadratic recovery or lookup would).
func TestCostIsLinear(t *testing.T) {
	unit := `const w%d :Workerd.Worker = (modules = [(name = "a.py", pythonModule = embed "a.py")], compatibilityFlags = ["x", (]);` + "\n"
	measure := func(n int) time.Duration {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Replace(unit, "%d", string(rune('a'+i%26)), 1))
		}
		text := []byte(b.String())
		start := time.Now()
		for range 3 {
			if f := Parse(text); len(f.Consts) != 0 {
				t.Fatalf("broken constants were kept")
			}
		}
		return time.Since(start)
	}
	small, large := measure(2000), measure(20000)
	if large > 40*small+50*time.Millisecond {
		t.Errorf("10x input took %v vs %v", large, small)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(sampleConfig)
	f.Add("const a :T = (a = [1, -2.5e3, \"s\\x41\", .b, embed \"x\", import \"y\".z, %P%, 0x\"00\"]);")
	f.Add("using import \"/a.capnp\";\n$A.b(\"c\");\nstruct S { x @0 :Text; }\n")
	f.Add("const m :T = (x =\n  `line\n  `two\n);")
	f.Fuzz(func(t *testing.T, src string) {
		file := Parse([]byte(src))
		check := func(s Span) {
			if s.Start < 0 || s.End > len(src) || s.Start > s.End {
				t.Fatalf("span %v outside [0, %d]", s, len(src))
			}
		}
		var walk func(v *Value, depth int)
		walk = func(v *Value, depth int) {
			if depth > MaxDepth+1 {
				t.Fatalf("value nested %d deep", depth)
			}
			check(v.Span)
			for _, fl := range v.Fields {
				check(fl.Span)
				check(fl.NameSpan)
				walk(fl.Value, depth+1)
			}
			for _, it := range v.Items {
				walk(it, depth+1)
			}
		}
		for _, c := range file.Consts {
			check(c.Span)
			check(c.NameSpan)
			walk(c.Value, 0)
			file.Resolve(c.Value)
		}
		for _, e := range file.Errors {
			check(e.Span)
		}
		if len(file.Errors) > maxErrors {
			t.Fatalf("%d errors kept", len(file.Errors))
		}
	})
}
