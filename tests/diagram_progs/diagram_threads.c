/*
 * diagram_threads: three threads of one process write to a pipe the main
 * thread reads, one after another (each thread is joined before the next
 * starts, so the run is the same every time).
 * Usage: diagram_threads            Exit: 0
 */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];

static void *run(void *arg)
{
	char line[16];
	int n = snprintf(line, sizeof line, "thread %ld\n", (long)arg);
	if (write(fds[1], line, n) != n)
		_exit(1);
	return NULL;
}

int main(void)
{
	char buf[16];
	if (pipe(fds))
		return 1;
	for (long i = 0; i < 3; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, run, (void *)i) || pthread_join(t, NULL))
			return 1;
		if (read(fds[0], buf, sizeof buf) <= 0)
			return 1;
	}
	close(fds[1]);
	close(fds[0]);
	return 0;
}
