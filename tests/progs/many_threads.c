/*
 * many_threads: N threads (100 by default) alive at once, each writing one
 * line.
 *
 * Exercises: N clone3 (or clone) calls with CLONE_THREAD from one
 * process, each thread writing "thread NNN\n" (11 bytes, atomic) to a pipe
 * and waiting on a barrier so all 100 exist at the same time, then the main
 * thread reading all lines and joining every thread.
 * A tracer must show: N + 1 tasks of one process, each thread's write, and
 * every thread's exit (a tracer's budget of threads must let 600 run).
 * Usage: many_threads [N] (1..999, default 100)         Exit: 0
 * build: -pthread
 */
#include "progs.h"
#include <pthread.h>

#define MAX 999

static int fds[2];
static pthread_barrier_t all_alive;

static void *run(void *arg)
{
	char line[12];
	snprintf(line, sizeof line, "thread %03d\n", (int)(long)arg);
	pthread_barrier_wait(&all_alive);
	if (write(fds[1], line, 11) != 11)
		_exit(1);
	return NULL;
}

int main(int argc, char **argv)
{
	static pthread_t threads[MAX];
	int N = argc > 1 ? atoi(argv[1]) : 100;
	if (N < 1 || N > MAX)
		fail("N must be 1..999\n");
	TRY(pipe(fds));
	pthread_barrier_init(&all_alive, NULL, N);
	for (long i = 0; i < N; i++)
		if (pthread_create(&threads[i], NULL, run, (void *)i) != 0)
			fail("pthread_create\n");
	char line[11];
	for (int i = 0; i < N; i++)
		if (TRY(read(fds[0], line, sizeof line)) != 11)
			fail("short line\n");
	for (int i = 0; i < N; i++)
		pthread_join(threads[i], NULL);
	say("%d threads done\n", N);
	return 0;
}
