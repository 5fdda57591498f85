/*
 * kv_pshm: a POSIX shared memory object, as shm_open makes it (a file in
 * /dev/shm), so that the kernel view can show its size, who has it open
 * and who maps it, and the ledger whether it was removed.
 *
 * Exercises: shm_open of /ipclab-kv-pshm-PID with O_CREAT|O_EXCL|O_RDWR,
 * 0600 (an openat of /dev/shm/ipclab-kv-pshm-PID); ftruncate to 4096
 * bytes; fork; the child maps it (mmap MAP_SHARED), writes "hi", unmaps
 * and exits; the parent waits, closes it, and removes it with shm_unlink
 * (an unlink), unless the first argument is "leak".
 * Prints "shm PATH".
 * build: -lrt
 * Usage: kv_pshm [leak]       Exit: 0
 */
#include <fcntl.h>
#include <sys/mman.h>

#include "../progs/progs.h"

int main(int argc, char **argv)
{
	char name[64];
	snprintf(name, sizeof name, "/ipclab-kv-pshm-%d", (int)getpid());
	int fd = TRY(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600));
	say("shm /dev/shm%s\n", name);
	TRY(ftruncate(fd, 4096));
	pid_t child = TRY(fork());
	if (child == 0) {
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			fail("child: mmap: %s\n", strerror(errno));
		memcpy(p, "hi", 2);
		TRY(munmap(p, 4096));
		_exit(0);
	}
	expect_exit(child, 0);
	close(fd);
	if (argc < 2 || strcmp(argv[1], "leak") != 0)
		TRY(shm_unlink(name));
	return 0;
}
