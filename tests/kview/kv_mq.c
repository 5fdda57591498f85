/*
 * kv_mq: a POSIX message queue whose message count the kernel view must
 * report, named per run (/ipclab-kv-PID).
 *
 * Exercises: mq_open(O_CREAT|O_EXCL|O_RDWR, 0600, maxmsg 4, msgsize 16),
 * mq_send of "one" and "three", mq_receive of one (1 message, 5 bytes
 * left), mq_close, mq_unlink (unless the first argument is "leak").
 * Prints "mq NAME" first.
 * build: -lrt
 * Usage: kv_mq [leak]         Exit: 0
 */
#include "../progs/progs.h"
#include <fcntl.h>
#include <mqueue.h>

int main(int argc, char **argv)
{
	int leak = argc > 1 && strcmp(argv[1], "leak") == 0;
	char name[64];
	snprintf(name, sizeof name, "/ipclab-kv-%d", (int)getpid());
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };
	mqd_t q = TRY(mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr));
	say("mq %s\n", name);
	TRY(mq_send(q, "one", 3, 0));
	TRY(mq_send(q, "three", 5, 0));
	char buf[16];
	if (TRY(mq_receive(q, buf, sizeof buf, NULL)) != 3)
		fail("mq_receive: expected \"one\" first\n");
	TRY(mq_close(q));
	if (!leak)
		TRY(mq_unlink(name));
	return 0;
}
