# 일어나면 안 되지만 보고하는 일(내부 오류): 샌드박스의 채점 프로세스가 실패했거나
# 엉뚱한 답을 보냄, 네임스페이스나 마운트가 거부됨, 툴체인이 없음; 채점기의 빌드
# 준비 오류; `grade --class`, `starter`, `--exercism`의 요약 줄.
# $error는 시스템의 문구(영어)입니다.

# 샌드박스 안에서 실습 하나를 채점하는 프로세스(grade/sandbox/mod.rs).
fault-probe-answered = 샌드박스 시험 실행이 엉뚱한 답을 보냈습니다: { $answer }
fault-own-program = ipclab 자신의 실행 파일을 찾을 수 없습니다: { $error }
fault-grader-start = ipclab { $command } 프로세스를 시작할 수 없습니다: { $error }
fault-grader-overran = ipclab { $command } 프로세스가 실습의 시간 제한보다 { $secs }초 넘게 걸려 강제 종료되었습니다
fault-grader-wait = ipclab { $command } 프로세스를 기다릴 수 없습니다: { $error }
# $detail은 비어 있거나, ": "와 그 프로세스가 표준 오류에 쓴 첫 줄입니다.
fault-grader-failed = ipclab { $command } 프로세스가 실패했습니다(종료 상태 { $code }){ $detail }
fault-grader-killed = ipclab { $command } 프로세스가 강제 종료되었습니다({ $status }){ $detail }
fault-grader-no-result = ipclab { $command } 프로세스가 결과를 보내지 않았습니다({ $error }){ $detail }
# $why는 fault-sent-* 가운데 하나입니다.
fault-grader-sent = ipclab의 이 실습 채점 프로세스가 { $why }
fault-grader-probe = ipclab의 이 실습 채점 프로세스가 채점 결과 대신 시험 실행의 답을 보냈습니다
fault-sent-other-lab = 실습 { $lab } 대신 { $sent }의 결과를 보냈습니다
fault-sent-no-checks = 검사 결과를 보내지 않았습니다
fault-sent-count = 검사 결과를 { $expected }개가 아니라 { $sent }개 보냈습니다
fault-sent-check = { $expected } 검사가 올 자리에 { $sent } 검사를 보냈습니다
fault-sent-no-verdict = 통과 여부가 없는 검사 결과를 보냈습니다

# 샌드박스 안(grade/sandbox/inside.rs, bwrap.rs).
fault-request-not-json = 요청이 JSON이 아닙니다: { $error }
fault-request-no-program = 요청에 프로그램이 없습니다
fault-request-incomplete = 요청이 완전하지 않습니다
fault-no-checks = ipclab에는 실습 { $lab }의 검사가 없습니다
fault-open = { $path }을(를) 열 수 없습니다: { $error }
fault-unshare = 새 네임스페이스를 만들 수 없습니다(unshare: { $error }). 이 컴퓨터에서는 사용자 네임스페이스가 허용되지 않습니다
fault-fork-namespaces = 새 네임스페이스 안으로 fork할 수 없습니다: { $error }
fault-mount = 새 네임스페이스에 { $what }을(를) 마운트할 수 없습니다: { $error }
fault-loopback = 루프백 인터페이스를 켤 수 없습니다({ $call }: { $error })
fault-copy-program = 실습 프로그램을 복사할 수 없습니다: { $error }
fault-program-dir = 프로그램 디렉터리를 만들 수 없습니다: { $error }
fault-run = { $path }을(를) 실행할 수 없습니다: { $error }
fault-bwrap-fails = 이 컴퓨터에서는 bubblewrap이 실패합니다: { $error }
fault-bwrap-fails-silently = 이 컴퓨터에서는 bubblewrap이 아무 말 없이 실패합니다
fault-no-bwrap = bubblewrap(bwrap)이 설치되어 있지 않습니다. 설치하십시오(apt-get install bubblewrap)

# 제출물 빌드(grade/submission/package.rs)와 실습 빌드(build.rs).
fault-no-cache-dir = 캐시 디렉터리가 없습니다. HOME이나 IPCLAB_CACHE_DIR을 설정하십시오
fault-run-rustc = 제출물을 빌드하려고 rustc를 실행할 수 없습니다: { $error }
fault-no-toolchain = { $dir }의 툴체인에 cargo와 rustc가 없습니다
fault-no-dependency = Cargo.toml에 { $name } 항목이 없습니다
fault-run-cargo = 제출물을 빌드하려고 cargo를 실행할 수 없습니다: { $error }
fault-build-too-long = 빌드가 { $secs }초보다 오래 걸려 중단했습니다(0점)
fault-lock = { $path }을(를) 잠글 수 없습니다: { $error }
fault-prepare = { $dir }을(를) 준비할 수 없습니다: { $error }
fault-prepare-build = { $dir }에 빌드를 준비할 수 없습니다: { $error }
fault-cargo-failed = cargo가 실패했습니다
fault-dependencies = 실습들이 쓰는 라이브러리를 컴파일할 수 없습니다: { $why }
fault-cargo-silent = cargo가 아무것도 빌드하지 않았고 아무 말도 하지 않았습니다
fault-cargo-build-failed = cargo build가 실패했습니다
fault-copy = { $from }을(를) { $to }(으)로 복사할 수 없습니다: { $error }

# 학생용 배포본(grade/starter.rs): 프로젝트의 풀이 영역 표시가 잘못된 경우.
starter-region-nested = { $file }:{ $line }: { $open }번째 줄에서 연 풀이 영역 안에서 풀이 영역이 또 시작됩니다
starter-region-unopened = { $file }:{ $line }: 열린 풀이 영역이 없는데 `{ $end }` 표시가 있습니다
starter-region-unclosed = { $file }:{ $line }: 풀이 영역이 `{ $end }` 표시로 닫히지 않습니다
starter-written = 배포본을 { $dir }에 썼습니다: 파일 { $files }개, 실습 { $labs }개의 풀이 영역 { $regions }개를 todo!()로 바꾸었습니다

# `grade --class`(grade/commands.rs)와 `--exercism`(grade/exercism.rs).
class-graded-all = 제출물 { $graded }개를 모두 채점해 { $dir }에 썼습니다. 요약은 { $summary }에 있습니다
class-graded-some = 제출물 { $graded }개를 채점해 { $dir }에 썼습니다({ $failed }개는 채점할 수 없었습니다). 요약은 { $summary }에 있습니다
exercism-cleaned = ipclab이 실습이 남긴 것을 제거했습니다: { $objects }
exercism-nothing = 채점할 것이 없습니다
