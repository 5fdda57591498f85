/*
 * kv_msg: a System V message queue whose kernel-side counts the kernel view
 * must report.
 *
 * Exercises: msgget(IPC_PRIVATE, 0600), msgsnd of "hello" (5 bytes, type 1)
 * then "goodbye" (7 bytes, type 2), msgrcv of the first: one message of 7
 * bytes is left. Then msgctl(IPC_RMID), unless the first argument is
 * "leak": then the queue is left behind on purpose, for the ledger.
 * Prints "msqid N" first.
 * Usage: kv_msg [leak]        Exit: 0
 */
#include "../progs/progs.h"
#include <sys/msg.h>

struct message {
	long mtype;
	char mtext[16];
};

int main(int argc, char **argv)
{
	int leak = argc > 1 && strcmp(argv[1], "leak") == 0;
	int id = TRY(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
	say("msqid %d\n", id);
	struct message m = { .mtype = 1, .mtext = "hello" };
	TRY(msgsnd(id, &m, 5, 0));
	struct message g = { .mtype = 2, .mtext = "goodbye" };
	TRY(msgsnd(id, &g, 7, 0));
	struct message r;
	if (TRY(msgrcv(id, &r, sizeof r.mtext, 0, 0)) != 5)
		fail("msgrcv: expected the 5-byte message first\n");
	if (!leak)
		TRY(msgctl(id, IPC_RMID, NULL));
	return 0;
}
