/*
 * kv_mq_creat: opens a POSIX message queue with O_CREAT but not O_EXCL,
 * which makes the queue only if none of that name exists, and leaves it.
 *
 * Exercises: mq_open(NAME, O_CREAT|O_RDWR, 0600, NULL), mq_close. Prints
 * "mq NAME".
 * build: -lrt
 * Usage: kv_mq_creat NAME       Exit: 0
 */
#include <fcntl.h>
#include <mqueue.h>

#include "../progs/progs.h"

int main(int argc, char **argv)
{
	if (argc != 2)
		fail("usage: kv_mq_creat NAME\n");
	mqd_t q = TRY(mq_open(argv[1], O_CREAT | O_RDWR, 0600, NULL));
	TRY(mq_close(q));
	say("mq %s\n", argv[1]);
	return 0;
}
