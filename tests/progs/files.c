/*
 * files: the oldest IPC, a shared file, and the locks that make it safe.
 *
 * Exercises: open (the raw call: glibc's open() uses openat), openat relative
 * to a directory fd, write, pwrite64, pread64, writev, lseek, readv, fcntl
 * F_SETLK (a write lock on bytes 0..9), flock LOCK_EX, and in a forked child:
 * fcntl F_GETLK (sees the parent's lock and pid), F_SETLK failing with
 * EAGAIN, flock LOCK_EX|LOCK_NB failing with EWOULDBLOCK; then unlock,
 * unlinkat, close.
 * A tracer must show: the data of each read and write, the offsets of pread64
 * and pwrite64, the iovecs of readv and writev, struct flock {l_type=F_WRLCK,
 * l_start=0, l_len=10, l_pid=...} and the flock operations.
 * Usage: files [DIR]          (the file is DIR/ipclab-files-PID, DIR defaults to /tmp)
 * Exit: 0
 */
#include "progs.h"
#include <fcntl.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/uio.h>

int main(int argc, char **argv)
{
	char path[256], buf[32] = "";
	run_path(path, sizeof path, argc, argv, "files");
	const char *name = strrchr(path, '/') + 1;

	int fd = TRY(syscall(SYS_open, path, O_RDWR | O_CREAT | O_EXCL, 0600));
	TRY(write(fd, "0123456789", 10));
	TRY(pwrite(fd, "AB", 2, 4)); /* pwrite64: at offset 4, file offset unchanged */
	if (TRY(pread(fd, buf, 4, 3)) != 4 || memcmp(buf, "3AB6", 4) != 0)
		fail("pread got \"%.4s\"\n", buf);

	struct iovec out[2] = { { "-vec", 4 }, { "tor", 3 } };
	TRY(writev(fd, out, 2));
	TRY(lseek(fd, 0, SEEK_SET));
	char head[10], tail[7];
	struct iovec in[2] = { { head, sizeof head }, { tail, sizeof tail } };
	if (TRY(readv(fd, in, 2)) != 17 || memcmp(tail, "-vector", 7) != 0)
		fail("readv got \"%.10s\" \"%.7s\"\n", head, tail);

	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			      .l_start = 0, .l_len = 10 };
	TRY(fcntl(fd, F_SETLK, &lock));
	TRY(flock(fd, LOCK_EX));

	pid_t pid = TRY(fork());
	if (pid == 0) {
		/* A new open file description: fcntl and flock locks both conflict. */
		const char *dir = argc > 1 ? argv[1] : "/tmp";
		int dirfd = TRY(open(dir, O_RDONLY | O_DIRECTORY));
		int fd2 = TRY(openat(dirfd, name, O_RDWR));
		struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
				       .l_start = 0, .l_len = 10 };
		TRY(fcntl(fd2, F_GETLK, &probe));
		if (probe.l_type != F_WRLCK || probe.l_pid != getppid())
			fail("F_GETLK: type %d pid %d\n", probe.l_type, probe.l_pid);
		EXPECT_ERRNO(fcntl(fd2, F_SETLK, &probe), EAGAIN);
		EXPECT_ERRNO(flock(fd2, LOCK_EX | LOCK_NB), EWOULDBLOCK);
		close(fd2);
		close(dirfd);
		say("child: bytes 0..9 locked by my parent\n");
		_exit(0);
	}
	expect_exit(pid, 0);

	lock.l_type = F_UNLCK;
	TRY(fcntl(fd, F_SETLK, &lock));
	TRY(flock(fd, LOCK_UN));
	TRY(close(fd));
	TRY(unlinkat(AT_FDCWD, path, 0));
	say("files: removed\n");
	return 0;
}
