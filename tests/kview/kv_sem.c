/*
 * kv_sem: a set of two semaphores whose values the kernel view must report.
 *
 * Exercises: semget(IPC_PRIVATE, 2, 0600), semctl(SETVAL) of #1 to 3,
 * semop +2 on #0 then -1 on #1 (values are then 2 and 2), semctl(IPC_RMID).
 * Usage: kv_sem               Exit: 0
 */
#include "../progs/progs.h"
#include <sys/sem.h>

int main(void)
{
	int id = TRY(semget(IPC_PRIVATE, 2, IPC_CREAT | 0600));
	TRY(semctl(id, 1, SETVAL, 3));
	struct sembuf up = { .sem_num = 0, .sem_op = 2 };
	TRY(semop(id, &up, 1));
	struct sembuf down = { .sem_num = 1, .sem_op = -1 };
	TRY(semop(id, &down, 1));
	TRY(semctl(id, 0, IPC_RMID));
	return 0;
}
