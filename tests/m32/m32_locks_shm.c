/* A 32-bit program's record locks and POSIX shared memory: fcntl64 with
 * F_SETLKW (struct flock, 32-bit offsets) and F_SETLKW64 (struct flock64,
 * packed on i386), then a POSIX shared memory object mapped with mmap2,
 * unmapped, unlinked. Built with gcc -m32 by tests/compat32.rs, which
 * checks the kernel view follows each as it follows a 64-bit program's. */
#define _GNU_SOURCE
#define _LARGEFILE64_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    char path[64], name[64];
    snprintf(path, sizeof path, "/tmp/ipclab-m32-locks-%d", (int)getpid());
    snprintf(name, sizeof name, "/ipclab-m32-shm-%d", (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return 1;
    struct flock narrow = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = 20};
    struct flock64 wide = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = 5};
    int failed = fcntl(fd, F_SETLKW, &narrow) != 0 || fcntl(fd, F_SETLKW64, &wide) != 0;
    close(fd);
    unlink(path);
    int shm = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (shm < 0 || ftruncate(shm, 4096) != 0)
        return 1;
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, shm, 0);
    if (p == MAP_FAILED)
        return 1;
    strcpy(p, "thirty-two");
    close(shm);
    munmap(p, 4096);
    shm_unlink(name);
    return failed;
}
