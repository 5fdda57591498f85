/*
 * kv_premarker: makes objects before it names itself with a lab's start
 * marker, as a lab whose main does IPC before common::begin would, then
 * waits to be killed with whoever traces it.
 *
 * Exercises: msgget (IPC_PRIVATE, 0600) and mq_open of /ipclab-pre-PID
 * with O_CREAT and without O_EXCL, both before prctl(PR_SET_NAME,
 * "01_pipe"). Writes "msg ID", "mq NAME", "ready" to the file named by
 * $KV_REPORT (its standard output is the grader's), then waits for a signal.
 * build: -lrt
 * Usage: kv_premarker Exit: 0 (never, in the test: it is killed)
 */
#include "../progs/progs.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sys/msg.h>
#include <sys/prctl.h>

int main(void)
{
	const char *report = getenv("KV_REPORT");
	int out = report ? TRY(open(report, O_WRONLY | O_CREAT | O_TRUNC, 0600)) : 1;
	int msg = (int)TRY(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
	char name[64];
	snprintf(name, sizeof name, "/ipclab-pre-%d", (int)getpid());
	mqd_t q = TRY(mq_open(name, O_CREAT | O_RDWR, 0600, NULL));
	TRY(mq_close(q));
	TRY(prctl(PR_SET_NAME, "01_pipe", 0, 0, 0));
	dprintf(out, "msg %d\nmq %s\nready\n", msg, name);
	pause();
	return 0;
}
