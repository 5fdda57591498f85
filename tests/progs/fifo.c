/*
 * fifo: a named pipe, a pipe with a name in the file system.
 *
 * Exercises: mknod(S_IFIFO) (the raw call: glibc's mknod() uses mknodat),
 * mkfifo (mknodat), two forked children that open the FIFO, one O_RDONLY and
 * one O_WRONLY (each open blocks until the other side opens), a write, reads
 * until EOF, unlink of both names.
 * A tracer must show: mknod and mknodat with S_IFIFO|0600; in child 1
 * openat(..., O_RDONLY) blocking until child 2's openat(..., O_WRONLY); the
 * data crossing; unlink.
 * Usage: fifo [DIR]           (names are DIR/ipclab-fifo*-PID, DIR defaults to /tmp)
 * Exit: 0
 */
#include "progs.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static const char msg[] = "through the fifo";

int main(int argc, char **argv)
{
	char path[256], path2[256];
	run_path(path, sizeof path, argc, argv, "fifo");
	run_path(path2, sizeof path2, argc, argv, "fifo2");

	/* The old call by its own number, then the libc function. */
	TRY(syscall(SYS_mknod, path2, S_IFIFO | 0600, 0));
	TRY(unlink(path2));
	TRY(mkfifo(path, 0600));

	pid_t reader = TRY(fork());
	if (reader == 0) {
		char buf[64];
		size_t got = 0;
		ssize_t n;
		int fd = TRY(open(path, O_RDONLY)); /* waits for a writer */
		while ((n = TRY(read(fd, buf + got, sizeof buf - 1 - got))) > 0)
			got += n;
		buf[got] = '\0';
		close(fd);
		say("reader: \"%s\"\n", buf);
		_exit(strcmp(buf, msg) == 0 ? 0 : 1);
	}
	pid_t writer = TRY(fork());
	if (writer == 0) {
		int fd = TRY(open(path, O_WRONLY)); /* waits for a reader */
		TRY(write(fd, msg, strlen(msg)));
		close(fd);
		_exit(0);
	}

	expect_exit(reader, 0);
	expect_exit(writer, 0);
	TRY(unlink(path));
	say("fifo: removed\n");
	return 0;
}
