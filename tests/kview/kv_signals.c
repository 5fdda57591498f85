/*
 * kv_signals: signal masks and a zombie the kernel view must report.
 *
 * Exercises: sigaction installing a handler for SIGUSR1, sigprocmask
 * blocking SIGUSR2 (and SIGCHLD), kill(self, SIGUSR2): it stays pending;
 * then fork of a child that exits at once: blocked SIGCHLD keeps the parent
 * from being interrupted, sigwaitinfo(SIGCHLD) returns once the child is a
 * zombie, getppid marks the moment, and waitpid reaps it.
 * Usage: kv_signals           Exit: 0
 */
#include "../progs/progs.h"
#include <signal.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	TRY(sigaction(SIGUSR1, &sa, NULL));
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGCHLD);
	TRY(sigprocmask(SIG_BLOCK, &block, NULL));
	TRY(kill(getpid(), SIGUSR2));

	pid_t pid = TRY(fork());
	if (pid == 0)
		_exit(7);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	TRY(sigwaitinfo(&chld, NULL));
	getppid(); /* the child is a zombie here */
	expect_exit(pid, 7);
	return 0;
}
