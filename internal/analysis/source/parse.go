package source

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"

	sitter "github.com/smacker/go-tree-sitter"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax/reparse"
)

// parseSlice is how long a parse runs before it polls its stop function
// (tree-sitter's timeout; the parse resumes where it halted). go-tree-
// sitter's own context cancellation is not used: its watcher goroutine
// can raise the cancellation flag after the parse has finished, which
// then aborts the next parse on that parser.
const parseSliceMicros = 20_000

// parsers is a small pool of Python parsers: parses of different
// documents run in parallel, each on its own parser.
var parsers = make(chan *sitter.Parser, 4)

func getParser() *sitter.Parser {
	select {
	case p := <-parsers:
		return p
	default:
		p := sitter.NewParser()
		p.SetLanguage(syntax.Python())
		p.SetOperationLimit(parseSliceMicros)
		return p
	}
}

func putParser(p *sitter.Parser) {
	select {
	case parsers <- p:
	default:
		p.Close()
	}
}

// parse parses text, with the spans of r blanked (ParserText), with old
// (edited to match) as the base of an incremental parse, polling stop
// between slices of parse time. A text
// over MaxParseSize gets the tree of an empty module: every reader still
// has a tree, the cost stays bounded, and callers report the file as not
// analysed (Document.Unparsed). A tree joined from halves comes with the
// edit to apply before its first reparse (seamEdit), else seam is nil.
func parse(text []byte, r *resync, old *sitter.Tree, stop func() bool) (tree *sitter.Tree, seam *sitter.EditInput, err error) {
	input := parserText(text, r)
	if len(text) > MaxParseSize {
		old, input = nil, nil
	}
	if old == nil && len(input) >= splitParseMin && runtime.GOMAXPROCS(0) > 1 {
		tree, seam, err = parseHalves(input, stop)
	}
	if tree == nil && err == nil {
		tree, err = parseWhole(input, old, stop)
	}
	if err != nil {
		return nil, nil, err
	}
	// While old is alive and before the tree is shared: lets the next
	// reparse reuse the unchanged runs of statements.
	syntax.Reusable(tree)
	return tree, seam, nil
}

// splitParseMin is the smallest text parseHalves parses: 64 KiB (about
// 1,800 lines) take 10–20 ms to parse.
const splitParseMin = 64 << 10

// parseHalves parses a module's two halves at once, each on its own
// parser, and joins their trees: the first parse of a document (opening
// it) is the one cost that grows with the whole file, and tree-sitter
// parses on one core. It returns nil when the text has no cut near the
// middle (syntax.SplitPoint); a joined tree comes with its seamEdit.
func parseHalves(text []byte, stop func() bool) (*sitter.Tree, *sitter.EditInput, error) {
	cut := syntax.SplitPoint(text)
	if cut.At == 0 {
		return nil, nil, nil
	}
	var a *sitter.Tree
	var errA error
	done := make(chan struct{})
	go func() {
		defer close(done)
		a, errA = parseWhole(text[:cut.At], nil, stop)
	}()
	var b *sitter.Tree
	var errB error
	if cut.Header == 0 {
		b, errB = parseWhole(text[cut.At-cut.WS:], nil, stop)
	} else {
		// The cut is in a class body: the second half is parsed in the
		// text's own coordinates, its class header included, the first
		// half of the body skipped.
		b, errB = parseRanges(text, []sitter.Range{
			{EndByte: uint32(cut.Header), EndPoint: pointAt(text, cut.Header)},
			{StartByte: uint32(cut.At - cut.WS), StartPoint: pointAt(text, cut.At-cut.WS), EndByte: uint32(len(text)), EndPoint: pointAt(text, len(text))},
		}, stop)
	}
	<-done
	for _, t := range []*sitter.Tree{a, b} {
		if t != nil {
			defer t.Close()
		}
	}
	if err := cmp.Or(errA, errB); err != nil {
		return nil, nil, err
	}
	aBroken, bBroken := a.RootNode().HasError(), b.RootNode().HasError()
	if aBroken || bBroken || reparse.EndPadding(a) != cut.WS {
		// A half has a syntax error, and error recovery could reach across
		// the cut: reparse the text from the other half's tree, which
		// costs about this half's parse again, not the whole's.
		var t *sitter.Tree
		var err error
		if aBroken && !bBroken {
			t, err = reparseFrom(b, text, bEdit(text, cut), stop)
		} else {
			t, err = reparseFrom(a, text, sitter.EditInput{StartIndex: uint32(cut.At), OldEndIndex: uint32(cut.At), NewEndIndex: uint32(len(text)),
				StartPoint: pointAt(text, cut.At), OldEndPoint: pointAt(text, cut.At), NewEndPoint: pointAt(text, len(text))}, stop)
		}
		return t, nil, err
	}
	var t *sitter.Tree
	if cut.Header == 0 {
		t, _ = reparse.Join(a, b)
	} else {
		// The bytes b skipped, from the header's end to the cut's white space.
		from, to := pointAt(text, cut.Header), pointAt(text, cut.At-cut.WS)
		col := to.Column
		if to.Row == from.Row {
			col -= from.Column
		}
		t, _ = reparse.JoinClass(a, b, cut.Class, cut.At-cut.WS-cut.Header, to.Row-from.Row, col)
	}
	seam := seamEdit(text, cut)
	return t, &seam, nil
}

// seamEdit is an edit that changes no byte, from the last byte of the
// first half to the first token of the second. The tokens ending the
// first half (its last line's NEWLINE and DEDENTs) were lexed with
// nothing after them, so tree-sitter does not know they depend on the
// indentation of the next line: a reparse after an edit in it (a space
// taken from the indentation of the method below) kept them, and the
// method above kept an end a parse of the whole text did not give it
// (TestEditAtTheCut). Applied to the joined tree before its first
// reparse (Document.advanceLocked), it marks them changed, so they are
// lexed again. It is not applied to the tree read meanwhile: an edit
// moves the start of the node it reaches into to its end.
func seamEdit(text []byte, cut syntax.Cut) sitter.EditInput {
	start := max(cut.At-cut.WS-1, 0)
	end := min(skipBlanks(text, cut.At, false)+1, len(text)) // past the first token's first byte
	return sitter.EditInput{StartIndex: uint32(start), OldEndIndex: uint32(end), NewEndIndex: uint32(end),
		StartPoint: pointAt(text, start), OldEndPoint: pointAt(text, end), NewEndPoint: pointAt(text, end)}
}

// reparseFrom parses text incrementally from a copy of half, the tree of
// a part of it, edited by e to span the whole.
func reparseFrom(half *sitter.Tree, text []byte, e sitter.EditInput, stop func() bool) (*sitter.Tree, error) {
	syntax.Reusable(half) // its statements are reused in runs
	old := half.Copy()
	defer old.Close()
	syntax.EditTree(old, e)
	return parseWhole(text, old, stop)
}

// bEdit is the edit making the second half's tree span the whole text:
// the first half inserted before it or, for a cut in a class body, the
// bytes its parse skipped changed.
func bEdit(text []byte, cut syntax.Cut) sitter.EditInput {
	at := cut.At - cut.WS
	if cut.Header == 0 {
		return sitter.EditInput{NewEndIndex: uint32(at), NewEndPoint: pointAt(text, at)}
	}
	return sitter.EditInput{StartIndex: uint32(cut.Header), OldEndIndex: uint32(at), NewEndIndex: uint32(at),
		StartPoint: pointAt(text, cut.Header), OldEndPoint: pointAt(text, at), NewEndPoint: pointAt(text, at)}
}

// pointAt returns the row and byte column of offset at of text, as the
// parser counts them.
func pointAt(text []byte, at int) sitter.Point {
	line := bytes.LastIndexByte(text[:at], '\n') + 1
	return sitter.Point{Row: uint32(bytes.Count(text[:at], []byte{'\n'})), Column: uint32(at - line)}
}

// parseRanges parses the ranges of text on a parser of the pool, which it
// gives back parsing the whole text again.
func parseRanges(text []byte, ranges []sitter.Range, stop func() bool) (*sitter.Tree, error) {
	p := getParser()
	p.SetIncludedRanges(ranges)
	defer func() {
		p.SetIncludedRanges(reparse.WholeText)
		putParser(p)
	}()
	return parseOn(p, text, nil, stop)
}

// parseWhole runs one parse of text on a parser of the pool.
func parseWhole(input []byte, old *sitter.Tree, stop func() bool) (*sitter.Tree, error) {
	p := getParser()
	defer putParser(p)
	return parseOn(p, input, old, stop)
}

// parseOn parses on p in slices of parse time between which stop is
// polled.
func parseOn(p *sitter.Parser, input []byte, old *sitter.Tree, stop func() bool) (*sitter.Tree, error) {
	var st reparse.State // carried from a slice to the next
	for {
		var tree *sitter.Tree
		var err error
		if old != nil {
			// tree-sitter's parser with its reuse of statements after a
			// block's end fixed (package reparse).
			tree, err = reparse.Parse(p, old, input, &st)
		} else {
			tree, err = p.ParseCtx(context.Background(), nil, input)
		}
		if err == nil && tree != nil {
			return tree, nil
		}
		if !errors.Is(err, sitter.ErrOperationLimit) {
			// Only cancellation, a timeout or a missing language make
			// tree-sitter fail: a broken invariant.
			panic(fmt.Sprintf("source: parse failed: %v", err))
		}
		if stop != nil && stop() {
			p.Reset() // else the next parse on p would resume this one
			return nil, ErrStopped
		}
		// Called again with the same input and old tree, the parser
		// resumes where the slice ended.
	}
}
