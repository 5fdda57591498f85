/* Signals: sets the kernel reads only at its size, rt_sigpending's short
 * sizes, a child's SIGCHLD, wait4's rusage, a sigevent's signal. */
#include "diff.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    signal(SIGCHLD, SIG_DFL);
    BEGIN();
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 7);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &set, 8);
    syscall(SYS_rt_sigpending, &set, 1);
    syscall(SYS_rt_sigpending, &set, 2);
    syscall(SYS_rt_sigpending, &set, 4);
    syscall(SYS_rt_sigpending, &set, 9);
    syscall(SYS_kill, 0, GARBAGE(0));
    syscall(SYS_tgkill, GARBAGE(getpid()), GARBAGE(getpid()), 0);
    timer_t id;
    struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2 };
    syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &id);
    struct itimerspec its = { { 0, 0 }, { 100, 0 } };
    syscall(SYS_timer_settime, id, 0, &its, NULL);
    syscall(SYS_timer_gettime, id, &its);
    syscall(SYS_timer_delete, id);
    pid_t child = fork();
    if (child == 0) _exit(3);
    int status;
    struct rusage ru;
    syscall(SYS_wait4, child, &status, GARBAGE(0), &ru);
    END();
    return 0;
}
