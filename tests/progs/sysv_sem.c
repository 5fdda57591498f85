/*
 * sysv_sem: a System V semaphore set of two, and the ways a semop can wait.
 *
 * Exercises: semget(IPC_PRIVATE, 2, IPC_CREAT|0600); semctl SETVAL, GETVAL,
 * SETALL {3, 0}, GETALL; semop (the raw call: glibc's semop() uses
 * semtimedop) taking sem 0 with SEM_UNDO in a forked child, which exits
 * holding it so the kernel undoes it (GETVAL is 3 again); semop on sem 1
 * (value 0) with IPC_NOWAIT failing with EAGAIN; semtimedop on sem 1 with a
 * 10 ms timeout failing with EAGAIN; semctl IPC_RMID; a last semctl
 * IPC_STAT proving the set is gone (EINVAL).
 * A tracer must show: the sembuf arrays [{sem_num=0, sem_op=-1,
 * sem_flg=SEM_UNDO}] and [{1, -1, IPC_NOWAIT}], the timeout, the semctl
 * commands and values.
 * Usage: sysv_sem             Exit: 0
 */
#include "progs.h"
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>

/* semop(2) itself, where the ABI has it (glibc's semop() makes a
 * semtimedop(2) there); i386 has none: glibc goes through ipc(2), which a
 * tracer shows as semop too. */
#ifdef SYS_semop
#define SEMOP(id, ops, n) syscall(SYS_semop, id, ops, n)
#else
#define SEMOP(id, ops, n) semop(id, ops, n)
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

int main(void)
{
	int id = TRY(semget(IPC_PRIVATE, 2, IPC_CREAT | 0600));
	TRY(semctl(id, 0, SETVAL, (union semun){ .val = 1 }));
	if (TRY(semctl(id, 0, GETVAL)) != 1)
		fail("GETVAL after SETVAL 1\n");
	unsigned short vals[2] = { 3, 0 };
	TRY(semctl(id, 0, SETALL, (union semun){ .array = vals }));
	vals[0] = vals[1] = 99;
	TRY(semctl(id, 0, GETALL, (union semun){ .array = vals }));
	if (vals[0] != 3 || vals[1] != 0)
		fail("GETALL: %d %d\n", vals[0], vals[1]);

	pid_t pid = TRY(fork());
	if (pid == 0) {
		struct sembuf take = { .sem_num = 0, .sem_op = -1, .sem_flg = SEM_UNDO };
		TRY(SEMOP(id, &take, 1));
		_exit(0); /* still holding it: the kernel's undo gives it back */
	}
	expect_exit(pid, 0);
	if (TRY(semctl(id, 0, GETVAL)) != 3)
		fail("SEM_UNDO did not restore sem 0\n");

	struct sembuf take1 = { .sem_num = 1, .sem_op = -1, .sem_flg = IPC_NOWAIT };
	EXPECT_ERRNO(SEMOP(id, &take1, 1), EAGAIN);
	take1.sem_flg = 0;
	struct timespec ten_ms = { .tv_nsec = 10 * 1000 * 1000 };
	EXPECT_ERRNO(semtimedop(id, &take1, 1, &ten_ms), EAGAIN);

	TRY(semctl(id, 0, IPC_RMID));
	struct semid_ds ds;
	EXPECT_ERRNO(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }), EINVAL);
	say("sysv_sem: undo restored 3, waits failed with EAGAIN, set removed\n");
	return 0;
}
