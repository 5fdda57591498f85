/*
 * exec_argv: execve with a huge argument vector.
 *
 * Exercises: execve("/bin/echo", ["echo", "arg0001", ..., "argNNNN"], envp)
 * with N arguments (default 2000, about 16 KB of strings), replacing this
 * program with echo, which prints them all on one line and exits 0.
 * A tracer must show: the execve with its path, a bounded preview of argv
 * (strace prints the first 32 elements then "..."), and keep tracing echo;
 * reading argv must not hang or take long.
 * Usage: exec_argv [N]        (1 <= N <= 100000)   Exit: 0 (echo's)
 */
#include "progs.h"

extern char **environ;

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
	if (n < 1 || n > 100000)
		fail("usage: exec_argv [N], 1 <= N <= 100000\n");

	char **args = calloc(n + 2, sizeof *args);
	if (!args)
		fail("calloc\n");
	args[0] = (char *)"echo";
	for (long i = 1; i <= n; i++) {
		args[i] = malloc(24);
		if (!args[i])
			fail("malloc\n");
		snprintf(args[i], 24, "arg%04ld", i);
	}
	execve("/bin/echo", args, environ);
	fail("execve /bin/echo: %s\n", strerror(errno));
}
