# `ipclab clean`의 보고(clean.rs): 강제 종료된 실행이 남긴 객체마다, 아직 도는
# 실행마다, 지운 디렉터리마다 한 줄. $object는 장부가 부르는 이름(`msg queue 32768`),
# $why는 까닭(커널 쪽 mismatch-* 또는 시스템의 오류), $command는 직접 지우는 셸 명령입니다.
clean-from-run = `{ $command }` 실행(ipclab pid { $pid })이 남긴 것
clean-from-unknown = 알 수 없는 실행이 남긴 것
clean-created = { $pid } 프로세스가 만듦({ $call })
clean-removed = { $object }을(를) 제거했습니다: { $created }, { $from }
clean-would-remove = { $object }을(를) 제거할 것입니다: { $created }, { $from }
clean-already-gone = 이미 없습니다: { $object }: { $created }, { $from }
clean-left-alone = 그대로 두었습니다: { $object }: { $created }, { $from }. 지금 그 자리에 있는 것은 그 실행의 것이 아닙니다: { $why }
clean-not-removed = { $object }을(를) 제거할 수 없었습니다: { $why }. 직접 제거하려면: { $command }
clean-still-running = 그대로 두었습니다: 아직 실행 중인 `{ $command }`(ipclab pid { $pid })의 객체
clean-run-dir = 빈 실행 디렉터리 { $dir }을(를) 제거했습니다(그 실습은 끝났습니다)
clean-grading-dir = 채점 디렉터리 { $dir }을(를) 제거했습니다(그 채점기는 강제 종료되었습니다)
clean-grading-dir-dry = 채점 디렉터리 { $dir }을(를) 제거할 것입니다(그 채점기는 강제 종료되었습니다)
clean-nothing = 정리할 것이 없습니다: 트레이스한 실행이 남긴 IPC 객체가 없습니다
