# The one-line errors of the tracer's parsers: `-e` filters (filter.rs) and
# `--inject` SPECs (inject.rs). The program prints them after "ipclab: ".

filter-unknown = unknown call or class '{ $word }' in -e: use a system call name (e.g. msgsnd) or one of: { $classes }
filter-empty = -e needs at least one call or class (e.g. -e ipc or -e msgsnd,msgrcv)

# "--inject 'SPEC': " then one of the inject-* reasons.
inject-spec = --inject '{ $spec }': { $why }
inject-shape = the form is CALLS:WHAT[:when=N|N+|N+S], e.g. write:short, msgrcv,msgsnd:EINTR:when=1, semop:signal=SIGUSR1, read:delay=100
inject-short = short={ $n }: the most a call may transfer is a whole number from 1
inject-delay = delay={ $ms }: the delay is a whole number of milliseconds from 1 to 3600000
inject-uncatchable = signal={ $signal }: SIGKILL and SIGSTOP cannot be caught; use another signal
inject-not-a-signal = signal={ $signal }: not a signal name (e.g. SIGUSR1, SIGALRM)
inject-what-empty = WHAT is empty; { $shape }
inject-not-an-error = '{ $name }' is not an error name (e.g. EINTR, EAGAIN, ENOSPC), 'short', 'short=N', 'delay=MS' or 'signal=SIG'
inject-after-what = '{ $word }' after WHAT: only when=N, when=N+ or when=N+S may follow
inject-when = when={ $value }: N and S are whole numbers from 1 (when=3, when=2+, when=1+2)
inject-calls-all = CALLS cannot be 'all': name the calls or classes to inject into
inject-calls-empty = CALLS is empty; { $shape }
inject-unknown-call = unknown call or class '{ $word }': use a system call name (e.g. write) or one of: { $classes }
inject-needs-registers = { $what } needs the call's registers changed, which ipclab does on x86_64 only; delay= and signal= work here
inject-never-fails = { $calls } never fails, so no error can be injected into it
inject-no-count = short needs a call with a count argument (read, write, readv, writev, pread64, pwrite64, recvfrom, sendto); { $calls } has none
inject-too-many = at most { $max } --inject rules in one run

# A program the tracer cannot start (ptrace/config.rs, Error).
run-not-found = { $program }: command not found (check the name, or give its path)
run-cannot-run = { $program }: cannot run it: { $why }
run-is-directory = is a directory
run-not-executable = permission denied (not executable)

# The kernel refused to let ipclab trace (ptrace/config.rs, Refusal): the
# cause ipclab found and the way out.
refuse-cannot-trace = cannot trace: { $why }
refuse-another-tracer = another tracer
refuse-ipclab-traced = ipclab itself is traced by pid { $pid } ({ $name }), which follows its children, and a process has one tracer at a time: run ipclab outside the other tracer
refuse-already-traced = the program is already traced by pid { $pid } ({ $name }), which follows its children, and a process has one tracer at a time: run ipclab outside the other tracer
refuse-no-ptrace = this kernel or sandbox does not provide ptrace(2); ipclab needs a Linux kernel with ptrace
refuse-yama-disabled = ptrace is disabled by Yama (kernel.yama.ptrace_scope = 3), which only a reboot can change
refuse-yama-needs-cap = Yama allows ptrace only with CAP_SYS_PTRACE (kernel.yama.ptrace_scope = 2): run as root, or set `sysctl kernel.yama.ptrace_scope=1`
refuse-seccomp = a seccomp profile (as containers have by default) forbids ptrace: run the container with `--cap-add=SYS_PTRACE --security-opt seccomp=unconfined`
refuse-kernel = the kernel refused to let ipclab trace the program (ptrace: { $error })
refuse-kernel-cap = the kernel refused to let ipclab trace the program (ptrace: { $error }): grant CAP_SYS_PTRACE or run as root

# What the tracer itself failed to do (ptrace/config.rs, Fault): ipclab's
# faults, not the program's. A failed call is followed by ": " and the
# system's error (`EAGAIN: Try again`), as the system gives it.
fault-nul-byte = argument { $arg } contains a NUL byte
fault-open-for-program = cannot open { $path } for the program
fault-fork = cannot fork
fault-timer = cannot start the tracer's timer
fault-stopped-before-exec = the child stopped unexpectedly before exec ({ $status })
fault-not-started = { $program }: the program could not be started under the tracer ({ $exit })
