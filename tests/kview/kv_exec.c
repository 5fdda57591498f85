/*
 * kv_exec: a child that execs holding one pipe made close-on-exec and one
 * not, so that the kernel view can say what execve closed and what it kept.
 *
 * Exercises: pipe2(O_CLOEXEC), pipe, fork, execve of /bin/true in the child
 * (the first pipe's ends close, the second's survive), wait4.
 * Usage: kv_exec              Exit: 0
 */
#include "../progs/progs.h"

#include <fcntl.h>

int main(void)
{
	int closing[2], kept[2];
	TRY(pipe2(closing, O_CLOEXEC));
	TRY(pipe(kept));
	pid_t pid = TRY(fork());
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		fail("execl: %s\n", strerror(errno));
	}
	expect_exit(pid, 0);
	return 0;
}
