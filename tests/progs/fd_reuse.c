/*
 * fd_reuse: one descriptor number naming a different file after each close,
 * dup2, dup3, close_range and exec, and written to each time.
 *
 * Exercises: pipe2 gives the write end N (4 when 0-2 are open); then for N in
 * turn: a write to that pipe; close, open of /dev/null (N again) and a write;
 * a second pipe2 and dup2 of its write end onto N and a write; dup3 of
 * /dev/zero onto N and a write; close_range(N, N) and open of /dev/null and a
 * write; dup3 of the second pipe onto N with O_CLOEXEC, a write and execve of
 * itself, whose new image opens /dev/zero (N again, freed by the exec) and
 * writes. Each write's text names the step: "1 pipe", "2 null", "3 pipe",
 * "4 zero", "5 null", "6 pipe", "7 zero".
 * A tracer must show each of those writes with fd N and its target at that
 * moment (pipe:[A], /dev/null, pipe:[B], /dev/zero, /dev/null, pipe:[B],
 * /dev/zero), also when it shows only the writes and so does not report
 * the calls that changed N.
 * Usage: fd_reuse             Exit: 0
 */
#include "progs.h"
#include <fcntl.h>
#include <sys/syscall.h>

/* Open path for writing and check it took descriptor n. */
static void open_as(const char *path, int n)
{
	int fd = TRY(open(path, O_WRONLY));
	if (fd != n)
		fail("open %s gave %d, not %d\n", path, fd, n);
}

static void step(int n, const char *text)
{
	TRY(write(n, text, strlen(text)));
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "exec") == 0) {
		int n = atoi(argv[2]);
		open_as("/dev/zero", n);
		step(n, "7 zero");
		say("fd_reuse: descriptor %d named seven files in turn\n", n);
		return 0;
	}
	int p[2], q[2];
	TRY(pipe2(p, 0));
	int n = p[1];
	step(n, "1 pipe");
	TRY(close(n));
	open_as("/dev/null", n);
	step(n, "2 null");
	TRY(pipe2(q, 0));
	TRY(dup2(q[1], n));
	step(n, "3 pipe");
	int zero = TRY(open("/dev/zero", O_WRONLY));
	TRY(dup3(zero, n, 0));
	step(n, "4 zero");
	TRY(syscall(SYS_close_range, n, n, 0));
	open_as("/dev/null", n);
	step(n, "5 null");
	TRY(dup3(q[1], n, O_CLOEXEC));
	step(n, "6 pipe");
	char arg[16];
	snprintf(arg, sizeof arg, "%d", n);
	char *args[] = { argv[0], (char *)"exec", arg, NULL };
	execv("/proc/self/exe", args);
	fail("execv: %s\n", strerror(errno));
}
