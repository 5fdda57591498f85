/*
 * selfptrace: a program that asks to be traced by its parent.
 *
 * Exercises: ptrace(PTRACE_TRACEME). Untraced it succeeds (the parent becomes
 * the tracer; harmless here since the program then exits without exec or
 * signals). Under a tracer it fails with EPERM: a process has one tracer at
 * a time. The program prints which happened and exits 0 either way.
 * A tracer must show: ptrace(PTRACE_TRACEME) = -1 EPERM, and keep tracing.
 * Usage: selfptrace           Exit: 0
 */
#include "progs.h"
#include <sys/ptrace.h>

int main(void)
{
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0)
		say("selfptrace: PTRACE_TRACEME = 0 (I was not traced)\n");
	else if (errno == EPERM)
		say("selfptrace: PTRACE_TRACEME = -1 EPERM (already traced)\n");
	else
		fail("PTRACE_TRACEME: %s\n", strerror(errno));
	return 0;
}
