/*
 * daemon_start: the calls a server makes as it starts, that ipclab once
 * decoded wrongly while tracing PostgreSQL, redis-server and dbus-daemon.
 *
 * Exercises: prctl as libcap asks it (PR_CAPBSET_READ of a known and an
 * unknown capability, PR_CAP_AMBIENT, PR_GET_SECUREBITS,
 * PR_GET_NO_NEW_PRIVS), sigaction with SA_RESETHAND (bit 31 of sa_flags)
 * as crash handlers are set, a clone with CLONE_IO (bit 31 of the flags),
 * epoll_ctl(EPOLL_CTL_DEL) with no event, fstatfs. Prints "started".
 * Usage: daemon_start       Exit: 0
 */
#include <signal.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include "../progs/progs.h"

#ifndef CLONE_IO
#define CLONE_IO 0x80000000
#endif

static void on_crash(int sig)
{
	(void)sig;
}

int main(void)
{
	TRY(prctl(PR_CAPBSET_READ, 0 /* CAP_CHOWN */));
	EXPECT_ERRNO(prctl(PR_CAPBSET_READ, 48), EINVAL);
	TRY(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 0, 0, 0));
	TRY(prctl(PR_GET_SECUREBITS));
	TRY(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));

	struct sigaction sa = { .sa_handler = on_crash, .sa_flags = SA_RESETHAND | SA_NODEFER };
	TRY(sigaction(SIGSEGV, &sa, NULL));

	long child = syscall(SYS_clone, CLONE_IO | SIGCHLD, 0, 0, 0, 0);
	TRY(child);
	if (child == 0)
		_exit(0);
	expect_exit((pid_t)child, 0);

	int ep = TRY(epoll_create1(EPOLL_CLOEXEC));
	int fds[2];
	TRY(pipe(fds));
	struct epoll_event ev = { .events = EPOLLIN };
	TRY(epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev));
	TRY(epoll_ctl(ep, EPOLL_CTL_DEL, fds[0], NULL));

	struct statfs st;
	TRY(fstatfs(fds[0], &st));
	say("started\n");
	return 0;
}
