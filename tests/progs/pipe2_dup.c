/*
 * pipe2_dup: one pipe seen through many file descriptors.
 *
 * Exercises: pipe2 with O_CLOEXEC, fcntl F_GETFD, dup, dup2 onto fd 10, dup3
 * onto fd 11 with O_CLOEXEC, dup3 onto itself (EINVAL), fcntl F_DUPFD (lowest
 * free fd >= 20), a write through fd 10 read back through the dup of the read
 * end, close of every fd.
 * A tracer must show: pipe2([3, 4], O_CLOEXEC); dup(3) = 5; dup2(4, 10) = 10;
 * dup3(4, 11, O_CLOEXEC) = 11; dup3(11, 11, ...) = -1 EINVAL;
 * fcntl(3, F_DUPFD, 20) = 20; and that fds 5, 10, 11 and 20 name the same pipe.
 * Usage: pipe2_dup            Exit: 0
 */
#include "progs.h"
#include <fcntl.h>

int main(void)
{
	int p[2];
	TRY(pipe2(p, O_CLOEXEC));
	if (!(TRY(fcntl(p[0], F_GETFD)) & FD_CLOEXEC))
		fail("pipe2(O_CLOEXEC) left FD_CLOEXEC clear\n");

	int r = TRY(dup(p[0])); /* dup never copies close-on-exec */
	int w10 = TRY(dup2(p[1], 10));
	int w11 = TRY(dup3(p[1], 11, O_CLOEXEC));
	EXPECT_ERRNO(dup3(w11, w11, O_CLOEXEC), EINVAL);
	int r20 = TRY(fcntl(p[0], F_DUPFD, 20));
	if (w10 != 10 || w11 != 11 || r20 < 20)
		fail("unexpected fds %d %d %d\n", w10, w11, r20);
	if (TRY(fcntl(r, F_GETFD)) & FD_CLOEXEC)
		fail("dup copied FD_CLOEXEC\n");

	char buf[8] = "";
	TRY(write(w10, "dup", 3));
	if (TRY(read(r, buf, sizeof buf)) != 3 || memcmp(buf, "dup", 3) != 0)
		fail("read back \"%s\"\n", buf);

	int fds[] = { p[0], p[1], r, w10, w11, r20 };
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		TRY(close(fds[i]));
	say("pipe2_dup: fds %d %d %d %d %d %d all named one pipe\n", p[0], p[1],
	    r, w10, w11, r20);
	return 0;
}
