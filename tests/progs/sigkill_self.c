/*
 * sigkill_self: a process that a SIGKILL ends in the middle of its work.
 *
 * Exercises: a child that sends itself SIGKILL with kill(2) (which can be
 * neither caught nor ignored, and is not reported as a delivery: the task
 * simply dies), and a parent that reaps it and sees WTERMSIG == SIGKILL;
 * then the parent kills itself the same way.
 * A tracer must show: the kill calls, "+++ killed by SIGKILL +++" for both,
 * and no signal-delivery line for SIGKILL.
 * Usage: sigkill_self         Exit: killed by SIGKILL
 */
#include "progs.h"
#include <signal.h>

int main(void)
{
	pid_t pid = TRY(fork());
	if (pid == 0) {
		kill(getpid(), SIGKILL);
		_exit(0); /* not reached */
	}
	int status;
	TRY(waitpid(pid, &status, 0));
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		fail("the child was not killed by SIGKILL (status 0x%x)\n", status);
	say("child killed by SIGKILL\n");
	kill(getpid(), SIGKILL);
	return 0; /* not reached */
}
