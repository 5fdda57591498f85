/*
 * memory: shared memory without System V, and the calls that wait.
 *
 * Exercises: mmap(MAP_SHARED|MAP_ANONYMOUS) shared with a forked child;
 * eventfd2 (the child adds 5 to the counter, the parent's read returns 5);
 * futex between the two processes on a word in the shared page (the child
 * stores 1 and calls FUTEX_WAKE, the parent calls FUTEX_WAIT once: it either
 * sleeps until the wake or, if the word is already 1, fails with EAGAIN);
 * nanosleep (the raw call: glibc's nanosleep() uses clock_nanosleep) and
 * clock_nanosleep of 1 ms; poll, ppoll, select (the raw call: glibc's
 * select() uses pselect6), pselect6 and epoll_wait on a pipe holding one
 * byte; munmap.
 * A tracer must show: MAP_SHARED|MAP_ANONYMOUS and the address mmap returned,
 * eventfd2's initial value and flags, the 8-byte counter data, futex with its
 * operation name (FUTEX_WAIT/FUTEX_WAKE, not _PRIVATE: it is shared), the
 * timespecs, the pollfd arrays and fd sets with revents, the epoll events.
 * Usage: memory               Exit: 0
 */
#include "progs.h"
#include <linux/futex.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>

struct shared {
	atomic_int ready; /* the futex word */
	char msg[60];
};

static long futex(atomic_int *word, int op, int val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

static void share_with_child(void)
{
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		fail("mmap: %s\n", strerror(errno));
	int efd = TRY(eventfd(0, EFD_CLOEXEC));

	pid_t pid = TRY(fork());
	if (pid == 0) {
		uint64_t five = 5;
		strcpy(sh->msg, "from the child");
		TRY(write(efd, &five, sizeof five));
		atomic_store(&sh->ready, 1);
		TRY(futex(&sh->ready, FUTEX_WAKE, 1));
		_exit(0);
	}

	uint64_t count;
	TRY(read(efd, &count, sizeof count));
	if (count != 5)
		fail("eventfd counter %llu\n", (unsigned long long)count);
	/* Sleep while the word is 0; returns at once (EAGAIN) if already 1. */
	if (futex(&sh->ready, FUTEX_WAIT, 0) == -1 && errno != EAGAIN)
		fail("futex wait: %s\n", strerror(errno));
	if (atomic_load(&sh->ready) != 1 || strcmp(sh->msg, "from the child") != 0)
		fail("shared page: ready %d \"%s\"\n", atomic_load(&sh->ready), sh->msg);
	expect_exit(pid, 0);
	close(efd);
	TRY(munmap(sh, sizeof *sh));
}

static void sleeps(void)
{
	struct timespec ms = { .tv_nsec = 1000 * 1000 };
	TRY(syscall(SYS_nanosleep, &ms, NULL));
	errno = clock_nanosleep(CLOCK_MONOTONIC, 0, &ms, NULL);
	if (errno)
		fail("clock_nanosleep: %s\n", strerror(errno));
}

static void waits(void)
{
	int p[2];
	TRY(pipe(p));
	TRY(write(p[1], "x", 1)); /* every wait below finds the read end ready */

	struct pollfd pfd = { .fd = p[0], .events = POLLIN };
	if (TRY(poll(&pfd, 1, 1000)) != 1 || !(pfd.revents & POLLIN))
		fail("poll\n");
	struct timespec second = { .tv_sec = 1 };
	if (TRY(ppoll(&pfd, 1, &second, NULL)) != 1)
		fail("ppoll\n");

	fd_set set;
	FD_ZERO(&set);
	FD_SET(p[0], &set);
	struct timeval tv = { .tv_sec = 1 };
	if (TRY(syscall(SYS_select, p[0] + 1, &set, NULL, NULL, &tv)) != 1)
		fail("select\n");
	FD_SET(p[0], &set);
	if (TRY(pselect(p[0] + 1, &set, NULL, NULL, &second, NULL)) != 1)
		fail("pselect6\n");

	int ep = TRY(epoll_create1(EPOLL_CLOEXEC));
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = p[0] };
	TRY(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	struct epoll_event got;
	if (TRY(epoll_wait(ep, &got, 1, 1000)) != 1 || got.data.fd != p[0])
		fail("epoll_wait\n");
	close(ep);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	share_with_child();
	sleeps();
	waits();
	say("memory: shared page, eventfd, futex, sleeps and waits done\n");
	return 0;
}
