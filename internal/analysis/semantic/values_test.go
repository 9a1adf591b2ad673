package semantic

import (
	"strings"
	"testing"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/source"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
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
			name:    "tuple targets take their element",
			src:     "def f(env):\n    a, b = env.DB, 1\n    return a\n",
			target:  "a",
			profile: old,
			want:    Origin{Kind: OriginBinding, Raw: true, Binding: "DB", BindingKind: "d1_databases"},
		},
		{
			name:    "unpacking a call is not followed",
			src:     "def f(env):\n    a, b = pair(env.DB)\n    return a\n",
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
		if n.Type() != syntax.TypeIdentifier {
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

// TestMayBeNone checks the None sources, narrowings and carriers: each
// case names the expression whose value is asked for (the last one with
// that text).
func TestMayBeNone(t *testing.T) {
	p028 := resolved(t, "2025-11-01", "", "DB:d1_databases")
	p026 := resolved(t, "2025-09-01", "", "DB:d1_databases")
	tests := []struct {
		name, src, target string
		p                 *profile.Profile
		want              bool
	}{
		{"dict.get", "def f(d):\n    x = d.get('k')\n    return x\n", "x", p028, true},
		{"dict.get with a default", "def f(d):\n    x = d.get('k', '')\n    return x\n", "x", p028, false},
		{"dict.get with a None default", "def f(d):\n    x = d.get('k', None)\n    return x\n", "x", p028, true},
		{"os.environ.get", "import os\ndef f():\n    x = os.environ.get('K')\n    return x\n", "x", p028, true},
		{"os.getenv with a default", "import os\ndef f():\n    x = os.getenv('K', 'v')\n    return x\n", "x", p028, false},
		{"getattr with None", "def f(o):\n    x = getattr(o, 'a', None)\n    return x\n", "x", p028, true},
		{"getattr without default", "def f(o):\n    x = getattr(o, 'a')\n    return x\n", "x", p028, false},
		{"next with None", "def f(it):\n    x = next(it, None)\n    return x\n", "x", p028, true},
		{"parameter default None", "def f(x=None):\n    return x\n", "x", p028, true},
		{"parameter Optional", "from typing import Optional\ndef f(x: Optional[str]):\n    return x\n", "x", p028, true},
		{"parameter X | None", "def f(x: str | None):\n    return x\n", "x", p028, true},
		{"plain parameter", "def f(x: str):\n    return x\n", "x", p028, false},
		{"request headers on 0.28 give jsnull", "def f(request):\n    x = request.headers.get('a')\n    return x\n", "x", p028, false},
		{"js get on 0.26", "import js\ndef f():\n    x = js.Map.new().get('a')\n    return x\n", "x", p026, true},
		{"js get on 0.28", "import js\ndef f():\n    x = js.Map.new().get('a')\n    return x\n", "x", p028, false},
		{"function falling off the end", "def g(r):\n    if r:\n        return 1\n\ndef f(r):\n    x = g(r)\n    return x\n", "x", p028, true},
		{"function always returning", "def g(r):\n    if r:\n        return 1\n    return 2\n\ndef f(r):\n    x = g(r)\n    return x\n", "x", p028, false},
		{"function annotated Optional", "from typing import Optional\ndef g(r) -> Optional[int]:\n    return r\n\ndef f(r):\n    return g(r)\n", "g(r)", p028, true},
		{"function annotated str wins", "def g(r) -> str:\n    if r:\n        return 'a'\n\ndef f(r):\n    return g(r)\n", "g(r)", p028, false},
		{"generator", "def g(r):\n    yield r\n\ndef f(r):\n    return g(r)\n", "g(r)", p028, false},
		{"decorated function", "import functools\n@functools.cache\ndef g(r):\n    pass\n\ndef f(r):\n    return g(r)\n", "g(r)", p028, false},
		{"returned call followed", "def g(r):\n    return r.get('a')\n\ndef h(r):\n    return g(r)\n\ndef f(r):\n    return h(r)\n", "h(r)", p028, true},
		{"recursion", "def g(r):\n    return g(r)\n\ndef f(r):\n    return g(r)\n", "g(r)", p028, false},
		{"async function awaited", "async def g(r):\n    return None\n\nasync def f(r):\n    return await g(r)\n", "await g(r)", p028, true},
		{"try with returns in every branch", "def g(r):\n    try:\n        return int(r)\n    except ValueError:\n        return 0\n\ndef f(r):\n    return g(r)\n", "g(r)", p028, false},
		{"or default", "def f(d):\n    x = d.get('k') or ''\n    return x\n", "x", p028, false},
		{"or None", "def f(d, e):\n    x = d or e.get('k')\n    return x\n", "x", p028, true},
		{"and", "def f(d):\n    x = d.get('k') and 'y'\n    return x\n", "x", p028, true},
		{"conditional not None", "def f(d):\n    x = d.get('k')\n    y = x if x is not None else ''\n    return y\n", "y", p028, false},
		{"conditional None branch", "def f(d, c):\n    y = 'a' if c else None\n    return y\n", "y", p028, true},
		{"if x:", "def f(d):\n    x = d.get('k')\n    if x:\n        return x\n", "x", p028, false},
		{"else of if x is None", "def f(d):\n    x = d.get('k')\n    if x is None:\n        pass\n    else:\n        return x\n", "x", p028, false},
		{"elif after a None test", "def f(d):\n    x = d.get('k')\n    if x is None:\n        pass\n    elif d:\n        return x\n", "x", p028, false},
		{"early return", "def f(d):\n    x = d.get('k')\n    if x is None:\n        return 0\n    return x\n", "x", p028, false},
		{"early raise on not x", "def f(d):\n    x = d.get('k')\n    if not x:\n        raise ValueError()\n    return x\n", "x", p028, false},
		{"continue in a loop", "def f(ds):\n    for d in ds:\n        x = d.get('k')\n        if x is None:\n            continue\n        print(x)\n", "x", p028, false},
		{"guard that does not leave", "def f(d):\n    x = d.get('k')\n    if x is None:\n        print('missing')\n    return x\n", "x", p028, true},
		{"guard before the binding", "def f(d, x):\n    if x is None:\n        return 0\n    x = d.get('k')\n    return x\n", "x", p028, true},
		{"reassigned in the guard", "def f(d):\n    x = d.get('k')\n    if x is None:\n        x = ''\n    return x\n", "x", p028, false},
		{"assert", "def f(d):\n    x = d.get('k')\n    assert x is not None\n    return x\n", "x", p028, false},
		{"join if/else, None in the first branch", "def f(d):\n    if d:\n        x = None\n    else:\n        x = ''\n    return x\n", "x", p028, true},
		{"join if/else, both set", "def f(d):\n    if d:\n        x = 'a'\n    else:\n        x = ''\n    return x\n", "x", p028, false},
		{"join try/except", "def f(d):\n    try:\n        x = d['k']\n    except KeyError:\n        x = None\n    return x\n", "x", p028, true},
		{"except that returns", "def f(d):\n    x = None\n    try:\n        x = d['k']\n    except KeyError:\n        return 1\n    return x\n", "x", p028, false},
		{"bound in a loop: unknown", "def f(d):\n    x = None\n    for k in d:\n        x = k\n    return x\n", "x", p028, false},
		{"rebound in a loop before the use", "def f(d):\n    for k in d:\n        x = d.get(k)\n        print(x)\n", "x", p028, true},
		{"walrus", "def f(d):\n    if (x := d.get('k')) is not None:\n        return x\n", "x", p028, false},
		{"isinstance", "def f(d):\n    x = d.get('k')\n    if isinstance(x, str):\n        return x\n", "x", p028, false},
		{"isinstance with None", "def f(d):\n    x = d.get('k')\n    if isinstance(x, (str, type(None))):\n        return x\n", "x", p028, true},
		{"and narrows its right side", "def f(d):\n    x = d.get('k')\n    return x and len(x)\n", "x", p028, false},
		{"while x", "def f(d):\n    x = d.get('k')\n    while x:\n        print(x)\n", "x", p028, false},
		{"tuple unpacking", "def f(d):\n    a, b = d.get('a'), 1\n    return a\n", "a", p028, true},
		{"tuple unpacking other element", "def f(d):\n    a, b = d.get('a'), 1\n    return b\n", "b", p028, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe(t, tt.src, tt.target, tt.p)
			if got.MayBeNone() != tt.want {
				t.Errorf("MayBeNone(%q) = %v, want %v (origin %+v)", tt.target, got.MayBeNone(), tt.want, got)
			}
			if got.MayBeNone() && (got.Why == nil || got.Why.Text == "") {
				t.Errorf("MayBeNone(%q) without a cause", tt.target)
			}
		})
	}
}

// TestSequenceElements checks that list displays, appends and
// comprehensions keep their elements' None.
func TestSequenceElements(t *testing.T) {
	p := resolved(t, "2025-11-01", "")
	tests := []struct {
		name, src, target string
		want              bool
	}{
		{"display", "def f(d):\n    p = [d.get('a'), 1]\n    return p\n", "p", true},
		{"display without None", "def f(d):\n    p = [d['a'], 1]\n    return p\n", "p", false},
		{"append", "def f(d):\n    p = []\n    p.append(d.get('a'))\n    return p\n", "p", true},
		{"append after the use", "def f(d):\n    p = []\n    q = p\n    p.append(d.get('a'))\n    return q\n", "q", false},
		{"extend", "def f(d):\n    p = [1]\n    p.extend([None])\n    return p\n", "p", true},
		{"comprehension", "def f(ds):\n    p = [d.get('a') for d in ds]\n    return p\n", "p", true},
		{"tuple", "def f(d):\n    p = (1, None)\n    return p\n", "p", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe(t, tt.src, tt.target, p)
			has := false
			for _, e := range got.Elems {
				has = has || e.MayBeNone()
			}
			if got.Kind != OriginSeq || has != tt.want {
				t.Errorf("%q: kind %d, element may be None %v, want %v", tt.target, got.Kind, has, tt.want)
			}
		})
	}
}

// TestDictCarriers checks dicts held where a single expression does not
// show them: module constants, annotated parameters, functions returning
// dict displays, attributes of self.
func TestDictCarriers(t *testing.T) {
	p := resolved(t, "2025-11-01", "")
	const entry = "from workers import WorkerEntrypoint\n"
	tests := []struct {
		name, src, target string
		want              bool
	}{
		{"module constant", "OPTIONS = {'a': 1}\n\ndef f():\n    return OPTIONS\n", "OPTIONS", true},
		{"module constant assigned twice", "OPTIONS = {'a': 1}\nOPTIONS = make()\n\ndef f():\n    return OPTIONS\n", "OPTIONS", false},
		{"module constant shadowed by a parameter", "OPTIONS = {'a': 1}\n\ndef f(OPTIONS):\n    return OPTIONS\n", "OPTIONS", false},
		{"annotated parameter", "from typing import Any\ndef f(opts: dict[str, Any]):\n    return opts\n", "opts", true},
		{"function returning a dict display", "def make():\n    return {'a': 1}\n\ndef f():\n    return make()\n", "make()", true},
		{"function returning a dict sometimes", "def make(c):\n    if c:\n        return {'a': 1}\n    return other()\n\ndef f():\n    return make(1)\n", "make(1)", false},
		{"attribute of self", entry + "class Default(WorkerEntrypoint):\n    def __init__(self, ctx, env):\n        self.opts = {'a': 1}\n\n    async def fetch(self, request):\n        return self.opts\n", "self.opts", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe(t, tt.src, tt.target, p)
			if (got.Kind == OriginDict) != tt.want {
				t.Errorf("%q: kind %d, want dict %v", tt.target, got.Kind, tt.want)
			}
		})
	}
}

// TestSelfAttributes checks bindings kept on self and the app wrappers
// that replace env.
func TestSelfAttributes(t *testing.T) {
	old := resolved(t, "2025-11-01", "", "DB:d1_databases")
	const entry = "from workers import WorkerEntrypoint\n\nclass Default(WorkerEntrypoint):\n"
	tests := []struct {
		name, src, target string
		want              OriginKind
	}{
		{"from __init__'s env", entry + "    def __init__(self, ctx, env):\n        self.db = env.DB\n\n    async def fetch(self, request):\n        return self.db\n", "self.db", OriginBinding},
		{"from self.env", entry + "    def setup(self):\n        self.db = self.env.DB\n\n    async def fetch(self, request):\n        return self.db\n", "self.db", OriginBinding},
		{"from another parameter", entry + "    def setup(self, env):\n        self.db = env.DB\n\n    async def fetch(self, request):\n        return self.db\n", "self.db", OriginUnknown},
		{"assigned two ways", entry + "    def __init__(self, ctx, env):\n        self.db = env.DB\n\n    def other(self):\n        self.db = wrap(self.env)\n\n    async def fetch(self, request):\n        return self.db\n", "self.db", OriginUnknown},
		{"env property", entry + "    @property\n    def env(self):\n        return Safe(self._env)\n\n    async def fetch(self, request):\n        return self.env\n", "self.env", OriginUnknown},
		{"env replaced in __init__", entry + "    def __init__(self, ctx, env):\n        self.env = Safe(env)\n\n    async def fetch(self, request):\n        return self.env\n", "self.env", OriginUnknown},
		{"env kept in __init__", entry + "    def __init__(self, ctx, env):\n        self.env = env\n\n    async def fetch(self, request):\n        return self.env\n", "self.env", OriginEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := probe(t, tt.src, tt.target, old); got.Kind != tt.want {
				t.Errorf("%q: kind %d, want %d", tt.target, got.Kind, tt.want)
			}
		})
	}
}

// TestImportFallback checks that a name an `except ImportError:` clause
// rebinds keeps the meaning of the import tried first.
func TestImportFallback(t *testing.T) {
	p := resolved(t, "2025-11-01", "")
	for _, tt := range []struct {
		name, src string
		want      OriginKind
	}{
		{"ImportError", "try:\n    import js\nexcept ImportError:\n    js = None\n\ndef f():\n    return js.Response\n", OriginJS},
		{"ModuleNotFoundError in a tuple", "try:\n    import js\nexcept (ModuleNotFoundError, RuntimeError):\n    def js():\n        pass\n\ndef f():\n    return js.Response\n", OriginJS},
		{"other exceptions rebind", "try:\n    import js\nexcept ValueError:\n    js = None\n\ndef f():\n    return js.Response\n", OriginUnknown},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := probe(t, tt.src, "js.Response", p); got.Kind != tt.want {
				t.Errorf("kind %d, want %d", got.Kind, tt.want)
			}
		})
	}
}
