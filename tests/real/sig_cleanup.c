/*
 * sig_cleanup: a program that removes its shared memory when it is told to
 * stop, as servers do.
 *
 * Exercises: shm_open of /ipclab-sig-cleanup-PID (O_CREAT|O_EXCL, 0600),
 * ftruncate; a handler for SIGNAL (INT or TERM) that calls shm_unlink,
 * prints "cleaned" and exits 0; prints "ready PATH", then waits in pause().
 * Usage: sig_cleanup int|term       Exit: 0 (after the signal)
 * build: -lrt
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>

#include "../progs/progs.h"

static char name[64];

static void on_stop(int sig)
{
	(void)sig;
	shm_unlink(name);
	say("cleaned\n");
	_exit(0);
}

int main(int argc, char **argv)
{
	int sig = argc > 1 && strcmp(argv[1], "term") == 0 ? SIGTERM : SIGINT;
	snprintf(name, sizeof name, "/ipclab-sig-cleanup-%d", (int)getpid());
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
	if (fd < 0)
		fail("shm_open: %s\n", strerror(errno));
	TRY(ftruncate(fd, 4096));
	struct sigaction sa = { .sa_handler = on_stop };
	TRY(sigaction(sig, &sa, NULL));
	say("ready /dev/shm%s\n", name);
	for (;;)
		pause();
}
