/*
 * thread_exec: a thread other than the first execs, while the first waits
 * in pause() ("pause") or after the first has exited ("exit").
 *
 * Exercises: pthread_create; the first thread calls pause() or
 * pthread_exit(); the new thread waits until /proc shows the first one
 * asleep (S) or gone (Z), then execve("/bin/echo", "exec'd"). The kernel
 * gives the exec'ing thread the process id; strace shows the first thread
 * "superseded by execve".
 * Usage: thread_exec pause|exit       Exit: 0 (echo's)
 * build: -pthread
 */
#include <pthread.h>
#include <sched.h>

#include "../progs/progs.h"

static char wanted;

/* The state letter of the first thread, from /proc/self/task/PID/stat. */
static char first_state(void)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)getpid());
	FILE *f = fopen(path, "r");
	if (!f)
		return 'Z';
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char *end = strrchr(buf, ')');
	return end && end[1] && end[2] ? end[2] : '?';
}

static void *run(void *arg)
{
	(void)arg;
	while (first_state() != wanted)
		sched_yield();
	char *argv[] = { "/bin/echo", "exec'd", NULL };
	execv(argv[0], argv);
	fail("execv: %s\n", strerror(errno));
	return NULL;
}

int main(int argc, char **argv)
{
	int leader_exits = argc > 1 && strcmp(argv[1], "exit") == 0;
	wanted = leader_exits ? 'Z' : 'S';
	pthread_t t;
	if (pthread_create(&t, NULL, run, NULL) != 0)
		fail("pthread_create\n");
	if (leader_exits)
		pthread_exit(NULL);
	for (;;)
		pause();
}
