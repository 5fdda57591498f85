/*
 * kv_fifo: a FIFO between parent and child, left behind on purpose when
 * asked, for the ledger.
 *
 * Exercises: mkfifo DIR/ipclab-fifo-PID (DIR is argv[1], else /tmp), a pipe
 * "hold", fork; the child opens the FIFO for writing, writes "hi", and keeps
 * it open until EOF on "hold"; the parent opens the FIFO for reading, reads,
 * closes it and its end of "hold". So when either open returns, both ends
 * are held. The FIFO is unlinked unless argv[2] is "leak". Prints "path P"
 * first.
 * Usage: kv_fifo [DIR [leak]] Exit: 0
 */
#include "../progs/progs.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	int leak = argc > 2 && strcmp(argv[2], "leak") == 0;
	char path[256];
	run_path(path, sizeof path, argc, argv, "fifo");
	TRY(mkfifo(path, 0600));
	say("path %s\n", path);
	int hold[2];
	TRY(pipe(hold));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		char c;
		close(hold[1]);
		int w = TRY(open(path, O_WRONLY));
		TRY(write(w, "hi", 2));
		TRY(read(hold[0], &c, 1)); /* EOF: the parent is done */
		_exit(0);
	}
	close(hold[0]);
	int r = TRY(open(path, O_RDONLY));
	char buf[4];
	if (TRY(read(r, buf, sizeof buf)) != 2)
		fail("short read\n");
	close(r);
	close(hold[1]);
	expect_exit(pid, 0);
	if (!leak)
		TRY(unlink(path));
	return 0;
}
