/*
 * shm_sem_pingpong: a parent and a child take turns incrementing a counter
 * in a shared memory segment, handing over with two System V semaphores,
 * N round trips. Segment and set are private (IPC_PRIVATE, mode 0600); the
 * segment is marked for removal as soon as both have it attached, the set
 * is removed at the end.
 *
 * Calls per round trip: two semop (semtimedop) per process.
 * Usage: shm_sem_pingpong N       Exit: 0
 */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "bench.h"

/* Add `delta` to semaphore `num` of set `set` (wait while that would go below 0). */
static int sem_add(int set, unsigned short num, short delta)
{
	struct sembuf op = {.sem_num = num, .sem_op = delta, .sem_flg = 0};
	return semop(set, &op, 1);
}

int main(int argc, char **argv)
{
	long n = rounds(argc, argv, "usage: shm_sem_pingpong N\n");
	int seg = TRY(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	volatile long *counter = shmat(seg, NULL, 0);
	int set = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	/* Removed now: it lives on while attached, and the child inherits it. */
	shmctl(seg, IPC_RMID, NULL);
	if (counter == (void *)-1 || set == -1) {
		if (set != -1)
			semctl(set, 0, IPC_RMID);
		die("shmat/semget");
	}
	*counter = 0;
	pid_t pid = fork();
	if (pid == -1) {
		semctl(set, 0, IPC_RMID);
		die("fork");
	}
	if (pid == 0) {
		/* Semaphore 0: the child's turn; 1: the parent's. */
		for (long i = 0; i < n; i++) {
			TRY(sem_add(set, 0, -1));
			*counter += 1;
			TRY(sem_add(set, 1, 1));
		}
		_exit(0);
	}
	int ok = 1;
	for (long i = 0; ok && i < n; i++) {
		*counter += 1;
		ok = sem_add(set, 0, 1) == 0 && sem_add(set, 1, -1) == 0;
	}
	int saved = errno;
	TRY(semctl(set, 0, IPC_RMID));
	if (!ok) {
		errno = saved;
		die("semop");
	}
	reap(pid);
	if (*counter != 2 * n) {
		errno = 0;
		die("the counter is wrong");
	}
	return 0;
}
