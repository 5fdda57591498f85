/* The differential tests' programs: every call between BEGIN and END is
 * compared, line by line, as strace and ipclab print it
 * (tests/decode_diff.rs). A marker is a write to fd -1, which fails. */
#define _GNU_SOURCE
#include <unistd.h>
#include <sys/syscall.h>

#define BEGIN() syscall(SYS_write, -1, "ipclab-diff-begin", 17)
#define END() syscall(SYS_write, -1, "ipclab-diff-end", 15)
/* An int argument with garbage in the register's upper half, which the
 * kernel ignores (strace's tests do the same). */
#define GARBAGE(v) (0xdefaced00000000ULL | (unsigned int) (v))
