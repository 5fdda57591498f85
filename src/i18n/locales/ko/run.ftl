# `ipclab run`, `hint`, `lesson`이 트레이스 곁에서 학생에게 하는 말
# (src/run.rs, src/watch.rs, src/lesson.rs).

run-panicked = { $lab } 실습이 패닉했습니다. 위의 메시지가 함수와 줄을 알려 줍니다(종료 상태 101).
run-failed = { $lab } 실습이 실패했습니다(종료 상태 { $code }).
run-killed-by = { $lab } 실습이 { $signal } 시그널로 종료되었습니다.
run-killed-by-core = { $lab } 실습이 { $signal } 시그널로 종료되었습니다(코어 덤프).
run-timed-out = { $lab } 실습이 { $secs }초 안에 끝나지 않아, 실습이 시작한 모든 것과 함께 강제 종료했습니다.
run-removed-empty-dir = 빈 실행 디렉터리를 제거했습니다: { $dir }

# 누수 줄. $objects: 누수된 객체(run-leak-object)들을 ", "로 이은 것; $count: 그 수.
run-leak-object = { $name }(pid { $pid } 프로세스가 { $call } 호출로 만듦)
run-leak-what = { $count ->
        [one] { $objects }
       *[other] 객체 { $count }개({ $objects })
    }
run-leak-kept = 아직 남아 있습니다(--keep-leaks).
run-leak-kept-remove = 아직 남아 있습니다(--keep-leaks). 제거하려면: { $commands }
run-leak-removed = 실행이 끝난 뒤 ipclab이 제거했습니다(--keep-leaks를 주면 남겨 둡니다).
# $status는 ipclab 자신의 종료 상태입니다(실습은 0으로 끝났습니다).
run-leak-ended = LEAKED: { $lab } 실습이 커널에 만든 것을 제거하지 않고 끝났습니다(ipclab의 종료 상태 { $status }): { $what }. { $after }
run-leak-stopped = LEAKED: { $lab } 실습이 만든 것을 제거하기 전에 중단되었습니다: { $what }. { $after }

# 실행 중의 알림(watch.rs).
run-quiet = { $quiet }초 동안 시스템 콜이 없습니다. 실습이 기다리는 중입니다(또는 시스템 콜 없이 실행 중입니다). { $limit }초가 되면 ipclab이 실습을 끝내고 각 프로세스가 어디서 기다리는지 알려 줍니다. 지금 끝내려면 Ctrl-C를 누르십시오(--timeout SECS로 시간 제한을 정합니다).
run-panic-folded = 패닉: 패닉 핸들러의 호출 { $count }개를 접어 두었습니다(함수 이름을 찾으려고 프로그램의 심볼을 읽고, 실습의 표준 오류에 보이는 메시지를 쓰는 호출들).
run-panic-folded-short = 패닉: 패닉 핸들러의 호출 { $count }개를 접어 두었습니다.

# ipclab hint
hint-none = { $lab } 실습에는 힌트가 없습니다({ $path } 파일이 없습니다).
hint-empty = { $lab } 실습의 { $path } 파일에는 힌트가 없습니다.
hint-heading = { $lab } 실습의 힌트 { $index }/{ $count }:
hint-heading-for = { $lab } 실습의 힌트 { $index }/{ $count }(마지막 `ipclab check { $number }`에서 실패한 `{ $check }` 검사의 힌트):
hint-all-seen = (이 실습의 힌트를 모두 보았습니다. 강의 전체는 `ipclab lesson { $number }`로 볼 수 있고, `ipclab hint { $number } --reset`은 힌트를 처음부터 다시 보여 줍니다.)

# 요청한 언어의 판이 아직 없을 때(ipclab lesson, hint).
lesson-untranslated-hints = { $lab } 실습에는 아직 한국어 힌트({ $translated })가 없어 영어판({ $file })을 보여 줍니다.
lesson-untranslated-lesson = { $lab } 실습에는 아직 한국어 강의({ $translated })가 없어 영어판({ $file })을 보여 줍니다.
