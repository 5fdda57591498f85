/*
 * m32_hostile: odd calls a 32-bit program can make, for tests/compat32.rs
 * (built with gcc -m32).
 *
 * Exercises: ipc(MSGRCV) whose ipc_kludge pointer is unreadable, ipc(SEMCTL)
 * whose union semun pointer is unreadable (both EFAULT), an ipc call the
 * kernel does not know (99: ENOSYS), socketcall(SYS_SOCKETPAIR) with an
 * unreadable argument array (EFAULT), then a child that execs the 64-bit
 * /bin/true: its ABI changes at the exec.
 * Usage: m32_hostile          Exit: 0
 */
#include "../progs/progs.h"
#include <sys/syscall.h>

int main(void)
{
	EXPECT_ERRNO(syscall(SYS_ipc, 12, 0, 8, 0, (void *)0x10, 0), EFAULT);
	EXPECT_ERRNO(syscall(SYS_ipc, 3, 0, 0, 16, (void *)0x10, 0), EFAULT);
	EXPECT_ERRNO(syscall(SYS_ipc, 99, 1, 2, 3, 4, 5), ENOSYS);
	EXPECT_ERRNO(syscall(SYS_socketcall, 8, (void *)0x10), EFAULT);
	pid_t pid = TRY(fork());
	if (pid == 0) {
		execl("/bin/true", "true", (char *)0);
		_exit(127);
	}
	expect_exit(pid, 0);
	return 0;
}
