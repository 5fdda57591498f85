/* The calls that printed raw registers: credentials, clocks, limits, file
 * systems, scheduling, memory locking. */
#include "diff.h"
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <time.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdint.h>

int main(void) {
    struct timespec ts;
    struct timeval tv;
    struct statfs sfs;
    unsigned int r, e, s;
    unsigned int groups[64];
    BEGIN();
    syscall(SYS_setuid, GARBAGE(getuid()));
    syscall(SYS_setgid, GARBAGE(getgid()));
    syscall(SYS_setreuid, -1, -1);
    syscall(SYS_setregid, -1, -1);
    syscall(SYS_setresuid, -1, -1, -1);
    syscall(SYS_setresgid, -1, -1, -1);
    syscall(SYS_getresuid, &r, &e, &s);
    syscall(SYS_getresgid, &r, &e, &s);
    int n = syscall(SYS_getgroups, 0, NULL);
    syscall(SYS_getgroups, 64, groups);
    syscall(SYS_setgroups, n, groups);
    syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
    syscall(SYS_getpriority, PRIO_PROCESS, 0);
    syscall(SYS_setpriority, PRIO_PROCESS, 0, 0);
    syscall(SYS_statfs, "/", NULL);
    syscall(SYS_fstatfs, -1, &sfs);
    syscall(SYS_sched_getscheduler, 0);
    struct sched_param sp = { 0 };
    syscall(SYS_sched_getparam, 0, &sp);
    syscall(SYS_mlockall, GARBAGE(MCL_FUTURE | 8));
    syscall(SYS_munlockall);
    syscall(SYS_unshare, 0);
    syscall(SYS_utimensat, AT_FDCWD, "/nonexistent-ipclab", NULL, 0);
    struct timespec times[2] = { { 0, UTIME_NOW }, { 1, UTIME_OMIT } };
    syscall(SYS_utimensat, AT_FDCWD, "/nonexistent-ipclab", times, AT_SYMLINK_NOFOLLOW);
    syscall(SYS_pidfd_send_signal, -1, 0, NULL, 0);
    syscall(SYS_umask, GARBAGE(022));
    syscall(SYS_mkdirat, AT_FDCWD, "/nonexistent-ipclab/x", GARBAGE(0755));
    syscall(SYS_gettimeofday, NULL, NULL);
    syscall(SYS_getrusage, RUSAGE_SELF, NULL);
    /* An environment that runs into unmapped memory before its NULL. */
    char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(page + 4096, 4096);
    char **env = (char **) (page + 4096 - 2 * sizeof(char *));
    env[0] = "A=1";
    env[1] = "B=2";
    char *argv[] = { "x", NULL };
    syscall(SYS_execve, "/nonexistent-ipclab", argv, env);
    END();
    (void) tv;
    return 0;
}
