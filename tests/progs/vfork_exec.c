/*
 * vfork_exec: vfork then execve, the way a shell starts a command.
 *
 * Exercises: vfork (the parent sleeps until the child calls execve or
 * _exit; the child borrows the parent's memory meanwhile); execve of
 * /bin/true, which succeeds and exits 0; a second vfork whose child execve's
 * a file that does not exist, gets ENOENT and calls _exit(127), as a shell
 * does; wait4 for each.
 * A tracer must show: vfork returning the child pid; in the child
 * execve("/bin/true", ["true"], ...) = 0 followed by the calls of /bin/true
 * (a new program in the same process); execve(".../no-such-file", ...) = -1
 * ENOENT then exit_group(127); the parent's wait4 seeing exit statuses 0 and 127.
 * Usage: vfork_exec           Exit: 0
 */
#include "progs.h"

extern char **environ;

static pid_t spawn(const char *path)
{
	char *argv[] = { (char *)"true", NULL };
	pid_t pid = vfork();
	if (pid == 0) {
		/* Only execve or _exit are safe in a vfork child. */
		execve(path, argv, environ);
		_exit(127);
	}
	return TRY(pid);
}

int main(void)
{
	expect_exit(spawn("/bin/true"), 0);
	expect_exit(spawn("/nonexistent/ipclab-no-such-file"), 127);
	say("vfork_exec: /bin/true exited 0, missing file exited 127\n");
	return 0;
}
