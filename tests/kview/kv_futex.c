/*
 * kv_futex: a futex wait and wake on a word of a System V segment that
 * starts with a ring header, so that the kernel view shows the word at the
 * wait's call and return, and how full the ring is.
 *
 * Exercises: shmget(IPC_PRIVATE, 4096, 0600); shmat; the header `ipc-ring`,
 * 4 slots of 8 bytes, written 0, taken 0; fork; the child waits on
 * `written` (offset 16) while it is 0; the parent waits until the child is
 * asleep (its /proc/PID/wchan says futex), stores 1 in `written` and wakes
 * it; both detach, the parent removes the segment.
 * Usage: kv_futex        Exit: 0
 */
#include "../progs/progs.h"
#include <linux/futex.h>
#include <stdint.h>
#include <sys/shm.h>
#include <sys/syscall.h>

static long futex(uint32_t *word, int op, uint32_t val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

/* Whether `pid` sleeps in a futex wait now. */
static int asleep(pid_t pid)
{
	char path[64], buf[64] = "";
	snprintf(path, sizeof path, "/proc/%d/wchan", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof buf, f))
		buf[0] = 0;
	fclose(f);
	return strstr(buf, "futex") != NULL;
}

int main(void)
{
	int id = TRY(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	char *mem = shmat(id, NULL, 0);
	if (mem == (void *)-1)
		fail("shmat: %s\n", strerror(errno));
	uint32_t *words = (uint32_t *)mem;
	memcpy(mem, "ipc-ring", 8);
	words[2] = 4;
	words[3] = 8;
	uint32_t *written = &words[4];
	pid_t pid = TRY(fork());
	if (pid == 0) {
		while (__atomic_load_n(written, __ATOMIC_ACQUIRE) == 0)
			futex(written, FUTEX_WAIT, 0);
		TRY(shmdt(mem));
		_exit(0);
	}
	while (!asleep(pid))
		usleep(1000);
	__atomic_store_n(written, 1, __ATOMIC_RELEASE);
	TRY(futex(written, FUTEX_WAKE, 1));
	expect_exit(pid, 0);
	TRY(shmdt(mem));
	TRY(shmctl(id, IPC_RMID, NULL));
	return 0;
}
