/*
 * posix_mq: a POSIX message queue, messages ordered by priority.
 *
 * Exercises: mq_open(O_CREAT|O_EXCL|O_RDWR, 0600, {mq_maxmsg=4,
 * mq_msgsize=64}) of a per-run name, mq_send "low" with priority 1 and "high"
 * with 5 (mq_timedsend), mq_receive (mq_timedreceive) getting "high" first,
 * mq_notify asking for SIGUSR1 when a message reaches the empty queue, a send
 * that triggers it, sigtimedwait taking the signal (si_code SI_MESGQ),
 * mq_getattr and mq_setattr O_NONBLOCK (mq_getsetattr), a receive on the
 * empty queue failing with EAGAIN, mq_unlink, and a last mq_open proving the
 * name is gone (ENOENT).
 * A tracer must show: the queue name and attributes, message data with
 * priorities, the sigevent of mq_notify, the attributes of mq_getsetattr,
 * the SIGUSR1 delivery from the kernel.
 * Usage: posix_mq             (the queue is /ipclab-mq-PID)   Exit: 0
 * build: -lrt
 */
#include "progs.h"
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <time.h>

static void receive(mqd_t q, const char *want, unsigned want_prio)
{
	char buf[64];
	unsigned prio;
	ssize_t n = TRY(mq_receive(q, buf, sizeof buf, &prio));
	if (n != (ssize_t)strlen(want) || memcmp(buf, want, n) != 0 ||
	    prio != want_prio)
		fail("mq_receive: \"%.*s\" prio %u\n", (int)n, buf, prio);
	say("received \"%.*s\" priority %u\n", (int)n, buf, prio);
}

int main(void)
{
	char name[64];
	snprintf(name, sizeof name, "/ipclab-mq-%d", (int)getpid());
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mqd_t q = TRY(mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr));

	TRY(mq_send(q, "low", 3, 1));
	TRY(mq_send(q, "high", 4, 5));
	receive(q, "high", 5); /* highest priority first */
	receive(q, "low", 1);

	/* Ask for SIGUSR1 when a message arrives on the now empty queue. */
	sigset_t usr1;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	TRY(sigprocmask(SIG_BLOCK, &usr1, NULL));
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	TRY(mq_notify(q, &ev));
	TRY(mq_send(q, "ring", 4, 2));
	siginfo_t si;
	struct timespec five_s = { .tv_sec = 5 };
	if (TRY(sigtimedwait(&usr1, &si, &five_s)) != SIGUSR1 || si.si_code != SI_MESGQ)
		fail("notification: signal %d code %d\n", si.si_signo, si.si_code);
	receive(q, "ring", 2);

	TRY(mq_getattr(q, &attr));
	if (attr.mq_curmsgs != 0 || attr.mq_maxmsg != 4)
		fail("mq_getattr: %ld messages, max %ld\n", attr.mq_curmsgs,
		     attr.mq_maxmsg);
	struct mq_attr nonblock = { .mq_flags = O_NONBLOCK };
	TRY(mq_setattr(q, &nonblock, NULL));
	char buf[64];
	EXPECT_ERRNO(mq_receive(q, buf, sizeof buf, NULL), EAGAIN);

	TRY(mq_close(q));
	TRY(mq_unlink(name));
	EXPECT_ERRNO(mq_open(name, O_RDONLY), ENOENT);
	say("posix_mq: queue removed\n");
	return 0;
}
