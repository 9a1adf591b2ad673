// The tree-sitter parser with pyworkers-lsp's one change (see reparse.go),
// its external functions renamed so that they live beside go-tree-sitter's
// own: every other runtime function it calls is go-tree-sitter's.
#define ts_parser_new pw_ts_parser_new
#define ts_parser_delete pw_ts_parser_delete
#define ts_parser_language pw_ts_parser_language
#define ts_parser_set_language pw_ts_parser_set_language
#define ts_parser_logger pw_ts_parser_logger
#define ts_parser_set_logger pw_ts_parser_set_logger
#define ts_parser_print_dot_graphs pw_ts_parser_print_dot_graphs
#define ts_parser_cancellation_flag pw_ts_parser_cancellation_flag
#define ts_parser_set_cancellation_flag pw_ts_parser_set_cancellation_flag
#define ts_parser_timeout_micros pw_ts_parser_timeout_micros
#define ts_parser_set_timeout_micros pw_ts_parser_set_timeout_micros
#define ts_parser_set_included_ranges pw_ts_parser_set_included_ranges
#define ts_parser_included_ranges pw_ts_parser_included_ranges
#define ts_parser_reset pw_ts_parser_reset
#define ts_parser_parse pw_ts_parser_parse
#define ts_parser_parse_string pw_ts_parser_parse_string
#define ts_parser_parse_string_encoding pw_ts_parser_parse_string_encoding
#define ts_parser_set_wasm_store pw_ts_parser_set_wasm_store
#define ts_parser_take_wasm_store pw_ts_parser_take_wasm_store

// tsparser.h is tree-sitter's parser.c; named .h so that the go command
// tracks it (a change to an included file of another extension would
// not rebuild the package).
#include "tsparser.h"

// pw_reparse runs ts_parser_parse_string with *progress, the progress of
// the call before it in the same parse (zero for a new parse), and leaves
// this call's there: a parse halted at its operation limit resumes on
// whichever thread the next call runs.
TSTree *pw_reparse(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length, PwProgress *progress) {
  pw_progress = progress;
  TSTree *tree = ts_parser_parse_string(self, old_tree, string, length);
  pw_progress = NULL;
  return tree;
}
