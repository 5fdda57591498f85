/*
 * seccomp_alone: the least a tracer with a seccomp filter costs, as a
 * yardstick for `ipclab trace -e` and `strace --seccomp-bpf`. Not a
 * workload: the benchmark runs each workload under it as one more setup.
 *
 * It installs a seccomp filter that allows every call and execs the
 * program, with no tracer at all. A task with any seccomp filter enters
 * every system call by the kernel's slower path (the filter is consulted
 * at each entry; for a call whose answer depends on its number alone the
 * kernel's action cache answers without running the program), so a
 * filtered trace can be no cheaper than this, however few calls it stops.
 *
 * Usage: seccomp_alone PROGRAM [ARG...]    Exit: PROGRAM's status
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: seccomp_alone PROGRAM [ARG...]\n", stderr);
		return 2;
	}
	struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = allow };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
		perror("seccomp_alone: installing the filter");
		return 1;
	}
	execvp(argv[1], argv + 1);
	perror("seccomp_alone: exec");
	return 127;
}
