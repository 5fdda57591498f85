/*
 * kv_pipe: a pipe written before a fork, so that the kernel view can show
 * bytes buffered and the child holding both ends it inherited.
 *
 * Exercises: pipe, write of "hello" (5 bytes, buffered: nobody reads yet),
 * fork (the child inherits fd 3, the read end, and fd 4, the write end),
 * close of the unused ends, reads by the child until EOF (so it is the last
 * to hold the pipe), wait4.
 * Usage: kv_pipe              Exit: 0
 */
#include "../progs/progs.h"

int main(void)
{
	int p[2];
	TRY(pipe(p));
	TRY(write(p[1], "hello", 5));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		char buf[8];
		close(p[1]);
		if (TRY(read(p[0], buf, sizeof buf)) != 5)
			fail("child: short read\n");
		/* EOF comes once the parent closed its write end: the child is
		 * then the last process holding the pipe. */
		if (TRY(read(p[0], buf, sizeof buf)) != 0)
			fail("child: expected EOF\n");
		_exit(0);
	}
	close(p[0]);
	close(p[1]);
	expect_exit(pid, 0);
	return 0;
}
