/* The program the --inject tests trace, under ipclab and under strace:
 * reads, writes and closes on a pipe in a parent and a child, each result
 * printed, so a test can see what the program itself was told.
 * Usage: faults [sysv|regs]   (sysv: also a private message queue, sent
 * to, received from and removed, with a retry on EINTR as a lab would;
 * regs: one raw write(2) whose count register is checked afterwards). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, long n) {
    if (n < 0)
        printf("%s: -1 %s\n", what, strerror(errno));
    else
        printf("%s: %ld\n", what, n);
}

/* A raw write on x86_64: the kernel returns with every argument register
 * as it was (only rax, rcx and r11 change). Prints the count register
 * after the call. */
static void raw_write(int fd) {
#ifdef __x86_64__
    long ret;
    register long rdx __asm__("rdx") = 10;
    __asm__ volatile("syscall"
                     : "=a"(ret), "+r"(rdx)
                     : "a"(1L), "D"((long)fd), "S"("0123456789")
                     : "rcx", "r11", "memory");
    printf("raw write: %ld, count register after: %ld\n", ret, rdx);
#else
    (void)fd;
    printf("raw write: not x86_64\n");
#endif
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "regs") == 0) {
        int p[2];
        if (pipe(p) != 0)
            return 1;
        raw_write(p[1]);
        return 0;
    }
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    for (int i = 0; i < 4; i++)
        report("parent write", write(fds[1], "0123456789", 10));
    pid_t child = fork();
    if (child == 0) {
        for (int i = 0; i < 3; i++)
            report("child write", write(fds[1], "abcdef", 6));
        _exit(0);
    }
    waitpid(child, NULL, 0);
    report("parent close", close(fds[1]));
    char buf[64];
    long n;
    do {
        n = read(fds[0], buf, sizeof buf);
        report("parent read", n);
    } while (n != 0 && !(n < 0 && errno != EINTR));
    report("parent close", close(fds[0]));
    if (argc > 1 && strcmp(argv[1], "sysv") == 0) {
        int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        struct { long mtype; char text[8]; } m = {1, "ping"};
        while ((n = msgsnd(q, &m, 5, 0)) < 0 && errno == EINTR)
            report("msgsnd", n);
        report("msgsnd", n);
        while ((n = msgrcv(q, &m, sizeof m.text, 0, 0)) < 0 && errno == EINTR)
            report("msgrcv", n);
        report("msgrcv", n);
        report("msgctl", msgctl(q, IPC_RMID, NULL));
    }
    return 0;
}
