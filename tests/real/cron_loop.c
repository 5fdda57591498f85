/*
 * cron_loop: a server's timer loop under load: it works in user space for
 * a while, then makes a call, forever (as redis-server's serverCron runs
 * between two epoll_waits). It makes a call every 150 ms of work, so it
 * is not spinning without calls, whatever moment time runs out.
 *
 * Exercises: getppid() between stretches of computation (the clock read
 * through the vDSO, no system call). Prints "working" once.
 * Usage: cron_loop       Exit: never on its own (killed by --timeout)
 */
#include <time.h>

#include "../progs/progs.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	volatile unsigned long sum = 0;
	say("working\n");
	for (;;) {
		TRY(getppid());
		double until = now() + 0.15;
		while (now() < until)
			sum += 1;
	}
}
