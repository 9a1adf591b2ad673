package source

import (
	"bytes"
	"context"
	"math/rand"
	"slices"
	"strings"
	"testing"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax/reparse"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// TestParserTextBlanksOpeners: what the parser reads of texts with
// brackets and strings left open, and of texts that only look so.
func TestParserTextBlanksOpeners(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"bracket open at a def",
			"x = f(a,\ndef g():\n    pass\n",
			"x = f$a,\ndef g():\n    pass\n"},
		{"brackets open at a return, a string left open inside them",
			"    return json_response({\"n\n    async def h(self):\n        return 1\n",
			"    return json_response$$$ \n    async def h(self):\n        return 1\n"},
		{"async def",
			"x = [\n  async def f(): pass\n",
			"x = $\n  async def f(): pass\n"},
		{"a string left open, no bracket",
			"s = 'abc\nt = 1\n",
			"s = $   \nt = 1\n"},
		{"prefixed string left open, CRLF",
			"s = rb\"a(\r\nt = (1\r\n",
			"s = rb$  \r\nt = (1\r\n"},
		{"continued lines are not blanked",
			"x = (1,\n     2)\ny = [\n  lambda: 1,\n  not x,\n  await z,\n  a if b\n  else c\n  for a in d\n]\n",
			""},
		{"a bracket still open at the end (no statement after it)",
			"x = f(\n  1,\n",
			""},
		{"keywords inside strings and comments",
			"x = (  # return\n  'def'\n  \"\"\"\nreturn\n\"\"\"\n)\n",
			""},
		{"a keyword that only starts a name",
			"x = (\n  returned,\n  classy,\n  async_def,\n)\n",
			""},
		{"backslash continuation and escaped quotes",
			"s = 'a\\'b\\\nc'\nx = \"q\\\"\" + (\n  1)\n",
			""},
		{"f-strings: nested quotes, fields, format specs, escaped braces",
			"a = f\"{x[\"k\"]}\" + f'{y:>{w}}' + f\"{{(\" + f\"{z:'^10}\" + t\"{v}\"\ndef g():\n    return (\n        1)\n",
			""},
		{"a keyword before a plain string with a brace",
			"if\"{\" in s:\n    x = (\n1)\n",
			""},
		{"a docstring's quotes left open above another docstring",
			"def f():\n    \"\"\"Doc\n    return 1\n\n\ndef g():\n    \"\"\"List the users.\"\"\"\n    return 2\n",
			"def f():\n    $  Doc\n    return 1\n\n\ndef g():\n    \"\"\"List the users.\"\"\"\n    return 2\n"},
		{"a name that may follow a string: a keyword, the next string's prefix",
			"x = \"\"\"a\"\"\"if c else \"\"\"b\"\"\"\ny = [s for s in \"\"\"a\"\"\"f\"{z}\" \"\"\"q\"\"\"rb'w']\nraise \"\"\"m\"\"\"from e\n",
			""},
		{"import statements naming nothing to import",
			"from\nimport js\nfrom pyodide.ffi\nimport json\n    from x import  # c\nimport\nfrom",
			"$   \nimport js\n$               \nimport json\n    $" + strings.Repeat(" ", 17) + "\n$     \n$   "},
		{"import statements that name something",
			"from . import x\nfrom x import (\n    a,\n)\nimport a.b as c\nfrom x \\\n    import y\nfrom importlib import z  # c\nimport os",
			""},
		{"headers that cannot be headers",
			"async def typeddef event_payload(ident):\n    return 1\ndef def f(x):\n    pass\nclass A B:\n    pass\n",
			"async def typeddef$" + strings.Repeat(" ", 13) + "(ident):\n    return 1\ndef def$ (x):\n    pass\nclass A$ :\n    pass\n"},
		{"headers",
			"def f(x):\n    pass\ndef f[T](x: T) -> T:\n    pass\nasync def g ():\n    async with x:\n        pass\nclass C:\n    pass\nclass D(Base):\n    pass\nclass E[T]:\n    pass\ndef h \\\n  (x):\n    pass\ndefined = classify(x)\n",
			""},
		{"a method pushed along its line by a statement typed in front of it",
			"class A:\n    def f(self):\n        rows = to_js(x)    async def g(self, r):\n        return 1\n",
			"class A:\n    def f(self):\n        $" + strings.Repeat(" ", 18) + "async def g(self, r):\n        return 1\n"},
		{"a header typed in front of a header, its parameters still open",
			"class A:\n    async def t(self, e,    async def g(self):\n        return 1\n",
			"class A:\n    $" + strings.Repeat(" ", 23) + "async def g(self):\n        return 1\n"},
		{"a class pushed along its line",
			"x = 1 class B:\n    pass\n",
			"$     class B:\n    pass\n"},
		{"def and class only in names, strings and comments after a line's first token",
			"undefined = redefine(classes)\nx = 'def f(): pass'  # class A:\nasync_def = define\ndef f(): return defaults\nasync def g(): pass\ny = f\"{z} def\" + (  # def\n    defs)\n",
			""},
		{"a method header pushed to column 0, its body and the next method indented",
			"class A:\n    def f(self):\n        return 1\nasync def g(self):\n        x = 1\n    def h(self):\n        pass\n",
			"class A:\n    def f(self):\n        return 1\n" + strings.Repeat(" ", 18) + "\n        x = 1\n    def h(self):\n        pass\n"},
		{"column-0 headers whose blocks end as Python's do",
			"def g(x):\n    return (\n  x)\nclass B:\n    def m(self):\n        pass\n  # a comment\nx = 1\ndef d():\n    s = '''\n  x\n'''\n    return s\ndef e(): pass\n  \ndef t():\n\tpass\ndef ff():\n\f    x = 1\n    y = 2\n",
			""},
		{"triple-quoted string spanning a def line",
			"s = '''(\ndef f():\n'''\nx = (\n1)\n",
			""},
	} {
		want := c.want
		if want == "" {
			want = c.text
		}
		if got := string(ParserText([]byte(c.text))); got != want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, want)
		}
	}
}

// TestValidPythonIsNotBlanked: the parser reads valid Python as it is
// (every text of the test corpus that parses without an error).
func TestValidPythonIsNotBlanked(t *testing.T) {
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(syntax.Python())
	valid := 0
	for _, f := range workergen.Corpus("../../../testdata", 400) {
		text := f.Text
		tree, err := p.ParseCtx(context.Background(), nil, text)
		if err != nil {
			t.Fatal(err)
		}
		broken := tree.RootNode().HasError()
		tree.Close()
		if broken {
			continue
		}
		valid++
		if r := scanResync(text); len(r.blanks) > 0 {
			b := r.blanks[0]
			t.Errorf("%s: a valid text is blanked at %d: %q", f.Name, b.start, text[max(0, b.start-40):min(len(text), b.end+40)])
		}
	}
	if valid < 50 {
		t.Fatalf("only %d valid texts in the corpus", valid)
	}
}

// resyncFragments are what the fuzzer types: openers and closers of
// brackets, strings and fields, keywords that start statements, and line
// breaks.
var resyncFragments = []string{"(", ")", "[", "]", "{", "}", "\"", "'", "'''", "f\"{", "}\"", "#", "\\", "\n", "\r\n", "\r",
	"return ", "def ", "async def ", "class ", "    ", "x", ":", "json_response({\"n", "rb'", "from ", "import ", "from a import b\n"}

// TestResyncEditedEqualsScan: after every random edit, the document's
// blanks, rescanned from the last clean line start before the edit, are
// those of a scan of the whole text, and its tree is the tree of a fresh
// parse of the parser's text where that has no error.
func TestResyncEditedEqualsScan(t *testing.T) {
	base := workergen.Module(400) // checkpoints a few KB apart
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(syntax.Python())
	for seed := int64(1); seed <= 12; seed++ {
		r := rand.New(rand.NewSource(seed))
		doc := Open("file:///w.py", 1, base, true)
		text := slices.Clone(base)
		for step := range 60 {
			start := r.Intn(len(text) + 1)
			end := min(len(text), start+r.Intn(3)*r.Intn(20))
			ins := resyncFragments[r.Intn(len(resyncFragments))]
			doc.Edit(start, end, []byte(ins))
			text = slices.Concat(text[:start], []byte(ins), text[end:])
			want := scanResync(text)
			if !slices.Equal(doc.resync.blanks, want.blanks) {
				t.Fatalf("seed %d step %d (%q at %d): blanks %v, a scan of the text gives %v", seed, step, ins, start, doc.resync.blanks, want.blanks)
			}
			if step%6 != 5 {
				continue
			}
			fresh, err := p.ParseCtx(context.Background(), nil, ParserText(text))
			if err != nil {
				t.Fatal(err)
			}
			if !fresh.RootNode().HasError() && doc.Tree().RootNode().String() != fresh.RootNode().String() {
				t.Fatalf("seed %d step %d: the reparsed tree differs from a fresh parse", seed, step)
			}
			fresh.Close()
		}
		doc.Close()
	}
}

// TestTypingBracketsMidClass types a new method whose return calls with a
// dict argument after a method halfway down a Worker class, keystroke by
// keystroke: while
// the brackets and the string are open, the class keeps its methods (the
// parse stays on the edited line), and each reparse gives the tree a
// fresh parse of the parser's text gives.
func TestTypingBracketsMidClass(t *testing.T) {
	text := workergen.Module(1000)
	at := bytes.Index(text[len(text)/2:], []byte("\n\n    async def ")) + len(text)/2 // the end of a method
	doc := Open("file:///w.py", 1, text, true)
	defer doc.Close()
	methods := strings.Count(doc.Tree().RootNode().String(), "(function_definition")
	typed := "\n\n    async def typed(self, env):\n        return json_response({\"n\": len(env)})"
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(syntax.Python())
	for k := range len(typed) {
		doc.Edit(at+k, at+k, []byte(typed[k:k+1]))
		text = doc.Text()
		got := doc.Tree().RootNode().String()
		if n := strings.Count(got, "(function_definition"); n < methods {
			t.Fatalf("after %q the tree has %d function definitions, %d before the edit", typed[:k+1], n, methods)
		}
		fresh, err := p.ParseCtx(context.Background(), nil, ParserText(text))
		if err != nil {
			t.Fatal(err)
		}
		if want := fresh.RootNode().String(); got != want {
			t.Fatalf("after %q the reparsed tree differs from a fresh parse", typed[:k+1])
		}
		fresh.Close()
	}
}

// TestTypingInFrontOfAMethod types a method halfway down a Worker class
// in front of another one, keystroke by keystroke (Enter with its
// indentation as one keystroke), at the start of that method's line and
// at its header's indentation. The pushed header is read blanked up to it
// (gluedDef); at the line start, the Enter after the new header leaves it
// at column 12 above its body, and the keystroke after reads it blanked
// at column 8 again; at the header, the blank line typed after the new
// method leaves it at column 0 above its body (blockLine). No keystroke's
// reparse lexes the rest of the class again (the line start did on the
// keystroke after the Enter: the parser passed the node it was waiting
// for, the repetition node holding the rest of the class, and skipped it
// whole; the header did on the blank line and the keystroke after it),
// the blanks rescanned after each edit are those of a scan of the whole
// text, and each reparse gives the tree a fresh parse gives where that
// has no error.
func TestTypingInFrontOfAMethod(t *testing.T) {
	for _, c := range []struct {
		name   string
		indent string // typed before the header's own indentation, or after it
		after  bool
	}{{"at the start of its line", "    ", false}, {"at its header", "", true}} {
		t.Run(c.name, func(t *testing.T) {
			text := workergen.Module(4000)
			at := bytes.Index(text[len(text)/2:], []byte("\n    async def ")) + len(text)/2 + 1
			if c.after {
				at += len("    ")
			}
			typed := c.indent + "async def typed_mid(env, items):\n        rows = to_js(items)\n        return json_response({\"n\": len(rows)})\n\n"
			if c.after {
				typed += "    "
			}
			typeInto(t, text, at, typed)
		})
	}
}

// TestTypingAMethodOnANewLine types a method on a new line above another
// one halfway down a Worker class, and a function above another halfway
// down a flat module, with the checks of TestTypingInFrontOfAMethod. Runs
// of statements are reused whole after an edit (syntax.Reusable); where
// the parser skips the node at its position instead of reusing it (after
// the unclosed `to_js(`, a recovered error), it skipped the run after the
// new definition whole, and lexed the rest of the module again (24,000
// tokens); it skips one statement.
func TestTypingAMethodOnANewLine(t *testing.T) {
	for _, c := range []struct {
		name   string
		gen    func(int) []byte
		indent string
	}{{"method", workergen.Module, "    "}, {"function", workergen.FlatModule, ""}} {
		t.Run(c.name, func(t *testing.T) {
			text := c.gen(4000)
			// At the end of the blank line above the definition.
			at := bytes.Index(text[len(text)/2:], []byte("\n"+c.indent+"async def ")) + len(text)/2
			typed := "\n" + c.indent + "async def typed_mid(env, items):\n" + c.indent + "    rows = to_js(items)\n" + c.indent + "    return json_response({\"n\": len(rows)})"
			typeInto(t, text, at, typed)
		})
	}
}

// TestIndentingOneSpaceAtATime types a method in front of another one's
// header halfway down a Worker class, and its body's indentation, one
// byte a keystroke (an editor that does not indent, or a user pressing
// space), then takes a header's indentation away and types it back one
// space at a time: each time, the header below is left indented 1–3
// columns, less than the class body but more than the module. Python
// reports "unindent does not match any outer indentation level";
// tree-sitter's scanner ended the class there and read the methods after
// it as functions of the module, so every later statement's indentation
// state differed and the reparse lexed the rest of the module again
// (130 ms a keystroke at 20,000 lines, and half the class analysed
// again). Such a header line is read blank (outdented), with the checks
// of TestTypingInFrontOfAMethod. So is a statement typed at column 0 on
// the blank line between two methods, which ended the class the same way
// (Python: "unexpected indent" at the method after it; blockLine).
func TestIndentingOneSpaceAtATime(t *testing.T) {
	text := workergen.Module(4000)
	at := bytes.Index(text[len(text)/2:], []byte("\n    async def ")) + len(text)/2 + 1
	t.Run("a new method", func(t *testing.T) {
		typed := "async def typed_mid(env, items):\n        rows = to_js(items)\n        return json_response({\"n\": len(rows)})\n\n    "
		typeKeys(t, text, byteKeys(at+len("    "), typed))
	})
	t.Run("a header's indentation", func(t *testing.T) {
		var keys []edit
		for k := 4; k > 0; k-- {
			keys = append(keys, edit{at + k - 1, at + k, ""})
		}
		for k := range 4 {
			keys = append(keys, edit{at + k, at + k, " "})
		}
		typeKeys(t, text, keys)
	})
	t.Run("a statement at column 0", func(t *testing.T) {
		typeKeys(t, text, byteKeys(at-1, "x = len(ROUTE.pattern)"))
	})
}

// TestTypingADocstring types a docstring at the start of a method's body
// halfway down a Worker class, a byte a keystroke, as an editor that does
// not close quotes sends it: while its quotes are open they pair with the
// next docstring's (mispaired), with the checks of
// TestTypingInFrontOfAMethod.
func TestTypingADocstring(t *testing.T) {
	text := workergen.Module(4000)
	at := bytes.Index(text[len(text)/2:], []byte("\n    async def ")) + len(text)/2 + 1
	at += bytes.Index(text[at:], []byte(":\n")) + 2
	typeKeys(t, text, byteKeys(at, "        \"\"\"Count the rows of the table.\"\"\"\n"))
}

// byteKeys returns the keystrokes typing typed at offset at, a byte each.
func byteKeys(at int, typed string) []edit {
	var keys []edit
	for k := range len(typed) {
		keys = append(keys, edit{at + k, at + k, typed[k : k+1]})
	}
	return keys
}

// typeInto types typed at offset at of text into a document, keystroke
// by keystroke (Enter with its indentation as one), with the checks
// TestTypingInFrontOfAMethod describes.
func typeInto(t *testing.T, text []byte, at int, typed string) {
	var keys []edit
	for k := 0; k < len(typed); {
		n := 1
		for typed[k] == '\n' && k+n < len(typed) && typed[k+n] == ' ' {
			n++
		}
		keys = append(keys, edit{at + k, at + k, typed[k : k+n]})
		k += n
	}
	typeKeys(t, text, keys)
}

// edit is one keystroke: [start, end) of the text replaced by text.
type edit struct {
	start, end int
	text       string
}

// typeKeys makes the edits into a document of text in turn, with the
// checks TestTypingInFrontOfAMethod describes.
func typeKeys(t *testing.T, text []byte, keys []edit) {
	doc := Open("file:///w.py", 1, text, true)
	defer doc.Close()
	doc.Tree()
	// The document's parses take the pool's parser: this one, counting.
	for len(parsers) > 0 {
		(<-parsers).Close()
	}
	p := getParser()
	putParser(p)
	defer func() { (<-parsers).Close() }()
	fresh := sitter.NewParser()
	defer fresh.Close()
	fresh.SetLanguage(syntax.Python())
	for i, e := range keys {
		doc.Edit(e.start, e.end, []byte(e.text))
		line := func() string { // the edited line, for the messages
			cur := doc.Text()
			return string(cur[bytes.LastIndexByte(cur[:e.start], '\n')+1 : lineEnd(cur, e.start, len(cur))])
		}
		if want := scanResync(doc.Text()).blanks; !slices.Equal(doc.resync.blanks, want) {
			t.Fatalf("keystroke %d (%q): the blanks are %v, a scan of the text gives %v", i, line(), doc.resync.blanks, want)
		}
		if lexed := reparse.LexedBy(p, func() { doc.Tree() }); lexed > 3000 {
			t.Errorf("keystroke %d (%q): the reparse lexed %d tokens", i, line(), lexed)
		}
		want, err := fresh.ParseCtx(context.Background(), nil, ParserText(doc.Text()))
		if err != nil {
			t.Fatal(err)
		}
		if !want.RootNode().HasError() && doc.Tree().RootNode().String() != want.RootNode().String() {
			t.Fatalf("keystroke %d (%q): the reparsed tree differs from a fresh parse", i, line())
		}
		want.Close()
	}
}

// TestBlankBeyondTheEdit: deleting a closing bracket blanks its opener a
// line above, outside the edit, and typing it again unblanks it; both
// reparses give the tree of a fresh parse. (Document.Edit records the
// opener's span as an edit of the old tree; tree-sitter also lexes the
// tokens next to a change again, so this passes without it too.)
func TestBlankBeyondTheEdit(t *testing.T) {
	text := "x = f(\n    1)\ndef g():\n    pass\n"
	doc := Open("file:///b.py", 1, []byte(text), true)
	defer doc.Close()
	p := sitter.NewParser()
	defer p.Close()
	p.SetLanguage(syntax.Python())
	at := strings.Index(text, "1)") + 1
	for _, e := range []struct {
		start, end int
		ins        string
	}{{at, at + 1, ""}, {at, at, ")"}} {
		doc.Tree() // parse each version: the edit then meets a parsed tree
		doc.Edit(e.start, e.end, []byte(e.ins))
		fresh, err := p.ParseCtx(context.Background(), nil, ParserText(doc.Text()))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := doc.Tree().RootNode().String(), fresh.RootNode().String(); got != want {
			t.Errorf("after %q the reparsed tree is\n%s\nwant\n%s", doc.Text(), got, want)
		}
		fresh.Close()
	}
}

// BenchmarkResync: a scan of a 20,000-line Worker (opening it), and the
// rescan after a keystroke in its middle (each edit).
func BenchmarkResync(b *testing.B) {
	text := workergen.Module(20000)
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			scanResync(text)
		}
	})
	b.Run("keystroke", func(b *testing.B) {
		r := scanResync(text)
		at := len(text) / 2
		next := slices.Concat(text[:at], []byte("x"), text[at:])
		for b.Loop() {
			r.edited(next, at, at, at+1)
		}
	})
}
