/*
 * ptrace_floor: the least a tracer that shows every call can do, as a
 * yardstick for ipclab and strace. Not a workload: the benchmark runs each
 * workload under it as one more setup.
 *
 * Per stop it makes the requests no ptrace tracer can go without: one
 * wait4, PTRACE_GET_SYSCALL_INFO (entry or exit, number, arguments or
 * result) and PTRACE_SYSCALL. It reads with process_vm_readv the data the
 * workloads pass (write's buffer at entry and read's at exit, a message at
 * msgsnd and msgrcv, semop's operations), as a tracer that shows them must;
 * it decodes, prints and remembers nothing else. Children are followed
 * through fork, vfork and clone; signals are passed on.
 *
 * Usage: ptrace_floor PROGRAM [ARG...]    Exit: PROGRAM's status
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* The most read of one argument, as a tracer with a string limit reads. */
#define READ_MAX 512

/* The thread of each tracee's last entry, by tid modulo the table size:
 * enough for the benchmark's workloads (at most 65 processes). */
#define SLOTS 4096
static struct {
	pid_t tid;
	unsigned long nr, args[6];
} entry[SLOTS];

static char scratch[READ_MAX];

static void peek(pid_t tid, unsigned long addr, unsigned long len)
{
	if (addr == 0 || len == 0)
		return;
	struct iovec local = { scratch, len < READ_MAX ? len : READ_MAX };
	struct iovec remote = { (void *)addr, local.iov_len };
	process_vm_readv(tid, &local, 1, &remote, 1, 0);
}

static void at_entry(pid_t tid, const struct __ptrace_syscall_info *info)
{
	int slot = tid % SLOTS;
	entry[slot].tid = tid;
	entry[slot].nr = info->entry.nr;
	for (int i = 0; i < 6; i++)
		entry[slot].args[i] = info->entry.args[i];
	const unsigned long *a = entry[slot].args;
	switch (info->entry.nr) {
	case SYS_write:
		peek(tid, a[1], a[2]);
		break;
	case SYS_msgsnd:
		peek(tid, a[1], a[2] + sizeof(long));
		break;
	case SYS_semop:
	case SYS_semtimedop:
		peek(tid, a[1], a[2] * 6);
		break;
	}
}

static void at_exit(pid_t tid, const struct __ptrace_syscall_info *info)
{
	int slot = tid % SLOTS;
	if (entry[slot].tid != tid || info->exit.is_error || info->exit.rval <= 0)
		return;
	const unsigned long *a = entry[slot].args;
	switch (entry[slot].nr) {
	case SYS_read:
		peek(tid, a[1], info->exit.rval);
		break;
	case SYS_msgrcv:
		peek(tid, a[1], info->exit.rval + sizeof(long));
		break;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: ptrace_floor PROGRAM [ARG...]\n", stderr);
		return 2;
	}
	pid_t root = fork();
	if (root < 0) {
		perror("ptrace_floor: fork");
		return 1;
	}
	if (root == 0) {
		raise(SIGSTOP);
		execvp(argv[1], argv + 1);
		perror("ptrace_floor: exec");
		_exit(127);
	}
	int status;
	if (waitpid(root, &status, WSTOPPED) != root) {
		perror("ptrace_floor: waitpid");
		return 1;
	}
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
		    PTRACE_O_EXITKILL;
	if (ptrace(PTRACE_SEIZE, root, 0, opts) != 0) {
		perror("ptrace_floor: PTRACE_SEIZE");
		kill(root, SIGKILL);
		return 1;
	}
	kill(root, SIGCONT);
	int root_status = 1;
	for (;;) {
		pid_t tid = waitpid(-1, &status, __WALL);
		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: every tracee is gone */
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (tid == root)
				root_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			continue;
		}
		int sig = WSTOPSIG(status), deliver = 0;
		int event = (unsigned)status >> 16;
		if (sig == (SIGTRAP | 0x80)) {
			struct __ptrace_syscall_info info;
			if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof info, &info) > 0) {
				if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
					at_entry(tid, &info);
				else if (info.op == PTRACE_SYSCALL_INFO_EXIT)
					at_exit(tid, &info);
			}
		} else if (event == PTRACE_EVENT_STOP) {
			/* A group-stop stays stopped (as ipclab and strace
			 * leave it); a new child's first stop, or the stop that
			 * reports a SIGCONT, goes on. */
			if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
				ptrace(PTRACE_LISTEN, tid, 0, 0);
				continue;
			}
		} else if (event == 0) {
			deliver = sig; /* a signal for the tracee: pass it on */
		}
		ptrace(PTRACE_SYSCALL, tid, 0, deliver);
	}
	return root_status;
}
