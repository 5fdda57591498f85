/*
 * hang_pipe: the classic pipe mistake, a program that hangs forever.
 *
 * The child reads the pipe until EOF but never closed its own copy of the
 * write end. The parent writes "hello", closes its ends and waits for the
 * child. The child gets "hello", then its next read blocks: EOF comes only
 * when every write end is closed, and the child itself still holds one. So
 * the child waits in read(3) forever and the parent in wait4 forever.
 * Run it only with a deadline (the harness kills the process group; a tracer
 * with --timeout kills the tree).
 * A tracer's hang report must say: the child is blocked in read on fd 3, a
 * pipe whose only write end is the child's own fd 4; the parent is blocked in
 * wait4 for the child.
 * Usage: hang_pipe            Exit: never (killed: SIGKILL)
 */
#include "progs.h"

int main(void)
{
	int p[2];
	TRY(pipe(p));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		/* The bug: no close(p[1]) here. */
		char buf[64];
		ssize_t n;
		while ((n = TRY(read(p[0], buf, sizeof buf))) > 0)
			say("child: read %zd bytes, reading on until EOF\n", n);
		_exit(0); /* never reached */
	}
	close(p[0]);
	TRY(write(p[1], "hello", 5));
	close(p[1]);
	expect_exit(pid, 0); /* never returns */
	return 1;
}
