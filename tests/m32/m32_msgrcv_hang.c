/*
 * m32_msgrcv_hang: blocks in msgrcv(2) on an empty System V queue forever,
 * for the hang report of a 32-bit program (built with gcc -m32 by
 * tests/compat32.rs; also builds 64-bit).
 *
 * Exercises: msgget(IPC_PRIVATE, IPC_CREAT|0600), then a child (fork) that
 * waits in msgrcv of any type while the parent waits for it in wait4. The
 * queue is never removed: the tracer's --cleanup must remove it. Prints
 * "msqid N" first.
 * Usage: m32_msgrcv_hang      Exit: never (killed by --timeout)
 */
#include "../progs/progs.h"
#include <sys/msg.h>

struct message {
	long mtype;
	char mtext[16];
};

int main(void)
{
	int id = TRY(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
	say("msqid %d\n", id);
	pid_t pid = TRY(fork());
	if (pid == 0) {
		struct message m;
		TRY(msgrcv(id, &m, sizeof m.mtext, 0, 0));
		_exit(0);
	}
	int status;
	TRY(waitpid(pid, &status, 0));
	return 0;
}
