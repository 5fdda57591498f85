/*
 * bench.h: what the benchmark workloads share: reading the round count from
 * argv, and failing with one line on stderr.
 *
 * Each workload does a fixed amount of work given by its one argument, so
 * that a run traced and a run untraced make exactly the same calls.
 */
#ifndef IPCLAB_BENCH_H
#define IPCLAB_BENCH_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Print "NAME: message: strerror(errno)" on stderr and exit 1. */
static inline void die(const char *what)
{
	char buf[256];
	int n = snprintf(buf, sizeof buf, "FAILED: %s: %s\n", what, strerror(errno));
	if (write(2, buf, n) < 0)
		_exit(1);
	_exit(1);
}

/* Run a call that returns -1 on error; on error die naming the call. */
#define TRY(call)                                                              \
	({                                                                     \
		long try_ret_ = (long)(call);                                  \
		if (try_ret_ == -1)                                            \
			die(#call);                                            \
		try_ret_;                                                      \
	})

/* The round count: argv[1], a non-negative integer. */
static inline long rounds(int argc, char **argv, const char *usage)
{
	char *end;
	long n = argc == 2 ? strtol(argv[1], &end, 10) : -1;
	if (argc != 2 || *end != '\0' || n < 0) {
		if (write(2, usage, strlen(usage)) < 0)
			_exit(2);
		exit(2);
	}
	return n;
}

/* Wait for child pid and fail unless it exited with 0. */
static inline void reap(pid_t pid)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = 0;
		die("a child failed");
	}
}

#endif
