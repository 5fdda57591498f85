/*
 * segv: a child killed by SIGSEGV, and the parent that reaps it.
 *
 * Exercises: fork; in the child setrlimit(RLIMIT_CORE, 0) (prlimit64: no
 * core file) and a write through a null pointer; the parent's wait4 seeing
 * WIFSIGNALED with SIGSEGV.
 * A tracer must show: "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR,
 * si_addr=NULL} ---" and "+++ killed by SIGSEGV +++" for the child, and the
 * parent carrying on to exit 0.
 * Usage: segv                 Exit: 0 (the child: killed by SIGSEGV)
 */
#include "progs.h"
#include <signal.h>
#include <sys/resource.h>

int main(void)
{
	pid_t pid = TRY(fork());
	if (pid == 0) {
		struct rlimit none = { 0, 0 };
		TRY(setrlimit(RLIMIT_CORE, &none));
		*(volatile int *)NULL = 1; /* no page at address 0 */
		_exit(1);
	}
	int status;
	TRY(waitpid(pid, &status, 0));
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
		fail("expected killed by SIGSEGV, got status 0x%x\n", status);
	say("segv: child killed by SIGSEGV, reaped\n");
	return 0;
}
