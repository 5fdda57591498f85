/*
 * pipe_fork: the first IPC every student meets, a pipe between parent and child.
 *
 * Exercises: pipe, fork (clone), close of the unused ends, write of "hello" by
 * the parent, reads by the child until EOF (one read returning 5, one
 * returning 0), wait4.
 * A tracer must show: the two fds pipe returned; the child as a new process
 * with its own colour; write(4, "hello", 5) in the parent; in the child
 * read(3, "hello", ...) = 5 then read(3, ...) = 0; wait4 returning the child pid.
 * Usage: pipe_fork            Exit: 0
 */
#include "progs.h"

int main(void)
{
	int p[2];
	TRY(pipe(p));

	pid_t pid = TRY(fork());
	if (pid == 0) {
		char buf[64];
		size_t got = 0;
		ssize_t n;

		close(p[1]); /* else our own write end keeps EOF from coming */
		while ((n = TRY(read(p[0], buf + got, sizeof buf - 1 - got))) > 0)
			got += n;
		buf[got] = '\0';
		close(p[0]);
		say("child: read \"%s\" then EOF\n", buf);
		_exit(strcmp(buf, "hello") == 0 ? 0 : 1);
	}

	close(p[0]);
	TRY(write(p[1], "hello", 5));
	close(p[1]); /* the child's read now returns 0: EOF */
	expect_exit(pid, 0);
	say("parent: child %s\n", "exited 0");
	return 0;
}
