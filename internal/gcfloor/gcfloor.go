// Package gcfloor keeps the garbage collector's heap goal at or above a
// floor while the live heap is small. The language server's Go heap is
// small (syntax trees live in C memory: 7 MB live with a 20,000-line
// module open) while every keystroke allocates a copy of the document, a
// publish and the analysis's garbage (1.4 MB in all at that size). With the default GOGC=100 the heap goal
// stayed near 14 MB: a collection ran every three to four keystrokes, and
// the background scavenger kept returning to the OS pages the next
// keystrokes faulted in again, 10% of the server's CPU while typing (page
// faults cost 6–10 µs each on the benchmark machine). Above half the
// floor the heap is collected at the process's GOGC as before, so the
// peak of a large live heap does not grow.
//
// This is the "GC tuner" pattern (goal = max(floor, live × (1+GOGC/100))):
// the percentage is recomputed after every collection from the live heap
// that collection measured.
package gcfloor

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// Start keeps the heap goal at least floor bytes from the next collection
// on, and returns a function that restores the process's GOGC. It does
// nothing when GOGC is set in the environment or is off: the user's
// setting wins.
func Start(floor uint64) (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	base := debug.SetGCPercent(100)
	debug.SetGCPercent(base)
	if base < 0 {
		return func() {}
	}
	t := &tuner{floor: floor, base: base}
	t.arm()
	return func() {
		t.stopped.Store(true)
		debug.SetGCPercent(base)
	}
}

// Later is Start deferred to the first call of start (safe to call from
// any goroutine, any number of times); stop undoes it if it started.
func Later(floor uint64) (start, stop func()) {
	var mu sync.Mutex
	undo, done := func() {}, false // done: started, or stopped first
	start = func() {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			undo, done = Start(floor), true
		}
	}
	stop = func() {
		mu.Lock()
		defer mu.Unlock()
		undo()
		done = true
	}
	return start, stop
}

type tuner struct {
	floor   uint64
	base    int
	stopped atomic.Bool
}

// sentinel is the object whose finalizer runs once per collection.
type sentinel struct{ _ [16]byte }

// arm allocates a sentinel that is garbage at once: its finalizer runs
// after the next collection, retunes, and arms the one after.
func (t *tuner) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		if t.stopped.Load() {
			return
		}
		debug.SetGCPercent(Percent(liveHeap(), t.floor, t.base))
		t.arm()
	})
}

// Percent is the GOGC that puts the heap goal of a live heap at floor,
// or base when base already puts it there or higher.
func Percent(live, floor uint64, base int) int {
	if live == 0 || live*uint64(100+base) >= floor*100 {
		return base
	}
	return int((floor - live) * 100 / live)
}

func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
