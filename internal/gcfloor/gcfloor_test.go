package gcfloor

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live, floor uint64
		base, want  int
	}{
		{7 * mb, 64 * mb, 100, 814},  // goal 7 MB × 9.14 = 64 MB
		{32 * mb, 64 * mb, 100, 100}, // GOGC already reaches the floor
		{200 * mb, 64 * mb, 100, 100},
		{20 * mb, 64 * mb, 400, 400}, // a higher GOGC is kept
		{0, 64 * mb, 100, 100},       // nothing measured yet
	} {
		if got := Percent(c.live, c.floor, c.base); got != c.want {
			t.Errorf("Percent(%d MB, %d MB, %d) = %d, want %d", c.live/mb, c.floor/mb, c.base, got, c.want)
		}
	}
}

func TestOpeningPercent(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		live       uint64
		base, want int
	}{
		{0, 100, 400},        // nothing measured yet: the most
		{8 * mb, 100, 400},   // goal 40 MB, within 64 MB of the live heap
		{32 * mb, 100, 200},  // goal 96 MB: the live heap plus 64 MB
		{150 * mb, 100, 100}, // a huge file: GOGC's own goal
		{150 * mb, 50, 50},   // the process's GOGC when the headroom gives less
		{8 * mb, 500, 500},   // a higher GOGC is kept
	} {
		if got := OpeningPercent(c.live, 64*mb, c.base, 400); got != c.want {
			t.Errorf("OpeningPercent(%d MB, 64 MB, %d, 400) = %d, want %d", c.live/mb, c.base, got, c.want)
		}
	}
}

// TestOpening: Opening raises GOGC at once (nothing measured yet, or a
// small live heap), end restores it and runs a collection, and a GOGC
// set by the user wins.
func TestOpening(t *testing.T) {
	t.Setenv("GOGC", "")
	end := Opening(64<<20, 400)
	if p := gcPercent(); p <= 100 {
		t.Fatalf("while opening GOGC = %d, want over 100", p)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.NumGC
	end()
	end()
	// Polled without collecting (waitFor collects).
	for deadline := time.Now().Add(5 * time.Second); ms.NumGC == before; runtime.ReadMemStats(&ms) {
		if time.Now().After(deadline) {
			t.Fatal("end ran no collection")
		}
		time.Sleep(time.Millisecond)
	}
	if p := settledGOGC(); p != 100 {
		t.Fatalf("after end GOGC = %d, want 100", p)
	}
	t.Setenv("GOGC", "150")
	old := debug.SetGCPercent(150)
	defer debug.SetGCPercent(old)
	Opening(64<<20, 400)()
	if p := gcPercent(); p != 150 {
		t.Fatalf("with GOGC=150 set, GOGC = %d", p)
	}
}

// settledGOGC reads GOGC after two collections, once the finalizers that
// retune after them have run.
func settledGOGC() int {
	runtime.GC()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	return gcPercent()
}

// gcPercent reads the current GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestStartRetunesAfterCollections: after a collection the percentage
// puts a small live heap's goal at the floor, a live heap over half the
// floor is collected at GOGC again, and stop restores GOGC.
func TestStartRetunesAfterCollections(t *testing.T) {
	t.Setenv("GOGC", "") // Start leaves a GOGC set in the environment alone
	const floor = 256 << 20
	stop := Start(floor)
	waitFor(t, func() bool { return gcPercent() > 200 }, "a small live heap to raise GOGC")

	big := make([]byte, 200<<20) // live, over half the floor
	for i := range big {
		big[i] = 1
	}
	waitFor(t, func() bool { return gcPercent() == 100 }, "a large live heap to restore GOGC")
	runtime.KeepAlive(big)

	stop()
	if p := gcPercent(); p != 100 {
		t.Fatalf("after stop GOGC = %d, want 100", p)
	}
}

// TestStartLeavesGOGCAlone: a GOGC set by the user wins.
func TestStartLeavesGOGCAlone(t *testing.T) {
	t.Setenv("GOGC", "150")
	old := debug.SetGCPercent(150)
	defer debug.SetGCPercent(old)
	stop := Start(256 << 20)
	defer stop()
	runtime.GC()
	runtime.GC()
	time.Sleep(10 * time.Millisecond)
	if p := gcPercent(); p != 150 {
		t.Fatalf("GOGC = %d, want the user's 150", p)
	}
}

// waitFor runs collections until cond holds (finalizers run on their own
// goroutine after a collection).
func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (GOGC %d)", what, gcPercent())
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

// TestLater: nothing changes before start; start (called twice, from two
// goroutines) raises GOGC once a collection has measured a small live
// heap; stop restores it, and a start after stop does nothing.
func TestLater(t *testing.T) {
	t.Setenv("GOGC", "")
	start, stop := Later(256 << 20)
	if p := settledGOGC(); p != 100 {
		t.Fatalf("before start GOGC = %d, want 100", p)
	}
	done := make(chan struct{})
	go func() { start(); close(done) }()
	start()
	<-done
	waitFor(t, func() bool { return gcPercent() > 200 }, "start to raise GOGC")
	stop()
	if p := gcPercent(); p != 100 {
		t.Fatalf("after stop GOGC = %d, want 100", p)
	}
	start()
	if p := settledGOGC(); p != 100 {
		t.Fatalf("start after stop: GOGC = %d, want 100", p)
	}
}
