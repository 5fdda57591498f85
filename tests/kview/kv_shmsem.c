/*
 * kv_shmsem: a counter in a shared memory segment, stored between
 * semaphore operations (no call writes it), so that the kernel view shows
 * what the segment holds at each operation that follows a store.
 *
 * Exercises: shmget(IPC_PRIVATE, 4096, 0600), shmat, shmctl(IPC_RMID) at
 * once (freed at the detach); semget(IPC_PRIVATE, 1, 0600), SETVAL 1; three
 * rounds of -1, counter at byte 8 incremented, +1; one more -1, +1 with no
 * store between; shmdt, semctl(IPC_RMID).
 * Usage: kv_shmsem            Exit: 0
 */
#include "../progs/progs.h"
#include <sys/sem.h>
#include <sys/shm.h>

int main(void)
{
	int shm = TRY(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	volatile unsigned char *mem = shmat(shm, NULL, 0);
	if (mem == (void *)-1)
		fail("shmat: %s\n", strerror(errno));
	TRY(shmctl(shm, IPC_RMID, NULL));
	int sem = TRY(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
	TRY(semctl(sem, 0, SETVAL, 1));
	struct sembuf p = { .sem_num = 0, .sem_op = -1 };
	struct sembuf v = { .sem_num = 0, .sem_op = 1 };
	for (int i = 0; i < 3; i++) {
		TRY(semop(sem, &p, 1));
		mem[8]++;
		TRY(semop(sem, &v, 1));
	}
	TRY(semop(sem, &p, 1));
	TRY(semop(sem, &v, 1));
	TRY(shmdt((void *)mem));
	TRY(semctl(sem, 0, IPC_RMID));
	return 0;
}
