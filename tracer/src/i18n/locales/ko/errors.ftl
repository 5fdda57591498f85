# 트레이서 파서의 한 줄 오류: `-e` 필터(filter.rs)와 `--inject` SPEC(inject.rs).
# 프로그램은 "ipclab: " 뒤에 출력합니다. 형식 표기(CALLS:WHAT, when=N)와
# 호출, errno, 시그널 이름은 영어판 그대로 둡니다.

filter-unknown = -e의 '{ $word }'은(는) 알 수 없는 호출이나 분류입니다. 시스템 콜 이름(예: msgsnd)이나 다음 중 하나를 쓰십시오: { $classes }
filter-empty = -e에는 호출이나 분류가 하나 이상 있어야 합니다(예: -e ipc, -e msgsnd,msgrcv)

inject-spec = --inject '{ $spec }': { $why }
inject-shape = 형식은 CALLS:WHAT[:when=N|N+|N+S]입니다. 예: write:short, msgrcv,msgsnd:EINTR:when=1, semop:signal=SIGUSR1, read:delay=100
inject-short = short={ $n }: 호출이 옮길 수 있는 최대 바이트 수는 1 이상의 정수여야 합니다
inject-delay = delay={ $ms }: 지연은 1부터 3600000까지의 정수(밀리초)여야 합니다
inject-uncatchable = signal={ $signal }: SIGKILL과 SIGSTOP은 잡을 수 없습니다. 다른 시그널을 쓰십시오
inject-not-a-signal = signal={ $signal }: 시그널 이름이 아닙니다(예: SIGUSR1, SIGALRM)
inject-what-empty = WHAT이 비어 있습니다. { $shape }
inject-not-an-error = '{ $name }'은(는) errno 이름(예: EINTR, EAGAIN, ENOSPC)도, 'short', 'short=N', 'delay=MS', 'signal=SIG'도 아닙니다
inject-after-what = WHAT 뒤의 '{ $word }': WHAT 뒤에는 when=N, when=N+, when=N+S만 올 수 있습니다
inject-when = when={ $value }: N과 S는 1 이상의 정수여야 합니다(when=3, when=2+, when=1+2)
inject-calls-all = CALLS에는 'all'을 쓸 수 없습니다. 주입할 호출이나 분류를 적으십시오
inject-calls-empty = CALLS가 비어 있습니다. { $shape }
inject-unknown-call = '{ $word }'은(는) 알 수 없는 호출이나 분류입니다. 시스템 콜 이름(예: write)이나 다음 중 하나를 쓰십시오: { $classes }
inject-needs-registers = { $what }은(는) 호출의 레지스터를 바꿔야 하는데, ipclab은 x86_64에서만 그렇게 할 수 있습니다. 여기서는 delay=와 signal=을 쓸 수 있습니다
inject-never-fails = { $calls }은(는) 실패하지 않는 호출이므로 오류를 주입할 수 없습니다
inject-no-count = short에는 개수 인자가 있는 호출(read, write, readv, writev, pread64, pwrite64, recvfrom, sendto)이 필요합니다. { $calls }에는 개수 인자가 없습니다
inject-too-many = 한 번 실행에 --inject 규칙은 { $max }개까지 쓸 수 있습니다

run-not-found = { $program }: 그런 명령이 없습니다(이름을 확인하거나 경로를 적으십시오)
run-cannot-run = { $program }: 실행할 수 없습니다: { $why }
run-is-directory = 디렉터리입니다
run-not-executable = 실행 권한이 없습니다

# 커널이 트레이스를 거부한 까닭과 해결 방법(ptrace/config.rs, Refusal).
refuse-cannot-trace = 트레이스할 수 없습니다: { $why }
refuse-another-tracer = 다른 트레이서
refuse-ipclab-traced = ipclab 자신이 pid { $pid }({ $name })에게 트레이스되고 있습니다. 그 트레이서는 자식 프로세스까지 따라가는데, 한 프로세스의 트레이서는 한 번에 하나뿐입니다. ipclab을 그 트레이서 밖에서 실행하십시오
refuse-already-traced = 프로그램이 이미 pid { $pid }({ $name })에게 트레이스되고 있습니다. 그 트레이서는 자식 프로세스까지 따라가는데, 한 프로세스의 트레이서는 한 번에 하나뿐입니다. ipclab을 그 트레이서 밖에서 실행하십시오
refuse-no-ptrace = 이 커널이나 샌드박스에는 ptrace(2)가 없습니다. ipclab은 ptrace가 있는 리눅스 커널에서만 동작합니다
refuse-yama-disabled = Yama가 ptrace를 막고 있습니다(kernel.yama.ptrace_scope = 3). 이 설정은 재부팅해야만 바꿀 수 있습니다
refuse-yama-needs-cap = Yama는 CAP_SYS_PTRACE가 있을 때만 ptrace를 허용합니다(kernel.yama.ptrace_scope = 2). root로 실행하거나 `sysctl kernel.yama.ptrace_scope=1`로 설정하십시오
refuse-seccomp = seccomp 프로필(컨테이너의 기본 설정)이 ptrace를 막고 있습니다. 컨테이너를 `--cap-add=SYS_PTRACE --security-opt seccomp=unconfined`로 실행하십시오
refuse-kernel = 커널이 ipclab의 프로그램 트레이스를 거부했습니다(ptrace: { $error })
refuse-kernel-cap = 커널이 ipclab의 프로그램 트레이스를 거부했습니다(ptrace: { $error }). CAP_SYS_PTRACE 권한을 주거나 root로 실행하십시오

# 트레이서 자신이 하지 못한 일(ptrace/config.rs, Fault): 프로그램이 아니라 ipclab의
# 잘못입니다. 실패한 호출 뒤에는 ": "와 시스템의 오류(`EAGAIN: Try again`)가
# 시스템이 준 그대로 붙습니다.
fault-nul-byte = 인자 { $arg }에 NUL 바이트가 들어 있습니다
fault-open-for-program = 프로그램에 줄 { $path }을(를) 열 수 없습니다
fault-fork = fork할 수 없습니다
fault-timer = 트레이서의 타이머를 시작할 수 없습니다
fault-stopped-before-exec = 자식 프로세스가 exec 전에 뜻밖에 멈췄습니다({ $status })
fault-not-started = { $program }: 트레이서 아래에서 프로그램을 시작하지 못했습니다({ $exit })
