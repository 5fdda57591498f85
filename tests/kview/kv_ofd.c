/*
 * kv_ofd: what closing another descriptor on a locked file does to a
 * process's lock and to an open file description's lock.
 *
 * Exercises: a temporary file (created, then unlinked at once); a process
 * write lock on it through fd A (F_SETLK); another open of the file (fd B)
 * and its close: the process lock goes with it; then an OFD write lock
 * through fd A (F_OFD_SETLK); another open and close: the OFD lock stays.
 * Usage: kv_ofd               Exit: 0
 */
#include "../progs/progs.h"

#include <fcntl.h>

static int whole_file(int fd, int cmd, short type)
{
	struct flock lock = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0 };
	return fcntl(fd, cmd, &lock);
}

int main(void)
{
	char path[] = "/tmp/ipclab-kv-ofd-XXXXXX";
	int a = TRY(mkstemp(path));
	char again[64];
	snprintf(again, sizeof again, "/proc/self/fd/%d", a);
	TRY(whole_file(a, F_SETLK, F_WRLCK));
	TRY(close(TRY(open(again, O_RDONLY))));
	TRY(whole_file(a, F_OFD_SETLK, F_WRLCK));
	TRY(close(TRY(open(again, O_RDONLY))));
	TRY(unlink(path));
	close(a);
	return 0;
}
