package semantic

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/analysis/syntax"
)

// probe analyses src the way the driver does and returns the origin of
// the last expression whose text is target.
func probe(t *testing.T, src, target string, p *profile.Profile) Origin {
	t.Helper()
	doc := source.Open("file:///w.py", 1, []byte(src), true)
	defer doc.Close()
	text := []byte(src)
	units := syntax.Units(doc.Tree())
	contribs := make([]Contribution, len(units))
	starts := make([]int, len(units))
	flat := make([]*syntax.Tree, len(units))
	for i, u := range units {
		flat[i] = u.Flatten(text)
		contribs[i] = Summarize(u.Kind, flat[i].Root(), u.Start)
		starts[i] = u.Start
	}
	m := Build(contribs, starts)
	at := strings.LastIndex(src, target)
	if at < 0 {
		t.Fatalf("%q not in source", target)
	}
	for i, u := range units {
		if at < u.Start || at >= u.End {
			continue
		}
		var class *Class
		if u.Kind == syntax.Member {
			for j := range m.Classes {
				if m.Classes[j].Start == units[u.Header].Start {
					class = &m.Classes[j]
				}
			}
		}
		var node syntax.Node
		for _, n := range flat[i].Root().Descendants() {
			if n.Start() == at && n.End() == at+len(target) && n.Named() {
				node = n // the innermost node with exactly that span
			}
		}
		if node.IsZero() {
			t.Fatalf("no node spans %q", target)
		}
		return NewValues(NewResolver(m), class, p).Origin(node)
	}
	t.Fatalf("%q is in no unit", target)
	return Origin{}
}

func resolved(t *testing.T, date, sdk string, bindings ...string) *profile.Profile {
	t.Helper()
	in := profile.Input{CompatDate: date, SDKVersion: sdk, Bindings: map[string]profile.Binding{}, ConfigFile: "wrangler.toml"}
	for _, b := range bindings {
		name, kind, _ := strings.Cut(b, ":")
		in.Bindings[name] = profile.Binding{Name: name, Kind: kind}
	}
	p, warnings := profile.Resolve(in)
	if len(warnings) > 0 {
		t.Fatal(warnings)
	}
	return p
}

func TestOrigin(t *testing.T) {
	old := resolved(t, "2025-11-01", "", "DB:d1_databases", "CACHE:kv_namespaces")
	wrapped := resolved(t, "2026-07-01", "1.4", "DB:d1_databases", "CACHE:kv_namespaces")
	const entry = "from workers import WorkerEntrypoint, DurableObject\nimport js\n\nclass Default(WorkerEntrypoint):\n"
	tests := []struct {
		name    string
		src     string
		target  string
		profile *profile.Profile
		want    Origin // Node is not compared
	}{
		{
			name:    "self.env binding is raw on the built-in SDK",
			src:     entry + "    async def fetch(self, request):\n        return self.env.DB\n",
			target:  "self.env.DB",
			profile: old,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "DB", BindingKind: "d1_databases"},
		},
		{
			name:    "self.env binding is converted by the wrapping SDK",
			src:     entry + "    async def fetch(self, request):\n        return self.env.DB\n",
			target:  "self.env.DB",
			profile: wrapped,
			want:    Origin{Kind: OriginBinding, Binding: "DB", BindingKind: "d1_databases"},
		},
		{
			name:    "local assigned from a binding chain",
			src:     entry + "    async def fetch(self, request):\n        db = self.env.DB\n        row = await db.prepare(q).bind(1).first()\n        return row\n",
			target:  "row",
			profile: old,
			want: Origin{Kind: OriginBindingValue, Raw: true, Binding: "DB", BindingKind: "d1_databases", Awaited: true,
				Steps: []Step{{Kind: StepCall, Name: "prepare", Args: 1}, {Kind: StepCall, Name: "bind", Args: 1}, {Kind: StepCall, Name: "first"}}},
		},
		{
			name:    "loop over results gives elements",
			src:     "async def on_fetch(request, env):\n    res = await env.STORE.prepare(q).all()\n    for r in res.results:\n        r\n",
			target:  "r",
			profile: old,
			want: Origin{Kind: OriginBindingValue, Raw: true, Binding: "STORE", BindingKind: "d1_databases", Awaited: true,
				Steps: []Step{{Kind: StepCall, Name: "prepare", Args: 1}, {Kind: StepCall, Name: "all"}, {Kind: StepAttr, Name: "results"}, {Kind: StepElement}}},
		},
		{
			name:    "comprehension over results",
			src:     "async def on_fetch(request, env):\n    res = await env.DB.prepare(q).all()\n    return [x for x in res.results]\n",
			target:  "x",
			profile: old,
			want: Origin{Kind: OriginBindingValue, Raw: true, Binding: "DB", BindingKind: "d1_databases", Awaited: true,
				Steps: []Step{{Kind: StepCall, Name: "prepare", Args: 1}, {Kind: StepCall, Name: "all"}, {Kind: StepAttr, Name: "results"}, {Kind: StepElement}}},
		},
		{
			name:    "an app's wrapper is not a raw env",
			src:     entry + "    async def fetch(self, request):\n        env = SafeEnv(self.env)\n        return env.DB\n",
			target:  "env.DB",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "a use before the reassignment still sees the parameter",
			src:     "def helper(env):\n    a = env.DB\n    env = wrap(env)\n    return a\n",
			target:  "a",
			profile: old,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "DB", BindingKind: "d1_databases"},
		},
		{
			name:    "x = f(x) does not see itself",
			src:     "def f(env):\n    x = 1\n    x = g(x)\n    return x\n",
			target:  "g(x)",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "tuple targets are not followed",
			src:     "def f(env):\n    a, b = env.DB, 1\n    return a\n",
			target:  "a",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "queue message body",
			src:     entry + "    async def queue(self, batch, env, ctx):\n        for msg in batch.messages:\n            msg.body\n",
			target:  "msg.body",
			profile: old,
			want:    Origin{Kind: OriginQueueBody, Raw: true},
		},
		{
			name:    "queue message body on the wrapping SDK",
			src:     entry + "    async def queue(self, batch, env, ctx):\n        for msg in batch.messages:\n            msg.body\n",
			target:  "msg.body",
			profile: wrapped,
			want:    Origin{Kind: OriginQueueBody},
		},
		{
			name:    "request.json() on the SDK Request is a dict",
			src:     entry + "    async def fetch(self, request):\n        data = await request.json()\n        return data\n",
			target:  "data",
			profile: old,
			want:    Origin{Kind: OriginDict, Source: "await request.json()"},
		},
		{
			name:    "request.json() on a raw legacy request is JS",
			src:     "async def on_fetch(request, env):\n    data = await request.json()\n    return data\n",
			target:  "data",
			profile: old,
			want:    Origin{Kind: OriginJS, Raw: true, Awaited: true},
		},
		{
			name:    "dict() call",
			src:     "def f():\n    opts = dict(status=400)\n    return opts\n",
			target:  "opts",
			profile: old,
			want:    Origin{Kind: OriginDict, Source: "dict(...)"},
		},
		{
			name:    "shadowed dict is not the builtin",
			src:     "def f(dict):\n    opts = dict(status=400)\n    return opts\n",
			target:  "opts",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "js attribute chain and call",
			src:     "from js import Response as R\ndef f():\n    r = R.new('x')\n    return r.headers\n",
			target:  "r.headers",
			profile: old,
			want:    Origin{Kind: OriginJS, Raw: true},
		},
		{
			name:    "workers.env module attribute",
			src:     "import workers\ndef f():\n    return workers.env.CACHE\n",
			target:  "workers.env.CACHE",
			profile: old,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "CACHE", BindingKind: "kv_namespaces"},
		},
		{
			name:    "env of import_from_javascript is raw even when wrapped",
			src:     "from workers import import_from_javascript\ndef f():\n    cf = import_from_javascript('cloudflare:workers')\n    return cf.env.DB\n",
			target:  "cf.env.DB",
			profile: wrapped,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "DB", BindingKind: "d1_databases"},
		},
		{
			name:    "durable object storage",
			src:     "from workers import DurableObject\nclass Counter(DurableObject):\n    async def fetch(self, request):\n        return self.ctx.storage\n",
			target:  "self.ctx.storage",
			profile: old,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "ctx.storage", BindingKind: DurableObjectStorage},
		},
		{
			name:    "self in a non-entrypoint class is unknown",
			src:     "class Helper:\n    def get(self):\n        return self.env.DB\n",
			target:  "self.env.DB",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "staticmethod has no self",
			src:     entry + "    @staticmethod\n    def util(self):\n        return self.env.DB\n",
			target:  "self.env.DB",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "undeclared binding infers D1 from prepare",
			src:     "def f(env):\n    return env.OTHER.prepare(q)\n",
			target:  "env.OTHER.prepare(q)",
			profile: old,
			want:    Origin{Kind: OriginBindingValue, Raw: true, Binding: "OTHER", BindingKind: "d1_databases", Steps: []Step{{Kind: StepCall, Name: "prepare", Args: 1}}},
		},
		{
			name:    "a plain parameter is unknown",
			src:     "def f(db):\n    return db.prepare(q)\n",
			target:  "db.prepare(q)",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "a helper's env parameter reads bindings",
			src:     "def helper(env):\n    return env.USERS\n",
			target:  "env.USERS",
			profile: old,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "USERS"},
		},
		{
			name:    "a helper's env parameter is not assumed to be the Worker env for other names",
			src:     "def render(env, name):\n    return env.get_template(name)\n",
			target:  "env.get_template",
			profile: old,
			want:    Origin{},
		},
		{
			name:    "None through a local",
			src:     "def f():\n    x = None\n    return x\n",
			target:  "x",
			profile: old,
			want:    Origin{Kind: OriginNone},
		},
		{
			name:    "legacy env with @handler on the wrapping SDK",
			src:     "from workers import handler\n@handler\nasync def on_fetch(request, env):\n    return env.DB\n",
			target:  "env.DB",
			profile: wrapped,
			want:    Origin{Kind: OriginBinding, Binding: "DB", BindingKind: "d1_databases"},
		},
		{
			name:    "legacy env without @handler stays raw",
			src:     "async def on_fetch(request, e):\n    return e.DB\n",
			target:  "e.DB",
			profile: wrapped,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "DB", BindingKind: "d1_databases"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe(t, tt.src, tt.target, tt.profile)
			got.Node = syntax.Node{}
			if !equalOrigin(got, tt.want) {
				t.Errorf("Origin(%q) = %+v, want %+v", tt.target, got, tt.want)
			}
		})
	}
}

func equalOrigin(a, b Origin) bool {
	if a.Kind != b.Kind || a.Raw != b.Raw || a.Binding != b.Binding || a.BindingKind != b.BindingKind ||
		a.Awaited != b.Awaited || a.Source != b.Source || len(a.Steps) != len(b.Steps) {
		return false
	}
	for i := range a.Steps {
		if a.Steps[i] != b.Steps[i] {
			return false
		}
	}
	return true
}

func TestOriginPath(t *testing.T) {
	o := Origin{Steps: []Step{{Kind: StepCall, Name: "prepare", Args: 1}, {Kind: StepCall, Name: "all"}, {Kind: StepAttr, Name: "results"}, {Kind: StepElement}}}
	if got, want := o.Path(), ".prepare().all().results[…]"; got != want {
		t.Errorf("Path() = %q, want %q", got, want)
	}
}

func TestBindingLikeName(t *testing.T) {
	for name, want := range map[string]bool{"DB": true, "USERS_KV": true, "KV2": true, "db": false, "getTemplate": false, "_": false, "": false, "X-Y": false} {
		if got := BindingLikeName(name); got != want {
			t.Errorf("BindingLikeName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestIsReference(t *testing.T) {
	src := "def f(a, b=c, *d, e: int = g, **h):\n    return a.b(k=v)\n"
	doc := source.Open("file:///r.py", 1, []byte(src), true)
	defer doc.Close()
	tree := syntax.FlattenTree(doc.Tree(), []byte(src))
	want := map[string]bool{"f": false, "a": false, "b": false, "c": true, "d": false, "e": false, "int": true, "g": true, "h": false, "k": false, "v": true}
	// The body's `a` reads the name; its `b` is an attribute.
	got := map[string]bool{}
	for _, n := range tree.Root().Descendants() {
		if n.Type() != "identifier" {
			continue
		}
		if n.Start() > strings.Index(src, "return") {
			if n.Text() == "a" && !IsReference(n) || n.Text() == "b" && IsReference(n) {
				t.Errorf("body %s: IsReference = %v", n.Text(), IsReference(n))
			}
			if n.Text() != "k" && n.Text() != "v" {
				continue
			}
		}
		got[n.Text()] = IsReference(n)
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("IsReference(%s) = %v, want %v", name, got[name], w)
		}
	}
}
