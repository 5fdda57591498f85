/*
 * kv_holders: who holds a pipe when the parent adds a write end while its
 * child runs, so that the kernel view's list of holders must follow the
 * parent's fd table between two looks at the pipe.
 *
 * Exercises: pipe (fds 3, 4) and two pipes to take turns (5, 6 from child
 * to parent; 7, 8 from parent to child); fork; the child closes its read
 * end (fd 3: a look at who holds the pipe) and says so; the parent, which
 * made no call that changes descriptors since, then dups fd 4 to fd 9 and
 * answers; the child closes fd 4 (another look) and exits.
 * Expected holders after the child's close(4): read end the parent's fd 3;
 * write ends the parent's fds 4 and 9.
 * Usage: kv_holders           Exit: 0
 */
#include "../progs/progs.h"

int main(void)
{
	int p[2], up[2], down[2];
	char byte;
	TRY(pipe(p));
	TRY(pipe(up));
	TRY(pipe(down));
	if (p[0] != 3 || up[0] != 5 || down[0] != 7)
		fail("unexpected fd numbers %d %d %d\n", p[0], up[0], down[0]);
	pid_t child = TRY(fork());
	if (child == 0) {
		close(p[0]);
		TRY(write(up[1], "r", 1));
		if (TRY(read(down[0], &byte, 1)) != 1)
			fail("child: no answer\n");
		close(p[1]);
		_exit(0);
	}
	if (TRY(read(up[0], &byte, 1)) != 1)
		fail("parent: the child said nothing\n");
	int extra = TRY(dup(p[1]));
	if (extra != 9)
		fail("dup gave fd %d, not 9\n", extra);
	TRY(write(down[1], "g", 1));
	expect_exit(child, 0);
	close(extra);
	close(p[0]);
	close(p[1]);
	return 0;
}
