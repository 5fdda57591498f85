/*
 * signals: sending, blocking, waiting for and reading signals, race-free.
 *
 * Exercises: rt_sigaction of SIGUSR1 (SA_SIGINFO|SA_RESTART, sa_mask
 * {SIGUSR2}), SIGALRM and SIGCHLD (SA_SIGINFO|SA_RESTART|SA_NOCLDSTOP);
 * rt_sigprocmask blocking SIGUSR1 and SIGCHLD; kill to self and
 * rt_sigsuspend to take it; tgkill to self and rt_sigsuspend; pause woken by
 * SIGALRM from a 20 ms interval timer (setitimer); signalfd4 reading a
 * blocked SIGUSR2; fork of a child that waits in rt_sigsuspend for the
 * parent's kill(child, SIGUSR1); SIGCHLD reaping with wait4(WNOHANG) inside
 * the handler while the parent waits in rt_sigsuspend.
 * Signals are blocked except inside rt_sigsuspend, so each arrives at a known
 * point: the sequences are deterministic except that, rarely, SIGALRM may
 * fire before pause is entered (then one more interval passes, with one more
 * rt_sigreturn).
 * A tracer must show: sigaction handlers, flags and masks; the signal
 * deliveries (--- SIGUSR1 {si_pid=...} ---) and rt_sigreturn after each
 * handler; rt_sigsuspend and pause returning -1 EINTR (ERESTARTNOHAND);
 * signalfd4 and the read of a struct signalfd_siginfo.
 * Usage: signals              Exit: 0
 */
#include "progs.h"
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>

static volatile sig_atomic_t usr1_count, usr1_from, alarms, reaped;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	usr1_count++;
	usr1_from = si->si_pid;
}

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void on_child(int sig, siginfo_t *si, void *ctx)
{
	int status;
	(void)sig, (void)si, (void)ctx;
	/* Reap every child that has exited; WNOHANG so the handler never blocks. */
	while (waitpid(-1, &status, WNOHANG) > 0)
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			reaped++;
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2); /* blocked while the handler runs */
	TRY(sigaction(sig, &sa, NULL));
}

int main(void)
{
	handle(SIGUSR1, on_usr1, SA_RESTART);
	handle(SIGCHLD, on_child, SA_RESTART | SA_NOCLDSTOP);
	struct sigaction alarm_sa = { .sa_handler = on_alarm };
	TRY(sigaction(SIGALRM, &alarm_sa, NULL));

	sigset_t block, during_wait;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGCHLD);
	TRY(sigprocmask(SIG_BLOCK, &block, &during_wait)); /* during_wait: the old mask */

	/* A blocked signal stays pending until sigsuspend unblocks it. */
	TRY(kill(getpid(), SIGUSR1));
	EXPECT_ERRNO(sigsuspend(&during_wait), EINTR);
	TRY(syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1));
	EXPECT_ERRNO(sigsuspend(&during_wait), EINTR);
	if (usr1_count != 2 || usr1_from != getpid())
		fail("self signals: %d from %d\n", (int)usr1_count, (int)usr1_from);

	/* pause() returns once a handler has run; the interval timer repeats
	 * so that pause is woken even if the first tick came before it. */
	struct itimerval tick = { { 0, 20000 }, { 0, 20000 } }, off = { 0 };
	TRY(setitimer(ITIMER_REAL, &tick, NULL));
	EXPECT_ERRNO(pause(), EINTR);
	TRY(setitimer(ITIMER_REAL, &off, NULL));

	/* signalfd: a blocked signal read as data instead of run as a handler. */
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	TRY(sigprocmask(SIG_BLOCK, &usr2, NULL));
	int sfd = TRY(signalfd(-1, &usr2, SFD_CLOEXEC));
	TRY(kill(getpid(), SIGUSR2));
	struct signalfd_siginfo ssi;
	if (TRY(read(sfd, &ssi, sizeof ssi)) != sizeof ssi || ssi.ssi_signo != SIGUSR2)
		fail("signalfd read signal %u\n", ssi.ssi_signo);
	TRY(close(sfd));

	/* A child that waits for its parent's signal. */
	int ready[2];
	TRY(pipe(ready));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		usr1_count = 0;
		close(ready[0]);
		TRY(write(ready[1], "r", 1)); /* SIGUSR1 is still blocked here */
		close(ready[1]);
		EXPECT_ERRNO(sigsuspend(&during_wait), EINTR);
		_exit(usr1_count == 1 && usr1_from == getppid() ? 0 : 1);
	}
	close(ready[1]);
	char c;
	if (TRY(read(ready[0], &c, 1)) != 1)
		fail("child never got ready\n");
	close(ready[0]);
	TRY(kill(pid, SIGUSR1));
	while (!reaped) /* SIGCHLD is blocked except in here */
		EXPECT_ERRNO(sigsuspend(&during_wait), EINTR);

	if (alarms < 1)
		fail("pause returned without SIGALRM\n");
	say("signals: 2 to myself, pause woken, 1 by signalfd, 1 to my child, child reaped\n");
	return 0;
}
