# 여러 실습의 검사가 함께 묻는 것(src/grade/labs/common.rs)과, 프로세스가
# 쥐고 있는 디스크립터를 부르는 이름(src/grade/model/fds.rs).

fd-read-end = { $target }의 읽기 끝(fd { $fd })
fd-write-end = { $target }의 쓰기 끝(fd { $fd })
fd-both-ends = { $target }의 양 끝(O_RDWR, fd { $fd })
fd-of = { $target }의 fd { $fd }

common-no-call = { $call } 호출이 없습니다
common-call-succeeds = { $call } 호출이 성공하는 것
common-fork-expected = 부모 프로세스(pid { $pid })가 { $what }을(를) fork하는 것
common-fork-found = 프로세스를 { $n }개 만들었습니다
common-no-shmdt-by = { $who }의 shmdt 호출이 없습니다
common-shmdt-forgotten = shmdt를 빠뜨렸습니다
common-shmdt-failed = { $who }가 shmdt를 불렀지만 실패했습니다
common-shmdt-address = shmdt는 shmat이 돌려준 주소만 뗍니다(아니면 EINVAL): 그 포인터를 한 번 넘기세요

eof-expected = { $who }가 read()가 0(EOF)을 돌려줄 때까지 { $target }에서 읽는 것
eof-never-read = { $who }는 { $target }에서 한 번도 읽지 않았습니다
eof-still-holds = pid { $pid } 프로세스가 아직 { $end }을(를) 쥐고 있었습니다
# eof-still-holds 문장 여럿을 잇는 말: 한국어판은 문장을 마침표로 나눕니다.
eof-and = .{" "}
eof-still-waiting = { $who }는 아직 { $call }에서 기다리고 있었습니다
eof-still-waiting-held = { $who }는 아직 { $call }에서 기다리고 있었고, { $held }
eof-own-copy = { $who }가 쓰기 끝의 자기 사본인 { $end }을(를) 닫지 않아서, 자기 read가 결코 0을 돌려줄 수 없습니다
eof-writer-keeps = { $who }가 다 쓴 뒤 { $end }을(를) 닫지 않아서, 읽는 쪽은 데이터가 더 오기를 기다립니다
eof-no-data = 읽는 쪽이 끝내 오지 않을 데이터를 기다립니다
eof-reads-stopped = { $who }는 { $n }번 읽고 멈췄고, 0을 돌려준 read는 없었습니다
eof-byte-stream = read 한 번이 write 한 번과 짝을 이루지 않습니다. 파이프는 바이트 스트림이므로 read()가 0을 돌려줄 때까지 루프를 돌며 읽으십시오

reap-expected = { $who }가 waitpid(wait4)로 자식 pid { $child } 프로세스를 기다려 좀비를 남기지 않는 것
reap-never-waited = { $who }는 wait4를 한 번도 호출하지 않았습니다
reap-never-waited-first = { $who }는 wait4를 한 번도 호출하지 않았고, 자식보다 먼저 끝났습니다
reap-no-waitpid = waitpid가 없습니다. 자식은 부모가 끝날 때까지 좀비로 남고, 부모는 자식이 어떻게 끝났는지 알 수 없습니다
reap-waits-of = { $who }의 wait 호출
reap-child-never-ended = 자식이 끝나지 않아서 부모는 실습이 강제 종료될 때까지 기다렸습니다. 다른 검사를 보십시오
reap-wrong-pid = waitpid를 다른 프로세스에 대해 호출했거나, 호출이 실패했습니다

segment-read-expected = 커널 뷰가 { $id }번 세그먼트를 마지막으로 떼기 전에 읽는 것
segment-read-found = 트레이스되는 동안 세그먼트를 뗀(shmdt) 프로세스도, 붙인 채 끝난 프로세스도 없었습니다
segment-read-mistake = 세그먼트를 뗀 프로세스가 없습니다. 프로세스들은 일이 끝나면 세그먼트를 떼어야 합니다

calls-more = ... 그리고 { $n }개 더

# `--inject`로 한 실행에 견고성(robustness) 검사가 묻는 것(src/grade/labs/injected.rs).
inject-or = {" 또는 "}
inject-retry-expected = 채점기가 EINTR로 중단시킨(interrupt) { $calls } 호출이 있고, 그 뒤 같은 호출을 다시 하는 것
inject-none-failed = { $calls } 호출 가운데 실패하게 만든 것이 없습니다: { $why }
inject-ran-without = 실습이 그런 호출을 한 번도 하지 않고 실행되었습니다
inject-again-expected = { $who }가 중단된(interrupted) { $call }을(를) 다시 호출하는 것
inject-then = { $call }
    그다음 { $next }
inject-went-on = 중단된 호출은 아무 일도 하지 않았는데, 프로세스는 그 호출이 성공한 것처럼 다음으로 넘어갔습니다. { $why }
inject-then-exited = 그다음 종료 상태 { $code }로 끝났습니다
inject-then-killed = 그다음 { $signal } 시그널(signal)로 죽었습니다
inject-no-such-call = 그 뒤에 같은 호출이 없습니다
inject-as-failure = EINTR을 실패로 다루었습니다. { $why }
