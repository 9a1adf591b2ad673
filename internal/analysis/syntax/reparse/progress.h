// pyworkers-lsp: what an incremental parse carries from a call halted at
// its operation limit to the call that resumes it (pw_reparse, reparse.c;
// reparse.State in Go).
#ifndef PW_PROGRESS_H_
#define PW_PROGRESS_H_
#include <stdint.h>

typedef struct {
  // The node of the old tree ts_parser__reuse_node waits to retry, its
  // start byte + 1 (0: none).
  uint32_t deferred;
  // Where ts_parser_parse's loop halted: the stack version it was
  // advancing and its last_position. Resumed there, the parse advances
  // the versions in the order one uninterrupted call would, so that error
  // recovery (which compares the versions as they go) chooses alike.
  uint32_t version;
  uint32_t last_position;
  // Where the old tree's last error or edited node ends (0: none). After
  // it the old tree is error-free and unchanged (see reparse.go).
  uint32_t settled_from;
} PwProgress;

#endif
