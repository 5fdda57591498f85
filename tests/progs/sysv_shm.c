/*
 * sysv_shm: System V shared memory written by a child, read by its parent.
 *
 * Exercises: shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600), shmat in the parent,
 * fork, a second shmat in the child (the first attachment is inherited too),
 * the child's write and shmdt, the parent's read after wait4, shmctl
 * IPC_STAT (1 attachment left: the parent's), shmdt, shmctl IPC_RMID, and a
 * last shmctl IPC_STAT proving the segment is gone (EINVAL).
 * A tracer must show: shmget = ID; shmat(ID, NULL, 0) = ADDRESS in both
 * processes; shmdt(ADDRESS) in both; shmctl(ID, IPC_STAT/IPC_RMID, ...).
 * Usage: sysv_shm             Exit: 0
 */
#include "progs.h"
#include <sys/shm.h>

static const char msg[] = "written by the child";

int main(void)
{
	int id = TRY(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	char *mem = shmat(id, NULL, 0);
	if (mem == (void *)-1)
		fail("shmat: %s\n", strerror(errno));

	pid_t pid = TRY(fork());
	if (pid == 0) {
		char *mine = shmat(id, NULL, 0);
		if (mine == (void *)-1)
			fail("child shmat: %s\n", strerror(errno));
		memcpy(mine, msg, sizeof msg);
		TRY(shmdt(mine));
		_exit(0);
	}
	expect_exit(pid, 0);
	if (memcmp(mem, msg, sizeof msg) != 0)
		fail("parent read \"%.20s\"\n", mem);
	say("parent read: \"%s\"\n", mem);

	struct shmid_ds ds;
	TRY(shmctl(id, IPC_STAT, &ds));
	if (ds.shm_nattch != 1)
		fail("IPC_STAT: %lu attachments\n", (unsigned long)ds.shm_nattch);
	TRY(shmdt(mem));
	TRY(shmctl(id, IPC_RMID, NULL));
	EXPECT_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);
	say("sysv_shm: segment removed\n");
	return 0;
}
