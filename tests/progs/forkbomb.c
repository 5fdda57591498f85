/*
 * forkbomb: a bounded binary tree of processes, the shape of a fork bomb.
 *
 * Exercises: every process forks two children and waits for both, down to
 * DEPTH levels (2^(DEPTH+1) - 1 processes in all, at most 2^DEPTH alive at
 * once on the last level). With the default depth it ends normally; with a
 * large depth it stands in for a student's runaway fork loop, and a tracer
 * with a process budget must kill the whole tree.
 * A tracer must show: every process's two clones and two wait4s.
 * Usage: forkbomb [DEPTH] (default 3)     Exit: 0
 */
#include "progs.h"

static void grow(int depth)
{
	if (depth == 0)
		return;
	for (int i = 0; i < 2; i++) {
		pid_t pid = TRY(fork());
		if (pid == 0) {
			grow(depth - 1);
			_exit(0);
		}
	}
	for (int i = 0; i < 2; i++) {
		int status;
		TRY(wait(&status));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			_exit(1);
	}
}

int main(int argc, char **argv)
{
	int depth = argc > 1 ? atoi(argv[1]) : 3;
	if (depth < 0 || depth > 20)
		fail("depth must be 0..20\n");
	grow(depth);
	say("tree of depth %d done\n", depth);
	return 0;
}
