package semantic

import "testing"

// TestReachingBindings checks which bindings of a local name reach its
// last use: branches join, loops, match statements, finally clauses and
// closures are not followed (unknown, so not None), and checks on one
// path narrow only that path.
func TestReachingBindings(t *testing.T) {
	p := resolved(t, "2025-11-01", "")
	tests := []struct {
		name, src string
		want      bool
	}{
		{"with body always runs", "def f(d):\n    with open('x') as fh:\n        x = d.get('a')\n    return x\n", true},
		{"elif chain, every branch a str", "def f(d, a, b):\n    if a:\n        x = '1'\n    elif b:\n        x = '2'\n    else:\n        x = '3'\n    return x\n", false},
		{"elif chain, one branch None", "def f(d, a, b):\n    if a:\n        x = '1'\n    elif b:\n        x = None\n    else:\n        x = '3'\n    return x\n", true},
		{"branch that returns leaves nothing", "def f(d, a):\n    if a:\n        x = None\n        return 1\n    else:\n        x = 'b'\n    return x\n", false},
		{"bound in the loop before the use", "def f(d):\n    while d:\n        x = d.get('k')\n        print(x)\n", true},
		{"used in the loop before its rebinding", "def f(d):\n    x = ''\n    for k in d:\n        print(x)\n        x = None\n", false},
		{"closure", "def f(d):\n    x = None\n    def g():\n        return x\n    return g\n", false},
		{"finally after a binding in the try", "def f(d):\n    x = None\n    try:\n        x = 'a'\n    finally:\n        print(x)\n", false},
		{"try else", "def f(d):\n    try:\n        x = d['a']\n    except KeyError:\n        x = None\n    else:\n        pass\n    return x\n", true},
		{"match binds", "def f(d):\n    x = None\n    match d:\n        case {'a': v}:\n            x = v\n    return x\n", false},
		{"narrowed on one path only", "def f(d, a):\n    x = d.get('k')\n    if a:\n        pass\n    elif x is None:\n        x = ''\n    return x\n", true},
		{"narrowed on the fall-through", "def f(d):\n    x = d.get('k')\n    if not x:\n        x = 'default'\n    return x\n", false},
		{"parameter rebound on one branch", "def f(d, x=None):\n    if d:\n        x = 'a'\n    return x\n", true},
		{"parameter defaulted on the None path", "def f(d, x=None):\n    if x is None:\n        x = 'a'\n    return x\n", false},
		{"except-as then None on the other path", "def f(d):\n    try:\n        pass\n    except Exception as x:\n        pass\n    return x\n", false},
		{"loop target read after the loop", "def f(d):\n    x = None\n    for x in d:\n        pass\n    return x\n", false},
		{"walrus in the condition", "def f(d):\n    if (x := d.get('k')):\n        pass\n    return x\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := probe(t, tt.src, "x", p)
			if got.MayBeNone() != tt.want {
				t.Errorf("MayBeNone(x) = %v, want %v (origin %+v)", got.MayBeNone(), tt.want, got)
			}
		})
	}
}
