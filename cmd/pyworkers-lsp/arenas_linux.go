//go:build linux && cgo

package main

/*
#include <malloc.h>
#include <string.h>

// pw_limit_arenas caps glibc's malloc arenas for the language server, at
// load time, before the Go runtime starts threads (a mallopt from main
// comes too late: the runtime's threads already hold arenas). tree-sitter
// allocates on whichever OS thread a cgo call lands, and glibc gives
// threads arenas of their own (up to 8 per core), each keeping freed
// memory. Four, not two: opening a large module parses its two halves on
// two threads at once, and with two arenas (the main thread's and one
// more) both took every malloc and free of their parse on the same
// arena's lock. Medians of 15 alternated cold starts to the first
// diagnostics of 20,000 lines, in three runs, four (or eight) arenas
// against two: flat 269–284 vs 305–319 ms, Worker 245–352 vs 288–386 ms
// (each run alone: 7–14% faster). With 1,000 open 500-line files and
// 10,000 soak edits the peak RSS was the same (170 MB with two, 164 MB
// with four, in one run each; freed trees go back to the OS once the
// server is quiet, server.trimC). `check` keeps the default. glibc passes
// argc and argv to constructors.
__attribute__((constructor)) static void pw_limit_arenas(int argc, char **argv) {
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
	if (argc < 2 || argv[1][0] == '-' || strcmp(argv[1], "serve") == 0) {
		mallopt(M_ARENA_MAX, 4);
	}
#endif
}
*/
import "C"
