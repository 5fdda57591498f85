/* A read interrupted by a signal, for the --inject signal= test: the parent
 * reads a pipe whose only writer (a child) never writes and exits after
 * 300 ms, so the read can only end by a signal or at end of file.
 * Usage: restart restart|intr   (SIGUSR1's handler with or without SA_RESTART) */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
    (void)sig;
    handled++;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = argc > 1 && strcmp(argv[1], "restart") == 0 ? SA_RESTART : 0;
    sigaction(SIGUSR1, &sa, NULL);
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        usleep(300000);
        _exit(0);
    }
    close(fds[1]);
    char b;
    long n = read(fds[0], &b, 1);
    printf("read: %ld %s, handler ran %d time(s)\n", n, n < 0 ? strerror(errno) : "", (int)handled);
    waitpid(child, NULL, 0);
    return 0;
}
