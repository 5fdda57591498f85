/*
 * sysv_msg: a System V message queue, messages picked by type.
 *
 * Exercises: msgget(IPC_PRIVATE, IPC_CREAT|0600), msgsnd of "one" with type 1
 * and "two" with type 2, msgrcv asking for type 2 (gets "two" although it was
 * sent last), msgrcv of type 1, msgrcv with IPC_NOWAIT on the empty queue
 * (ENOMSG), msgctl IPC_STAT (0 messages, mode 0600), msgctl IPC_RMID, and a
 * last msgctl IPC_STAT proving the queue is gone (EINVAL).
 * A tracer must show, all in one process: msgget = ID; msgsnd(ID,
 * {mtype=1, mtext="one"}, 3, 0) and the type-2 one; msgrcv(ID, {mtype=2,
 * mtext="two"}, 32, 2, 0) = 3; msgrcv(..., 1, 0) = 3; msgrcv(..., 0,
 * IPC_NOWAIT) = -1 ENOMSG; msgctl IPC_STAT, IPC_RMID, IPC_STAT = -1 EINVAL.
 * Root process calls: msgget x1, msgsnd x2, msgrcv x3, msgctl x3.
 * Usage: sysv_msg             Exit: 0
 */
#include "progs.h"
#include <sys/msg.h>

struct message {
	long mtype;
	char mtext[32];
};

static void send(int id, long type, const char *text)
{
	struct message m = { .mtype = type };
	strcpy(m.mtext, text);
	TRY(msgsnd(id, &m, strlen(text), 0));
}

static void receive(int id, long type, const char *want)
{
	struct message m;
	ssize_t n = TRY(msgrcv(id, &m, sizeof m.mtext, type, 0));
	if (m.mtype != type || n != (ssize_t)strlen(want) ||
	    memcmp(m.mtext, want, n) != 0)
		fail("msgrcv type %ld: got type %ld \"%.*s\"\n", type, m.mtype,
		     (int)n, m.mtext);
	say("received type %ld: \"%.*s\"\n", m.mtype, (int)n, m.mtext);
}

int main(void)
{
	int id = TRY(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
	send(id, 1, "one");
	send(id, 2, "two");
	receive(id, 2, "two"); /* by type, not by arrival */
	receive(id, 1, "one");

	struct message m;
	EXPECT_ERRNO(msgrcv(id, &m, sizeof m.mtext, 0, IPC_NOWAIT), ENOMSG);

	struct msqid_ds ds;
	TRY(msgctl(id, IPC_STAT, &ds));
	if (ds.msg_qnum != 0 || (ds.msg_perm.mode & 0777) != 0600)
		fail("IPC_STAT: %lu messages, mode %o\n",
		     (unsigned long)ds.msg_qnum, ds.msg_perm.mode);
	TRY(msgctl(id, IPC_RMID, NULL));
	EXPECT_ERRNO(msgctl(id, IPC_STAT, &ds), EINVAL);
	say("sysv_msg: queue removed\n");
	return 0;
}
