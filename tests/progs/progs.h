/*
 * progs.h: the few helpers every test program shares, so each program can
 * stay a short, readable walk through one group of system calls.
 *
 * Output goes through say(), one write(2) per message, never through stdio
 * buffers: what a program prints and the calls it makes are then the same
 * whether stdout is a terminal, a pipe or a file, which keeps the per-process
 * call sequences comparable between two tracers. On failure a program prints
 * one line to stderr and exits 1.
 */
#ifndef IPCLAB_PROGS_H
#define IPCLAB_PROGS_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Format a message and write it to fd with a single write(2). */
static inline void vsay_fd(int fd, const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof buf)
		n = sizeof buf - 1;
	if (write(fd, buf, n) != n)
		_exit(1);
}

/* Print a message on stdout. */
static inline void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsay_fd(1, fmt, ap);
	va_end(ap);
}

/* Print "FAILED: message" on stderr and exit 1 (_exit: safe in any child). */
static inline void fail(const char *fmt, ...)
{
	va_list ap;
	if (write(2, "FAILED: ", 8) < 0)
		_exit(1);
	va_start(ap, fmt);
	vsay_fd(2, fmt, ap);
	va_end(ap);
	_exit(1);
}

/* Run a call that returns -1 on error; on error fail naming the call and errno. */
#define TRY(call)                                                              \
	({                                                                     \
		long try_ret_ = (long)(call);                                  \
		if (try_ret_ == -1)                                            \
			fail("%s: %s\n", #call, strerror(errno));              \
		try_ret_;                                                      \
	})

/* Run a call that must fail with errno `expected`. */
#define EXPECT_ERRNO(call, expected)                                           \
	do {                                                                   \
		long exp_ret_ = (long)(call);                                  \
		if (exp_ret_ != -1 || errno != (expected))                     \
			fail("%s: expected %s, got %ld (%s)\n", #call,         \
			     #expected, exp_ret_, strerror(errno));            \
	} while (0)

/* Wait for child pid and fail unless it exited with `code`. */
static inline void expect_exit(pid_t pid, int code)
{
	int status;
	if (waitpid(pid, &status, 0) != pid)
		fail("waitpid(%d): %s\n", (int)pid, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		fail("child %d: expected exit %d, got status 0x%x\n", (int)pid,
		     code, status);
}

/*
 * A per-run path for a file-system object: DIR/ipclab-WHAT-PID, where DIR is
 * argv[1] when given, else /tmp. Parallel runs never share a name.
 */
static inline void run_path(char *buf, size_t len, int argc, char **argv,
			    const char *what)
{
	const char *dir = argc > 1 ? argv[1] : "/tmp";
	int n = snprintf(buf, len, "%s/ipclab-%s-%d", dir, what, (int)getpid());
	if (n < 0 || (size_t)n >= len)
		fail("path too long under %s\n", dir);
}

#endif
