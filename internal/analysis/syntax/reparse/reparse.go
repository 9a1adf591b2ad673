// Package reparse runs tree-sitter's incremental parse with one change
// to which nodes of the old tree it reuses, and joins the trees of a
// module's two halves parsed apart (Join, join.go).
//
// tree-sitter reuses a node of the old tree only if the external scanner
// state before it (the last external token's) matches the state the new
// parse has reached there. Python's NEWLINE and DEDENT are external
// tokens of zero width, lexed at the very byte where the next statement's
// node begins. When an edit touches the end of a block (typing a new
// function above another, pressing Enter between two, pasting), those
// tokens must be lexed again — but the parser asks for the next
// statement's node first, sees a state that differs only because the
// zero-width tokens are not lexed yet, and skips the node for good
// (upstream parser.c: reusable_node_advance). Every later statement then
// meets the same mismatch, so the whole rest of the file is reparsed:
// 55–130 ms per keystroke at 20,000 lines instead of ~1 ms.
//
// tsparser.h is go-tree-sitter's parser.c (the version in go.mod) with
// that branch waiting instead: the node is asked for again after each
// token lexed at its start byte, so once NEWLINE and DEDENT are lexed the
// states agree and it is reused; if the parser moves past that byte
// first, the node is descended into, as any node the parser has passed
// is (upstream skips it whole: for a statement list's repetition node,
// every statement after it in its block). It waits while the parse has
// met no error, and after a recovered error where the old tree has
// neither an error nor a change from the node on (typing a body above a
// dedent leaves it broken on most keystrokes: `rows =`, an unclosed
// call); elsewhere it skips the node as upstream does, a run of
// statements (reused whole, syntax.Reusable) down to its first statement
// only (pw_skip_reusable_node). Every other check of reuse is unchanged;
// the syntax package's property test holds the trees equal to
// tree-sitter's own reparse over random edits, and to fresh parses of
// error-free texts.
//
// A parse halted at its operation limit resumes where it stopped (State,
// progress.h): upstream's resumed parse advances its stack versions from
// the first again, which can change how error recovery chooses.
//
// reparse.c compiles it under other names (pw_ts_parser_*), beside
// go-tree-sitter's own parser, on go-tree-sitter's TSParser and TSTree
// values (the same source, so the same layout).
package reparse

/*
#include <stdlib.h>
#include "api.h"
#include "progress.h"
TSTree *pw_reparse(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length, PwProgress *progress);
uint64_t pw_ts_parser_timeout_micros(const TSParser *self);
void pw_ts_parser_set_logger(TSParser *self, TSLogger logger);

#include <string.h>
// Tokens lexed while counting (tests: how much of a text a reparse read).
static long pw_lexed;
static void pw_count_lexed(void *payload, TSLogType type, const char *msg) {
	if (strncmp(msg, "lexed_lookahead", 15) == 0) pw_lexed++;
}
static long pw_lexed_count(void) { return pw_lexed; }
static void pw_counting(TSParser *p, int on) {
	TSLogger l = {NULL, on ? pw_count_lexed : NULL};
	pw_lexed = 0;
	pw_ts_parser_set_logger(p, l);
}
*/
import "C"

import (
	"runtime"
	"unsafe"

	sitter "github.com/smacker/go-tree-sitter"
)

// parserC is the C parser of a go-tree-sitter Parser (its layout: a
// bool, then the pointer; TestLayout checks it).
func parserC(p *sitter.Parser) *C.TSParser {
	return (*struct {
		isClosed bool
		c        *C.TSParser
	})(unsafe.Pointer(p)).c
}

// treeBase is the BaseTree a go-tree-sitter Tree embeds first, whose
// first field is the C tree.
func treeBase(t *sitter.Tree) *struct{ c *C.TSTree } {
	return *(**struct{ c *C.TSTree })(unsafe.Pointer(t))
}

// Parse parses text with parser p (its language, operation limit and
// cancellation flag) reusing old, which must have been edited to match
// text, as p.ParseCtx(ctx, old, text) does. It returns
// sitter.ErrOperationLimit when the parse halted at p's operation limit;
// called again with the same arguments it resumes. st carries the halted
// parse's progress to that call: a new parse takes a zero State.
func Parse(p *sitter.Parser, old *sitter.Tree, text []byte, st *State) (*sitter.Tree, error) {
	// The text is passed as is, not copied to C memory (a copy of the
	// module and a C allocation its size on every keystroke): it holds no
	// Go pointers, and the parser reads it only during the call (a halted
	// parse is resumed with the text passed again).
	var input *C.char
	if len(text) > 0 {
		input = (*C.char)(unsafe.Pointer(unsafe.SliceData(text)))
	}
	c := C.pw_reparse(parserC(p), treeBase(old).c, input, C.uint32_t(len(text)), &st.progress)
	runtime.KeepAlive(text)
	if c == nil {
		return nil, sitter.ErrOperationLimit
	}
	return wrap(old, c), nil
}

// State is what a parse halted at its operation limit keeps for the call
// that resumes it (progress.h): the node of the old tree it was waiting
// to reuse, where its loop over the stack's versions stopped, and where
// the old tree is settled (error-free and unchanged to its end).
type State struct {
	progress C.PwProgress
}

// timeoutMicros reads p's operation limit through this package's parser
// (TestLayout: parserC finds go-tree-sitter's C parser).
func timeoutMicros(p *sitter.Parser) uint64 {
	return uint64(C.pw_ts_parser_timeout_micros(parserC(p)))
}

// LexedBy returns how many tokens parser p lexed while running parse:
// tests hold how much of a text a reparse read again. Not for concurrent
// use.
func LexedBy(p *sitter.Parser, parse func()) int {
	C.pw_counting(parserC(p), 1)
	parse()
	n := int(C.pw_lexed_count())
	C.pw_counting(parserC(p), 0)
	return n
}
