/*
 * threads: four threads of one process writing to one pipe.
 *
 * Exercises: pthread_create (clone3 with CLONE_THREAD|CLONE_VM|...), each
 * thread's write of its index (one byte, '0'..'3') to a shared pipe, the
 * main thread's four one-byte reads, pthread_join.
 * Threads are tasks of one process: they share its pid (the thread group id)
 * but each has its own tid. The join may or may not show a futex wait,
 * depending on whether the thread had finished exiting: that call is racy.
 * A tracer must show: the tids clone3 returned; each thread's own calls
 * (write(4, "2", 1) in thread 2...); that all four wrote to the same pipe.
 * Usage: threads              Exit: 0
 */
#include "progs.h"
#include <pthread.h>

static int p[2];

static void *worker(void *arg)
{
	char c = '0' + (int)(long)arg;
	TRY(write(p[1], &c, 1));
	return NULL;
}

int main(void)
{
	pthread_t t[4];
	TRY(pipe(p));
	for (long i = 0; i < 4; i++) {
		errno = pthread_create(&t[i], NULL, worker, (void *)i);
		if (errno)
			fail("pthread_create: %s\n", strerror(errno));
	}

	int seen = 0;
	for (int i = 0; i < 4; i++) {
		char c;
		if (TRY(read(p[0], &c, 1)) != 1 || c < '0' || c > '3')
			fail("read from threads\n");
		seen |= 1 << (c - '0');
	}
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	if (seen != 0xf)
		fail("threads seen: %x\n", seen);
	say("threads: all 4 wrote their index\n");
	return 0;
}
