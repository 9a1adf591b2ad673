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
)

// Start keeps the heap goal at least floor bytes (retuned after every
// collection), and returns a function that restores the process's GOGC.
// It does nothing when GOGC is set in the environment or is off: the
// user's setting wins.
func Start(floor uint64) (stop func()) {
	if stop := tune(func(live uint64, base int) int { return Percent(live, floor, base) }); stop != nil {
		return stop
	}
	return func() {}
}

// Opening raises the collector's percentage to at most most while the
// live heap is small, keeping the heap goal within headroom bytes of the
// live heap (and never under the process's GOGC), until end is called
// (safe to call from any goroutine, any number of times). It does
// nothing when GOGC is set in the environment or is off.
//
// It is for the first module a server opens: the parse and the analysis
// fill both cores, and at GOGC=100 the collector ran six times on the
// way to a 20,000-line module's live heap, taking its share of them
// (first diagnostics 5–11% sooner with 400, 8–18% less CPU, 20 alternated
// starts). A bounded headroom keeps a huge file's peak where GOGC puts
// it: a percentage alone would let a 150 MB live heap grow to 750 MB.
func Opening(headroom uint64, most int) (end func()) {
	stop := tune(func(live uint64, base int) int { return OpeningPercent(live, headroom, base, most) })
	if stop == nil {
		return func() {}
	}
	return sync.OnceFunc(func() {
		stop()
		// The opening's garbage, collected now, in the background (the
		// caller has just published): left to the collector, that cycle
		// ran on the first keystrokes (the first after opening a
		// 5,000-line module took 4.1–5.5 ms, 1.7–2.7 ms with this).
		go runtime.GC()
	})
}

// OpeningPercent is the GOGC Opening sets: the goal headroom bytes over a
// live heap, at most most percent, and at least base.
func OpeningPercent(live, headroom uint64, base, most int) int {
	p := most
	if live > 0 && headroom*100/live < uint64(most) {
		p = int(headroom * 100 / live)
	}
	return max(p, base)
}

// tune sets GOGC to percent(live heap, the process's GOGC) now and after
// every collection, until the returned function restores the process's
// GOGC. It returns nil, changing nothing, when GOGC is set in the
// environment or is off.
func tune(percent func(live uint64, base int) int) (stop func()) {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	base := debug.SetGCPercent(100)
	debug.SetGCPercent(base)
	if base < 0 {
		return nil
	}
	t := &tuner{percent: percent, base: base}
	t.retune()
	return func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if !t.stopped {
			t.stopped = true
			debug.SetGCPercent(base)
		}
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
	percent func(live uint64, base int) int
	base    int
	// mu orders a retune after a collection against stop: a retune
	// started before stop must not set its percentage after stop's.
	mu      sync.Mutex
	stopped bool
}

// sentinel is the object whose finalizer runs once per collection.
type sentinel struct{ _ [16]byte }

// retune sets the percentage for the live heap the last collection
// measured, and allocates a sentinel that is garbage at once: its
// finalizer runs after the next collection and retunes again.
func (t *tuner) retune() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stopped {
		return
	}
	debug.SetGCPercent(t.percent(liveHeap(), t.base))
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) { t.retune() })
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
