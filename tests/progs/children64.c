/*
 * children64: 64 children at once, all writing to one pipe.
 *
 * Exercises: 64 forks in a row (no child waits for another), each child's
 * write of one 9-byte line "child NN\n" to the shared pipe (writes of at most
 * PIPE_BUF bytes are atomic, so lines never mix), the parent's 9-byte reads
 * until EOF (64 reads of 9 then one of 0, once every child has exited and
 * closed its write end), and 64 wait4(-1) reaping them in any order.
 * A tracer must show: 65 processes, each with its own calls, none lost or
 * mixed up although they run at the same time.
 * Usage: children64           Exit: 0
 */
#include "progs.h"

#define N 64

int main(void)
{
	int p[2];
	TRY(pipe(p));
	for (int i = 0; i < N; i++) {
		pid_t pid = TRY(fork());
		if (pid == 0) {
			char line[10];
			close(p[0]);
			snprintf(line, sizeof line, "child %02d\n", i);
			TRY(write(p[1], line, 9));
			_exit(0);
		}
	}
	close(p[1]); /* now only the children hold write ends */

	unsigned long long seen = 0;
	char line[9];
	int lines = 0, n;
	while ((n = TRY(read(p[0], line, sizeof line))) > 0) {
		int i = (line[6] - '0') * 10 + (line[7] - '0');
		if (n != 9 || i < 0 || i >= N || (seen >> i & 1))
			fail("bad line \"%.*s\"\n", n, line);
		seen |= 1ULL << i;
		lines++;
	}
	close(p[0]);
	for (int i = 0; i < N; i++) {
		int status;
		TRY(wait(&status));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail("a child ended with status 0x%x\n", status);
	}
	if (lines != N)
		fail("read %d lines\n", lines);
	say("children64: %d lines from %d children, all reaped\n", lines, N);
	return 0;
}
