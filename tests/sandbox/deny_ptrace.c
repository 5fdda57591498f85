/*
 * deny_ptrace: runs a program in a sandbox that refuses ptrace(2), as a
 * container's default seccomp profile does, so that the tests can see what
 * ipclab says when it may not trace. Not a program the tests trace.
 *
 * Installs a seccomp filter under which every ptrace call fails with the
 * errno given (EPERM as in a container, ENOSYS as in a sandbox without the
 * call), then execs PROGRAM; the filter stays on it and its children.
 * Usage: deny_ptrace ERRNO PROGRAM [ARG...]    Exit: PROGRAM's, or 1
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: deny_ptrace ERRNO PROGRAM [ARG...]\n", stderr);
		return 1;
	}
	unsigned int err = (unsigned int)atoi(argv[1]);
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ptrace, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof filter / sizeof filter[0], filter };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		perror("deny_ptrace: seccomp");
		return 1;
	}
	execvp(argv[2], argv + 2);
	perror("deny_ptrace: exec");
	return 1;
}
