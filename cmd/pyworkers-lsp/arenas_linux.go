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
// memory: with 1,000 open files the server's RSS is about 20 MB lower with
// two. `check` keeps the default: its parallel parses contend for fewer
// arenas. glibc passes argc and argv to constructors.
__attribute__((constructor)) static void pw_limit_arenas(int argc, char **argv) {
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
	if (argc < 2 || argv[1][0] == '-' || strcmp(argv[1], "serve") == 0) {
		mallopt(M_ARENA_MAX, 2);
	}
#endif
}
*/
import "C"
