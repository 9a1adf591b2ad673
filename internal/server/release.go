package server

import (
	"runtime/debug"
	"sync"
	"time"
)

// An idle server runs no garbage collection: memory freed by closing
// many documents, or by draining a backlog of replies a slow client
// left, stays in the process until enough new allocation triggers a
// cycle — measured: 2,000 closed documents left 926 MB resident, 10,000
// drained replies 687 MB. After such a release, once the server has been
// quiet for releaseQuiet, memory is collected and returned to the OS, the
// C heap's (syntax trees) too.
const (
	releaseQuiet = time.Second
	// releaseMin is the estimated amount released that warrants a forced
	// collection (a full GC costs about a second of CPU per GB of heap).
	releaseMin = 32 << 20
	// releasePerDocument estimates what a closed document frees besides
	// its text (tree, analysis caches, summaries).
	releasePerDocument = 128 << 10
)

var memRelease releaser

type releaser struct {
	mu      sync.Mutex
	pending int64
	timer   *time.Timer
}

// released records that about n bytes became garbage.
func (r *releaser) released(n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending += n
	if r.pending < releaseMin {
		return
	}
	if r.timer == nil {
		r.timer = time.AfterFunc(releaseQuiet, r.run)
	} else {
		r.timer.Reset(releaseQuiet)
	}
}

func (r *releaser) run() {
	r.mu.Lock()
	r.pending = 0
	r.mu.Unlock()
	debug.FreeOSMemory()
	trimC()
}
