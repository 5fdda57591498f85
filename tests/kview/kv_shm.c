/*
 * kv_shm: a shared memory segment attached by two processes at once, then
 * written without a system call, so that the kernel view shows the attach
 * count and what the segment holds.
 *
 * Exercises: shmget(IPC_PRIVATE, 4096, 0600), fork; the child shmat, copies
 * "hello from the child" into the segment (no call), tells the parent over
 * a pipe, and waits; the parent shmat (2 attachments now), reads the text,
 * lets the child go; the child shmdt and exits; the parent shmdt and
 * shmctl(IPC_RMID). With the argument "stay", the parent removes the
 * segment but exits still attached: exit detaches it.
 * Usage: kv_shm [stay]        Exit: 0
 */
#include "../progs/progs.h"
#include <sys/shm.h>

int main(int argc, char **argv)
{
	int stay = argc > 1 && strcmp(argv[1], "stay") == 0;
	int id = TRY(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
	int ready[2], go[2];
	TRY(pipe(ready));
	TRY(pipe(go));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		char *mem = shmat(id, NULL, 0);
		if (mem == (void *)-1)
			fail("child shmat: %s\n", strerror(errno));
		strcpy(mem, "hello from the child");
		char c = 'r';
		TRY(write(ready[1], &c, 1));
		TRY(read(go[0], &c, 1));
		TRY(shmdt(mem));
		_exit(0);
	}
	char c;
	TRY(read(ready[0], &c, 1));
	char *mem = shmat(id, NULL, 0);
	if (mem == (void *)-1)
		fail("parent shmat: %s\n", strerror(errno));
	if (strcmp(mem, "hello from the child") != 0)
		fail("parent read \"%s\"\n", mem);
	TRY(write(go[1], &c, 1));
	expect_exit(pid, 0);
	if (!stay)
		TRY(shmdt(mem));
	TRY(shmctl(id, IPC_RMID, NULL));
	return 0;
}
