/*
 * diagram_inject: a pipe from child to parent, for `--inject` to act on.
 *
 * The child writes one line three times (a write that fails with EINTR is
 * simply not retried); the parent, with a SIGUSR1 handler (SA_RESTART),
 * reads until end of file and reaps the child. Static, so that the
 * loader's reads and writes do not count towards `when=`.
 * Usage: diagram_inject            Exit: 0
 * build: -static
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

int main(void)
{
	struct sigaction sa;
	int fds[2];
	char buf[64];

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGUSR1, &sa, NULL) || pipe(fds))
		return 1;
	pid_t child = fork();
	if (child == 0) {
		const char *line = "hello through the pipe\n";
		close(fds[0]);
		for (int i = 0; i < 3; i++)
			if (write(fds[1], line, strlen(line)) < 0 && errno != EINTR)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	while (read(fds[0], buf, sizeof buf) > 0) {
	}
	waitpid(child, NULL, 0);
	return 0;
}
