/*
 * kv_psem: a POSIX named semaphore, which the C library keeps as a file in
 * /dev/shm: sem_open fills a temporary file there, links it to sem.NAME
 * and unlinks the temporary name.
 *
 * Exercises: sem_open of /ipclab-kv-psem-PID with O_CREAT|O_EXCL, 0600,
 * value 1 (openat of a temporary /dev/shm/sem.XXXXXX, write, mmap, link to
 * /dev/shm/sem.ipclab-kv-psem-PID, unlink of the temporary name);
 * sem_wait; fork: the child, which inherits the mapping, posts (no call:
 * the semaphore is not contended) and exits; the parent waits on it again
 * (its sem_wait may block on a futex until the child's post), reaps the
 * child, posts, sem_close; then sem_unlink (an unlink), unless the first
 * argument is "leak". Prints "sem PATH".
 * build: -pthread
 * Usage: kv_psem [leak]       Exit: 0
 */
#include <fcntl.h>
#include <semaphore.h>

#include "../progs/progs.h"

int main(int argc, char **argv)
{
	char name[64];
	snprintf(name, sizeof name, "/ipclab-kv-psem-%d", (int)getpid());
	sem_t *s = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
	if (s == SEM_FAILED)
		fail("sem_open: %s\n", strerror(errno));
	say("sem /dev/shm/sem.%s\n", name + 1);
	TRY(sem_wait(s));
	pid_t child = TRY(fork());
	if (child == 0) {
		TRY(sem_post(s));
		_exit(0);
	}
	TRY(sem_wait(s));
	expect_exit(child, 0);
	TRY(sem_post(s));
	TRY(sem_close(s));
	if (argc < 2 || strcmp(argv[1], "leak") != 0)
		TRY(sem_unlink(name));
	return 0;
}
