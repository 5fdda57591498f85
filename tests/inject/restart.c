/* A read interrupted by a signal, for the --inject signal= test: the parent
 * reads a pipe whose only writer (a child) never writes, and exits only once
 * the parent is asleep in that read or has gone on to wait4, so the read can
 * only end by a signal or at end of file.
 * Usage: restart restart|intr   (SIGUSR1's handler with or without SA_RESTART) */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
    (void)sig;
    handled++;
}

/* Reads a /proc file from its start with pread, not read: the test's `read:`
 * rule counts the calls of each process, and must never fire here. */
static int proc_text(int fd, char *buf, size_t size) {
    ssize_t n = pread(fd, buf, size - 1, 0);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return 0;
}

/* Waits until the parent sleeps in read(2) (the call /proc/PPID/syscall
 * names, state S in /proc/PPID/stat: not stopped at its entry by the tracer)
 * or is in wait4(2). Gives up after many tries (the test then fails). */
static void wait_for_parent_reading(void) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/syscall", (int)getppid());
    int sys = open(path, O_RDONLY);
    snprintf(path, sizeof path, "/proc/%d/stat", (int)getppid());
    int stat = open(path, O_RDONLY);
    for (long tries = 0; sys >= 0 && stat >= 0 && tries < 10000000; tries++) {
        if (proc_text(sys, buf, sizeof buf) != 0)
            break;
        long nr = buf[0] >= '0' && buf[0] <= '9' ? strtol(buf, NULL, 10) : -1;
        if (nr == SYS_wait4)
            break;
        if (nr == SYS_read && proc_text(stat, buf, sizeof buf) == 0) {
            char *end = strrchr(buf, ')');
            if (end != NULL && end[1] == ' ' && end[2] == 'S')
                break;
        }
        sched_yield();
    }
    close(sys);
    close(stat);
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
        wait_for_parent_reading();
        _exit(0);
    }
    close(fds[1]);
    char b;
    long n = read(fds[0], &b, 1);
    printf("read: %ld %s, handler ran %d time(s)\n", n, n < 0 ? strerror(errno) : "", (int)handled);
    waitpid(child, NULL, 0);
    return 0;
}
