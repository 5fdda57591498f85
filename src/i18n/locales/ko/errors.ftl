# ipclab의 한 줄 오류(exit.rs, Failure): main이 "ipclab: " 뒤에 출력합니다.
# 파일 이름, 플래그, 호출 이름과 운영체제의 오류 문구($error)는 인자로
# 들어오며 영어 그대로 둡니다. 무엇이 잘못되었는지와 어떻게 할지를 짧게 씁니다.

err-no-program = 트레이스할 프로그램이 없습니다. 프로그램을 적으십시오(예: ipclab trace -- ./prog)
err-timeout = --timeout에는 0보다 큰 초 단위 숫자를 적어야 합니다. { $value }은(는) 쓸 수 없습니다
err-time-limit = 시간 제한에는 0보다 큰 초 단위 숫자를 적어야 합니다. { $value }은(는) 쓸 수 없습니다
err-max-procs = --max-procs는 1 이상이어야 합니다
err-jobs = --jobs는 1 이상이어야 합니다
err-signals = 시그널을 처리하도록 설정할 수 없습니다: { $error }
err-write-trace = 트레이스를 { $path }에 쓸 수 없습니다: { $error }

err-read-labs = { $dir }의 실습을 읽을 수 없습니다: { $error }
err-no-lab = '{ $name }'(이)라는 실습은 없습니다. 실습 목록: { $labs }
err-read-lesson = 강의 { $path }을(를) 읽을 수 없습니다: { $error }

err-run-cargo = 실습 { $lab }을(를) 빌드하려고 cargo를 실행할 수 없습니다: { $error }
err-cargo = cargo가 실패했습니다: { $error }
err-does-not-compile = 실습 { $lab }이(가) 컴파일되지 않습니다({ $detail }). { $path }을(를) 고치십시오
err-see-errors-above = 위의 오류를 보십시오
err-cargo-no-path = cargo가 실습 { $lab }을(를) 빌드했지만 실행 파일이 어디 있는지 알려 주지 않았습니다

err-no-ledger-dir = 장부(ledger)를 둘 곳이 없습니다. HOME이나 IPCLAB_LEDGER_DIR을 설정하십시오
err-read-ledgers = { $dir }의 장부를 읽을 수 없습니다: { $error }

err-no-checks = ipclab에는 실습 { $lab }의 검사가 없습니다
err-no-checks-short = 실습 { $lab }의 검사가 없습니다
err-no-program-file = --program { $path }: 그런 파일이 없습니다
err-check-interrupted = 검사가 중단되었습니다: 실습이 강제 종료되었습니다
err-no-labs-to-grade = { $dir }에 채점할 실습이 없습니다
err-program-one-lab = --program은 실습 하나를 채점합니다. 실습을 적으십시오
err-no-submission-dir = --submission { $dir }: 그런 디렉터리가 없습니다
err-no-class-dir = --class { $dir }: 그런 디렉터리가 없습니다
err-class-cannot-read = --class { $dir }: 읽을 수 없습니다: { $error }
err-class-empty = --class { $dir }: 안에 제출물 폴더가 없습니다
err-class-interrupted = 반 전체 채점이 중단되었습니다
err-grading-interrupted = 채점이 중단되었습니다: 채점하던 실습이 강제 종료되었습니다
err-exercism-no-input = --exercism: 입력 디렉터리 { $dir }이(가) 없습니다
err-create-output-dir = 출력 디렉터리 { $dir }을(를) 만들 수 없습니다: { $error }
err-create = { $path }을(를) 만들 수 없습니다: { $error }
err-write-file = { $path }에 쓸 수 없습니다: { $error }
err-cannot-sandbox = 이 컴퓨터에서는 실습을 샌드박스에 넣을 수 없습니다: { $why }
err-cannot-sandbox-or = 이 컴퓨터에서는 실습을 샌드박스에 넣을 수 없습니다: { $why }. 코드를 믿을 수 있다면 --unsandboxed로 채점하십시오
err-cannot-grade = 이 컴퓨터에서는 채점할 수 없습니다: { $why }
err-scenario-wrong = 과정의 시나리오가 잘못되었습니다: { $error }
err-build-submission = 제출물 { $dir }을(를) 빌드할 수 없습니다: { $why }
err-no-pass-status = { $error }. 목록에 통과 여부를 표시하지 않습니다

err-diagram-format = { $path }을(를) 그릴 수 없습니다. 다이어그램 형식은 파일 확장자(.svg, .html, .mmd)로 정해집니다
err-diagram-limit = --diagram-limit은 1 이상이어야 합니다(그릴 행 수)
err-standard-input = 표준 입력
err-read = { $name }을(를) 읽을 수 없습니다: { $error }
err-read-trace = 트레이스 { $name }을(를) 읽을 수 없습니다: { $error }
err-not-json = { $name } { $line }번째 줄: JSON이 아닙니다({ $error }). `ipclab trace --json -o FILE`이 쓴 트레이스를 그리십시오
err-not-record = { $name } { $line }번째 줄: 트레이스 레코드가 아닙니다(`ipclab trace --json`의 모든 줄에는 "type"과 "pid"가 있습니다)
err-no-records = { $name }에 트레이스 레코드가 없어서 그릴 것이 없습니다
err-write-diagram = 다이어그램을 { $path }에 쓸 수 없습니다: { $error }

err-lab-not-run = 실습 { $lab }을(를) 실행할 수 없었습니다: { $error }

# 제출된 실습이 점수를 받지 못하는 까닭(grade/submission/mod.rs): 채점 보고의 오류.
sub-lab-folder = 실습 폴더
sub-symlink = { $path }: { $what }이(가) 심볼릭 링크입니다. 일반 파일만 채점합니다(0점: 파일 자체를 제출하십시오)
sub-not-file = { $path }: { $what }이(가) 일반 파일이 아닙니다(0점)
sub-not-dir = { $path }: { $what }이(가) 디렉터리가 아닙니다(0점)
sub-link = { $path }: 심볼릭 링크입니다. 일반 파일만 채점합니다(0점: 파일 자체를 제출하십시오)
sub-unreadable = { $path }: { $why }(0점)
sub-cannot-read = 읽을 수 없습니다: { $error }
sub-not-regular = 일반 파일이 아닙니다
sub-too-large = labs/{ $folder }: 소스가 { $kib } KiB보다 큽니다(0점)
sub-missing = 제출물에 { $path }이(가) 없습니다(0점)
sub-missing-other = 제출물에 { $path }이(가) 없습니다(0점). labs/{ $other } 폴더가 있지만 실습 폴더 이름이 아닙니다
# 다음 줄부터 컴파일러의 오류가 이어집니다.
sub-does-not-compile = 실습 { $lab }이(가) 컴파일되지 않습니다:
sub-no-program = 빌드가 이 실습의 프로그램을 만들지 않았습니다

err-starter-exists = { $dir }이(가) 이미 있고 빈 디렉터리가 아닙니다. 새 디렉터리를 고르십시오
err-starter-inside = { $dir }은(는) 프로젝트 안에 있습니다. 배포본은 다른 곳에 쓰십시오
err-read-project = { $dir }의 프로젝트를 읽을 수 없습니다: { $error }
err-not-graded = 실습을 채점할 수 없었습니다: { $why }

# `ipclab run`이 실습을 시작하기 전에, 강제 종료된 실행이 남긴 객체에 대해 하는 말(clean.rs).
leftover-from-command = 강제 종료된 `{ $command }`이(가) 남긴 것
leftover-from-run = 강제 종료된 실행이 남긴 것
leftover-removed = { $object }을(를) 제거했습니다({ $from })
leftover-left-alone = { $object }은(는) 그대로 두었습니다({ $from }). 지금 그 자리에 있는 것은 그 실행의 것이 아닙니다: { $why }
leftover-not-removed = { $object }을(를) 제거할 수 없었습니다({ $from }): { $why }. 직접 제거하려면: { $command }

# 명령줄의 실수(main.rs, usage_line). $why는 값 파서가 쓴 영어 문구입니다.
usage-see-help = { $message } ({ $command } --help를 보십시오)
usage-missing = 꼭 필요한 인자가 빠졌습니다: { $args }
usage-no-value = '{ $arg }'에는 값이 필요한데 주어지지 않았습니다
usage-invalid-value = '{ $arg }'에 '{ $value }'은(는) 쓸 수 없습니다
usage-invalid-value-why = '{ $arg }'에 '{ $value }'은(는) 쓸 수 없습니다: { $why }
usage-possible-values = [쓸 수 있는 값: { $values }]
usage-unexpected = 알 수 없는 인자 '{ $arg }'이(가) 있습니다
usage-too-many = '{ $arg }'에 값 '{ $value }'이(가) 더 있습니다. 값은 더 받지 않습니다
usage-twice = '{ $arg }' 인자는 한 번만 쓸 수 있습니다
usage-conflict = '{ $arg }' 인자는 '{ $prior }'와(과) 함께 쓸 수 없습니다
usage-conflict-others = '{ $arg }' 인자는 다른 인자와 함께 쓸 수 없습니다
usage-unknown-subcommand = '{ $sub }'(이)라는 명령은 없습니다
usage-unknown-subcommand-bare = 알 수 없는 명령입니다
