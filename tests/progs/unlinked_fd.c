/*
 * unlinked_fd: a file written before and after another process removes it,
 * so that a tracer must name the descriptor anew after the unlink, as
 * /proc does: "PATH (deleted)".
 *
 * Exercises: openat of DIR/ipclab-unlinked-PID (O_CREAT|O_EXCL), write
 * "a"; fork; the child unlinks the file (unlinkat) and exits; the parent waits, then
 * writes "b" to the same descriptor (no call in between that changes it)
 * and closes it.
 * Usage: unlinked_fd [DIR]    (DIR defaults to /tmp)  Exit: 0
 */
#include "progs.h"
#include <fcntl.h>

int main(int argc, char **argv)
{
	char path[256];
	run_path(path, sizeof path, argc, argv, "unlinked");
	int fd = TRY(open(path, O_WRONLY | O_CREAT | O_EXCL, 0600));
	TRY(write(fd, "a", 1));
	pid_t child = TRY(fork());
	if (child == 0) {
		TRY(unlinkat(AT_FDCWD, path, 0));
		_exit(0);
	}
	expect_exit(child, 0);
	TRY(write(fd, "b", 1));
	close(fd);
	return 0;
}
