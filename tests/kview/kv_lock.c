/*
 * kv_lock: file locks as /proc/locks shows them, so that the kernel view
 * can report who holds a lock and who was refused.
 *
 * Exercises: a temporary file (created, then unlinked at once); the parent
 * takes a write lock on all of it with fcntl F_SETLK; a child asks for the
 * same with F_SETLK and is refused (EAGAIN or EACCES) and exits; the parent
 * releases its lock (F_UNLCK), then takes a shared flock (LOCK_SH).
 * Usage: kv_lock              Exit: 0
 */
#include <sys/file.h>

#include "../progs/progs.h"

static int whole_file(int fd, short type)
{
	struct flock lock = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	return fcntl(fd, F_SETLK, &lock);
}

int main(void)
{
	char path[] = "/tmp/ipclab-kv-lock-XXXXXX";
	int fd = TRY(mkstemp(path));
	TRY(unlink(path));
	TRY(whole_file(fd, F_WRLCK));
	pid_t child = TRY(fork());
	if (child == 0) {
		if (whole_file(fd, F_WRLCK) == 0)
			fail("child: got a lock the parent holds\n");
		_exit(0);
	}
	expect_exit(child, 0);
	TRY(whole_file(fd, F_UNLCK));
	TRY(flock(fd, LOCK_SH));
	close(fd);
	return 0;
}
