/* Descriptors: int arguments with garbage upper halves, fcntl's get
 * commands decoded from what the kernel wrote, O_LARGEFILE, pipes. */
#include "diff.h"
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/uio.h>
#include <sys/mman.h>
#include <linux/falloc.h>

int main(void) {
    char path[] = "/tmp/ipclab-diff-fdsXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return 1;
    int p[2];
    BEGIN();
    syscall(SYS_dup3, GARBAGE(-2), GARBAGE(-1), GARBAGE(O_TRUNC));
    syscall(SYS_pipe2, p, 0xffffffff00000000ULL | O_NONBLOCK);
    syscall(SYS_fcntl, fd, F_GETFL);
    syscall(SYS_fcntl, fd, F_SETFL, O_RDWR | O_APPEND | 0100000);
    syscall(SYS_fcntl, fd, F_GETFD);
    syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
    syscall(SYS_fcntl, fd, F_GETFD);
    struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    syscall(SYS_fcntl, fd, F_GETLK, &fl);
    syscall(SYS_fcntl, fd, F_OFD_GETLK, &fl);
    fl.l_type = F_WRLCK;
    syscall(SYS_fcntl, fd, F_SETLK, &fl);
    syscall(SYS_fcntl, fd, F_GETLK, (void *) 8);
    struct f_owner_ex owner = { .type = F_OWNER_PID, .pid = 0 };
    syscall(SYS_fcntl, fd, F_SETOWN_EX, &owner);
    syscall(SYS_fcntl, fd, F_GETOWN_EX, &owner);
    syscall(SYS_fcntl, fd, F_SETSIG, SIGUSR1);
    syscall(SYS_fcntl, fd, F_GETSIG);
    syscall(SYS_fcntl, fd, F_GETLEASE);
    syscall(SYS_fcntl, fd, F_NOTIFY, DN_CREATE | DN_MULTISHOT);
    syscall(SYS_fcntl, p[0], F_GETPIPE_SZ);
    syscall(SYS_write, p[1], "a\0\177\n\tb", 6);
    char buf[16];
    syscall(SYS_read, p[0], buf, sizeof buf);
    syscall(SYS_read, p[0], NULL, 0);
    syscall(SYS_write, -1, NULL, 0);
    syscall(SYS_close, GARBAGE(-1));
    syscall(SYS_lseek, fd, -1, GARBAGE(SEEK_END));
    syscall(SYS_flock, fd, LOCK_EX | LOCK_NB);
    syscall(SYS_fallocate, fd, FALLOC_FL_KEEP_SIZE, 0, 4096);
    syscall(SYS_fadvise64, fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    syscall(SYS_sync_file_range, fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    struct iovec iov[2] = { { buf, 2 }, { buf + 2, 3 } };
    syscall(SYS_pwritev, fd, iov, 2, 0, 0);
    syscall(SYS_preadv2, fd, iov, 2, 0, 0, RWF_NOWAIT);
    syscall(SYS_memfd_create, "m", GARBAGE(MFD_CLOEXEC));
    syscall(SYS_eventfd2, GARBAGE(7), 0);
    syscall(SYS_close_range, 1000, 1001, 0);
    syscall(SYS_ftruncate, fd, 0);
    syscall(SYS_fchmod, fd, 0600);
    syscall(SYS_fchown, fd, -1, -1);
    END();
    unlink(path);
    return 0;
}
