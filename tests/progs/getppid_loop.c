/*
 * getppid_loop: the cheapest system call, N times, to measure a tracer's cost
 * per call.
 *
 * Exercises: N getppid calls, then one line of output.
 * A tracer must show: N getppid() = PPID lines; its time per call is the
 * benchmark.
 * Usage: getppid_loop N       (0 <= N)   Exit: 0 (2 on a bad N)
 */
#include "progs.h"

int main(int argc, char **argv)
{
	char *end;
	long n = argc > 1 ? strtol(argv[1], &end, 10) : -1;
	if (argc != 2 || *end != '\0' || n < 0) {
		say("usage: getppid_loop N\n");
		return 2;
	}
	pid_t parent = 0;
	for (long i = 0; i < n; i++)
		parent = getppid();
	say("getppid_loop: %ld calls, parent %d\n", n, n ? (int)parent : -1);
	return 0;
}
