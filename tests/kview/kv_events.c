/*
 * kv_events: an eventfd, an epoll instance and a signalfd, so that the
 * kernel view shows the counter, the interest list and the mask, as their
 * /proc/PID/fdinfo says.
 *
 * Exercises: eventfd(0); write 5, write 3 (counter 8); read (counter 0).
 * A pipe; epoll_create1; EPOLL_CTL_ADD the read end (EPOLLIN|EPOLLET) and
 * the eventfd (EPOLLIN); dup the read end, close it and open /dev/null,
 * which takes its number, then EPOLL_CTL_MOD the eventfd: the watch of the
 * pipe stays, under a number that now names another file. SIGUSR1 blocked,
 * SIGUSR2 not; signalfd for both; raise SIGUSR1; read the signalfd.
 * Usage: kv_events        Exit: 0
 */
#include "../progs/progs.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>

int main(void)
{
	int efd = TRY(eventfd(0, EFD_CLOEXEC));
	uint64_t n = 5;
	TRY(write(efd, &n, 8));
	n = 3;
	TRY(write(efd, &n, 8));
	TRY(read(efd, &n, 8));
	if (n != 8)
		fail("the eventfd read %llu, not 8\n", (unsigned long long)n);

	int p[2];
	TRY(pipe(p));
	int ep = TRY(epoll_create1(EPOLL_CLOEXEC));
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x1234 };
	TRY(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	ev.events = EPOLLIN;
	ev.data.u64 = 7;
	TRY(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
	int keep = TRY(dup(p[0]));
	int old = p[0];
	TRY(close(old));
	int null = TRY(open("/dev/null", O_RDONLY));
	if (null != old)
		fail("/dev/null took fd %d, not %d\n", null, old);
	TRY(epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev));

	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	TRY(sigprocmask(SIG_BLOCK, &mask, NULL));
	sigaddset(&mask, SIGUSR2);
	int sfd = TRY(signalfd(-1, &mask, SFD_CLOEXEC));
	TRY(raise(SIGUSR1));
	struct signalfd_siginfo si;
	TRY(read(sfd, &si, sizeof si));
	if (si.ssi_signo != SIGUSR1)
		fail("the signalfd read signal %u\n", si.ssi_signo);
	(void)keep;
	return 0;
}
