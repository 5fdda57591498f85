/*
 * stopcont: a child that stops itself and is continued by its parent.
 *
 * Exercises: raise(SIGSTOP) in the child (tgkill), the parent's
 * wait4(WUNTRACED) reporting it stopped, kill(child, SIGCONT), wait4
 * (WCONTINUED) reporting it continued, then a pipe telling the child to exit
 * (so the exit can't overtake the "continued" report), and the last wait4.
 * A tracer must show: the SIGSTOP delivery and the stop (strace prints
 * "--- stopped by SIGSTOP ---"), the SIGCONT, the child resuming where it
 * stopped; a ptrace-based tracer must not swallow the stop (group-stop) or
 * leave the child stopped forever.
 * Usage: stopcont             Exit: 0
 */
#include "progs.h"
#include <signal.h>

int main(void)
{
	int go[2];
	TRY(pipe(go));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		char c;
		close(go[1]);
		TRY(raise(SIGSTOP)); /* stopped here until SIGCONT */
		if (TRY(read(go[0], &c, 1)) != 1)
			fail("child: no go\n");
		_exit(0);
	}
	close(go[0]);

	int status;
	TRY(waitpid(pid, &status, WUNTRACED));
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		fail("expected stopped by SIGSTOP, got status 0x%x\n", status);
	say("parent: child stopped by SIGSTOP\n");
	TRY(kill(pid, SIGCONT));
	TRY(waitpid(pid, &status, WCONTINUED));
	if (!WIFCONTINUED(status))
		fail("expected continued, got status 0x%x\n", status);
	say("parent: child continued\n");
	TRY(write(go[1], "g", 1));
	close(go[1]);
	expect_exit(pid, 0);
	say("parent: child exited 0\n");
	return 0;
}
