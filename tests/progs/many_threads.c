/*
 * many_threads: 100 threads alive at once, each writing one line.
 *
 * Exercises: 100 clone3 (or clone) calls with CLONE_THREAD from one
 * process, each thread writing "thread NNN\n" (11 bytes, atomic) to a pipe
 * and waiting on a barrier so all 100 exist at the same time, then the main
 * thread reading all lines and joining every thread.
 * A tracer must show: 101 tasks of one process, each thread's write, and
 * every thread's exit.
 * Usage: many_threads         Exit: 0
 * build: -pthread
 */
#include "progs.h"
#include <pthread.h>

#define N 100

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

int main(void)
{
	pthread_t threads[N];
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
