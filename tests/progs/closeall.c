/*
 * closeall: a program that closes every file descriptor, even 0, 1 and 2.
 *
 * Exercises: close of fds 0..1023 (most fail with EBADF), then pipe (which
 * now gets fds 0 and 1), a write and read through it, getpid, an open of
 * /dev/null (fd 2), and exit.
 * With no stdout or stderr it can't print: it reports failures by exit
 * status (2: pipe, 3: fds, 4: data, 5: open).
 * A tracer must show: 1024 closes, the first three = 0 and the rest
 * = -1 EBADF (when started with only 0, 1, 2 open); pipe returning [0, 1];
 * the tracer must not rely on the tracee's stdio.
 * Usage: closeall             Exit: 0
 */
#include "progs.h"
#include <fcntl.h>

int main(void)
{
	for (int fd = 0; fd < 1024; fd++)
		close(fd);

	int p[2];
	char buf[4] = "";
	if (pipe(p) == -1)
		return 2;
	if (p[0] != 0 || p[1] != 1)
		return 3;
	if (write(p[1], "abc", 3) != 3 || read(p[0], buf, 3) != 3 ||
	    memcmp(buf, "abc", 3) != 0)
		return 4;
	getpid();
	if (open("/dev/null", O_RDWR) != 2)
		return 5;
	return 0;
}
