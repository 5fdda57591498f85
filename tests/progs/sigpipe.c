/*
 * sigpipe: writing to a pipe that nobody can read.
 *
 * Exercises: pipe, close of the only read end, then a write:
 *   mode "die" (the default): SIGPIPE's default action kills the process;
 *   mode "ignore": rt_sigaction(SIGPIPE, SIG_IGN) first, so the write fails
 *   with EPIPE and the program goes on and exits 0.
 * A tracer must show: write(4, "anyone there?", 13) = -1 EPIPE, then
 * "--- SIGPIPE {si_code=SI_USER, ...} ---" and "+++ killed by SIGPIPE +++"
 * in mode die (ipclab trace exits 128+13 = 141); in mode ignore no signal and
 * exit 0.
 * Usage: sigpipe [die|ignore]
 * Exit: die: killed by SIGPIPE (status 141 from a shell); ignore: 0
 */
#include "progs.h"
#include <signal.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "die";
	int ignore = strcmp(mode, "ignore") == 0;
	if (!ignore && strcmp(mode, "die") != 0)
		fail("usage: sigpipe [die|ignore]\n");
	if (ignore)
		TRY(signal(SIGPIPE, SIG_IGN) == SIG_ERR ? -1 : 0);

	int p[2];
	TRY(pipe(p));
	TRY(close(p[0])); /* no reader left */
	say("sigpipe: writing with no reader (%s)\n", mode);
	EXPECT_ERRNO(write(p[1], "anyone there?", 13), EPIPE);
	if (!ignore)
		fail("still alive after SIGPIPE\n");
	say("sigpipe: write failed with EPIPE\n");
	return 0;
}
