/*
 * sig_ignore: a program that ignores Ctrl-C and never ends by itself.
 *
 * Exercises: signal(SIGINT, SIG_IGN), prints "ready", then pause() forever.
 * Usage: sig_ignore       Exit: never (killed)
 */
#include <signal.h>

#include "../progs/progs.h"

int main(void)
{
	signal(SIGINT, SIG_IGN);
	say("ready\n");
	for (;;)
		pause();
}
