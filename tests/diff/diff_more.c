/* What the other programs do not reach: POSIX queues' int arguments with
 * garbage above them, futex operations (a wake-op, an unknown op with its
 * shift kept), waitid's siginfo and rusage, memfd_create's huge page size,
 * short and odd socket addresses (AX.25, Bluetooth) and capget. */
#include "diff.h"
#include <fcntl.h>
#include <linux/futex.h>
#include <mqueue.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <linux/memfd.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/capability.h>
#include <time.h>

int main(void) {
    char name[64];
    snprintf(name, sizeof name, "/ipclab-diff-more-%d", getpid());
    struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 16 };
    uint32_t word = 0;
    BEGIN();
    int q = syscall(SYS_mq_open, name + 1, GARBAGE(O_RDWR | O_CREAT | O_EXCL), GARBAGE(0600), &attr);
    syscall(SYS_mq_timedsend, q, "hi", 2, GARBAGE(7), NULL);
    syscall(SYS_mq_unlink, name + 1);
    syscall(SYS_close, q);
    syscall(SYS_futex, &word, FUTEX_WAKE_OP, 1, NULL, &word, FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0));
    syscall(SYS_futex, &word, FUTEX_WAKE, GARBAGE(1), NULL, NULL, GARBAGE(0));
    syscall(SYS_futex, &word, 0x7e, 1, NULL, NULL, 0);
    syscall(SYS_memfd_create, "huge", GARBAGE(MFD_CLOEXEC | MFD_HUGETLB | (21 << MFD_HUGE_SHIFT)));
    syscall(SYS_memfd_create, "plain", GARBAGE(MFD_CLOEXEC));
    syscall(SYS_eventfd2, GARBAGE(5), GARBAGE(EFD_CLOEXEC));
    pid_t child = fork();
    if (child == 0) _exit(5);
    siginfo_t info;
    struct rusage ru;
    syscall(SYS_waitid, P_PID, child, &info, GARBAGE(WEXITED), &ru);
    int s = socket(AF_UNIX, SOCK_DGRAM, 0);
    unsigned char ax25[16] = { 3, 0 };
    syscall(SYS_connect, s, ax25, 16);
    unsigned char bt[16] = { 31, 0 };
    syscall(SYS_connect, s, bt, 16);
    unsigned char unix2[2] = { 1, 0 };
    syscall(SYS_connect, s, unix2, 2);
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    syscall(SYS_capget, &hdr, data);
    hdr.version = 0x12345678;
    syscall(SYS_capget, &hdr, NULL);
    syscall(SYS_close, GARBAGE(s));
    END();
    return 0;
}
