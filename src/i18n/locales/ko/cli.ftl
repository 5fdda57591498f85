# 명령줄 도움말(cli.rs, `command`): `ipclab --help`와 각 명령의 `--help`가 보여 주는 말.
# 영어판은 clap이 cli.rs의 doc 주석으로 만든 문장이고(테스트가 같게 지킵니다),
# 한국어판만 여기서 보여 줍니다. cli-NAME-about: 명령의 한 줄 설명,
# cli-NAME-ARG: 한 명령의 인자, cli-arg-ARG: 여러 명령이 함께 쓰는 인자.
# 옵션 이름, 값 이름(<SECS>), 호출 이름, 파일 경로는 영어 그대로 둡니다.

# clap 자신의 말.
cli-usage-heading = 사용법:
cli-heading-commands = 명령
cli-heading-arguments = 인자
cli-heading-options = 옵션
cli-default = [기본값: { $value }]
cli-arg-help = 도움말을 보여 줍니다('--help'로 더 자세히)
cli-arg-help-long = 도움말을 보여 줍니다('-h'로 요약만)
cli-arg-version = 버전을 보여 줍니다
cli-help-about = 이 도움말이나 주어진 명령의 도움말을 보여 줍니다
cli-help-subcommand = 도움말을 볼 명령

cli-about = 리눅스 프로세스 간 통신(IPC)을 커널 쪽에서 들여다보며 배우는 실습
cli-arg-lang = ipclab의 메시지와 강의, 힌트의 언어: ko 또는 en(없으면 IPCLAB_LANG, 그다음 로캘 LC_ALL, LC_MESSAGES, LANG 순, 모두 없으면 en)
cli-arg-color = 출력에 색을 입힐지: auto(색을 보여 주는 터미널일 때), always, never
cli-arg-lab = 실습: 번호(01 또는 1), 주제(pipe) 또는 폴더(01_pipe)

cli-trace-about = 프로그램을 트레이서 아래에서 실행합니다: 모든 프로세스의 모든 시스템 콜을 해석해 보여 줍니다
cli-trace-command = 실행할 프로그램과 그 인자(ipclab의 옵션은 프로그램 앞이나 `--` 앞에 둡니다)
cli-arg-filter = 이 호출이나 분류만 트레이스합니다: `ipc`, `pipe`, `process`, `signal`, `network`, `file`, `desc`, `memory` 또는 호출 이름(예: `msgsnd,shmat`)
cli-arg-inject = 호출을 실패시키거나, 짧게 돌아오게 하거나, 기다리게 하거나, 시그널을 보냅니다(여러 번 쓸 수 있음): CALLS:WHAT[:when=N|N+|N+S]. CALLS는 -e와 같은 형식, WHAT은 errno 이름(EINTR...), `short`, `delay=MS`, `signal=SIG` 중 하나입니다. 예: `write:short`, `msgrcv:EINTR:when=1`. docs/trace-format.md를 보십시오
cli-arg-output = 트레이스를 표준 오류 대신 FILE에 씁니다
cli-arg-string-limit = 문자열이나 버퍼를 최대 N바이트까지만 보여 줍니다
cli-arg-json = 텍스트 대신 JSON 줄(이벤트마다 객체 하나)로 씁니다
cli-arg-summary-only = 끝에 프로세스별 호출 요약만 출력합니다
cli-arg-summary = 트레이스를 출력하고, 끝에 프로세스별 호출 요약도 출력합니다
cli-arg-timeout = SECS초가 지나면 트레이스하던 프로그램을 강제 종료하고 어디서 멈춰 있었는지 보고합니다
cli-arg-max-procs = 프로세스가 한꺼번에 N개보다 많아지면 트레이스하던 프로그램을 강제 종료합니다(기본값은 이 컴퓨터의 한도에서 정합니다. docs/reliability.md를 보십시오)
cli-arg-max-threads = 각 프로세스의 첫 스레드 말고 스레드가 한꺼번에 N개보다 많아지면 트레이스하던 프로그램을 강제 종료합니다(기본값은 이 컴퓨터의 한도에서 정합니다)
cli-arg-no-kernel = 커널 뷰를 숨깁니다: 호출 아래의 `kernel:` 줄도, 끝의 객체 장부(ledger)도 없습니다(트레이스가 조금 빨라집니다)
cli-arg-cleanup = 실행이 끝나면, 그 실행이 만들고 남긴 IPC 객체를 제거합니다(실행이 만들지 않은 객체는 절대 건드리지 않습니다)
cli-arg-diagram = 실행을 프로세스와 커널 객체의 시퀀스 다이어그램으로도 그립니다. 형식은 FILE의 확장자(.svg, .html, .mmd)로 정해집니다
cli-arg-diagram-limit = 다이어그램에 최대 N행까지 그립니다(되풀이되는 라운드는 한 번으로 셉니다)

cli-list-about = 실습을 배우는 순서대로 나열합니다

cli-run-about = 실습을 빌드하고 트레이서 아래에서 실행합니다
cli-run-all = 로더와 Rust 런타임의 시작 과정까지 모든 호출을 보여 줍니다
cli-run-keep-leaks = 실습이 제거하지 못한 IPC 객체를 실행 뒤에 제거하지 않고 커널에 남겨 둡니다(ipcs로 살펴볼 수 있도록)
cli-run-args = 실습 프로그램에 줄 인자(-- 뒤에)

cli-lesson-about = 실습의 강의를 보여 줍니다

cli-hint-about = 실습의 다음 힌트를 보여 줍니다
cli-hint-reset = 첫 힌트부터 다시 시작합니다

cli-clean-about = 예전에 트레이스한 실행(강제 종료된 실행 포함)이 남긴 IPC 객체를 제거합니다
cli-clean-dry-run = 무엇을 제거할지 말하기만 합니다

cli-check-about = 실습의 검사를 실행합니다: 실습이 커널을 어떻게 쓰는지 트레이스로 판정합니다
cli-check-json = 결과를 JSON으로 씁니다(`ipclab grade --json`과 같은 형식)
cli-check-timeout = 실습 자체의 시간 제한 대신 SECS초가 지나면 실습을 강제 종료합니다
cli-check-program = labs/NN_name을 빌드하는 대신 이 프로그램을 실습으로 검사합니다(예: 다른 곳에서 빌드한 사본)

cli-grade-about = 모든 실습의 검사를 실행합니다: 점수표, 또는 자동 채점기를 위한 JSON
cli-grade-labs = 이 실습들만(기본값: 모든 실습)
cli-grade-json = 결과를 JSON 문서 하나로 씁니다(docs/instructors.md를 보십시오)
cli-grade-timeout = 실습 자체의 시간 제한 대신 SECS초가 지나면 각 실습을 강제 종료합니다
cli-grade-classroom = GitHub Classroom 보고기를 위한 JSON을 씁니다: 1점에 테스트 하나씩이라, 콘솔(통과한 테스트)과 게시하는 점수가 일치합니다
cli-grade-unsandboxed = 샌드박스 없이, 채점하는 사용자의 권한으로 실습을 실행합니다(믿을 수 있는 코드에만 쓰십시오)
cli-grade-submission = DIR의 제출물을 채점합니다: labs/NN_name 폴더의 .rs 파일만 가져와 이 빌드의 채점기로 빌드하고 채점합니다
cli-grade-class = DIR의 하위 폴더를 하나하나 제출물로 채점합니다. 결과는 --out에 씁니다
cli-grade-out = --class가 제출물마다 NAME.json과 summary.csv를 쓸 곳
cli-grade-jobs = --class가 한꺼번에 채점할 제출물 수
cli-grade-submission-timeout = --class에서 제출물 하나 전체(빌드와 모든 실습)의 시간 제한
cli-grade-exercism = Exercism 테스트 러너로 실행합니다: INPUT_DIR을 채점하고 OUTPUT_DIR/results.json을 씁니다

cli-starter-about = 학생용 배포본을 씁니다: 모든 풀이를 todo!()로 바꾼 이 프로젝트
cli-starter-out = 배포본을 쓸 곳(없는 디렉터리이거나 빈 디렉터리여야 합니다)

cli-diagram-about = `--json`으로 기록한 트레이스를 시퀀스 다이어그램(.svg, .html, .mmd)으로 그립니다
cli-diagram-trace = 트레이스: `ipclab trace --json -o FILE`이 쓴 JSON 줄(표준 입력이면 -)
cli-diagram-output = 쓸 다이어그램. 형식은 확장자(.svg, .html, .mmd)로 정해집니다
cli-diagram-limit = 최대 N행까지 그립니다(되풀이되는 라운드는 한 번으로 셉니다). 멈춤 보고(hang report)는 언제나 그립니다
