/*
 * sig_group: a program that signals its own process group, as a shell's
 * `trap 'kill 0' EXIT` does, and handles the signal itself.
 *
 * Exercises: sigaction(SIGTERM) with a handler, kill(0, SIGTERM), pause()
 * until the handler ran; prints "handled".
 * Usage: sig_group       Exit: 0
 */
#include <signal.h>

#include "../progs/progs.h"

static volatile sig_atomic_t got;

static void on_term(int sig)
{
	(void)sig;
	got = 1;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_term };
	TRY(sigaction(SIGTERM, &sa, NULL));
	TRY(kill(0, SIGTERM));
	while (!got)
		pause();
	say("handled\n");
	return 0;
}
