/*
 * sysv_msg_pingpong: a parent and a child exchange 64-byte messages through
 * one System V message queue, N round trips: type 1 goes to the child, type
 * 2 comes back. The queue is private (IPC_PRIVATE, mode 0600) and removed
 * at the end.
 *
 * Calls per round trip: parent msgsnd + msgrcv, child msgrcv + msgsnd.
 * Usage: sysv_msg_pingpong N       Exit: 0
 */
#include <sys/ipc.h>
#include <sys/msg.h>

#include "bench.h"

struct message {
	long mtype;
	char mtext[64];
};

int main(int argc, char **argv)
{
	long n = rounds(argc, argv, "usage: sysv_msg_pingpong N\n");
	int q = TRY(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
	struct message m;
	memset(m.mtext, 'x', sizeof m.mtext);
	pid_t pid = fork();
	if (pid == -1) {
		msgctl(q, IPC_RMID, NULL);
		die("fork");
	}
	if (pid == 0) {
		for (long i = 0; i < n; i++) {
			TRY(msgrcv(q, &m, sizeof m.mtext, 1, 0));
			m.mtype = 2;
			TRY(msgsnd(q, &m, sizeof m.mtext, 0));
		}
		_exit(0);
	}
	int ok = 1;
	for (long i = 0; ok && i < n; i++) {
		m.mtype = 1;
		ok = msgsnd(q, &m, sizeof m.mtext, 0) == 0 && msgrcv(q, &m, sizeof m.mtext, 2, 0) >= 0;
	}
	int saved = errno;
	TRY(msgctl(q, IPC_RMID, NULL));
	if (!ok) {
		errno = saved;
		die("msgsnd/msgrcv");
	}
	reap(pid);
	return 0;
}
