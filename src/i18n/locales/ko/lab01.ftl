# 실습 01의 검사(src/grade/labs/lab01.rs).

check-01-data-through-pipe = 파이프(pipe)는 꼭 하나이고, 부모가 메시지 전체를 그 파이프에 쓰고 자식이 그것을 모두 읽습니다
check-01-closes-unused-ends = 각 프로세스가 읽거나 쓰기 전에 자기가 쓰지 않는 파이프(pipe) 끝을 닫습니다
check-01-reader-sees-eof = 자식이 read()가 0(파일 끝(end of file, EOF))을 돌려줄 때까지 읽습니다
check-01-reaps-child = 부모가 waitpid로 자식을 기다려 회수(reap)하므로 좀비(zombie)가 남지 않습니다
check-01-no-fd-leak = 모든 프로세스가 끝날 때 파이프(pipe)의 양 끝을 모두 닫았습니다
check-01-short-writes = 모든 write가 요청보다 적게 쓰도록 한 실행(--inject write:short)에서도, 부모가 메시지 전체를 쓰고 자식이 그것을 읽습니다

lab01-pipe-expected = 부모가 pipe(2)로 파이프(pipe)를 하나 만드는 것
lab01-no-pipe = 파이프를 만들지 않았습니다
lab01-two-descriptors = pipe(2)가 파일 디스크립터(file descriptor, fd) 두 개를 돌려주는 것
lab01-one-pipe = 파이프(pipe)가 꼭 하나인 것
lab01-pipes = 파이프 { $n }개
lab01-pipe-twice = pipe()를 두 번 이상 호출합니다(루프 안에서, 또는 fork 뒤에 두 프로세스가 모두)
lab01-one-child = 자식 하나
lab01-pipe-before-fork = 부모가 fork하기 전에 파이프(pipe)를 만드는 것
lab01-pipe-after-fork = fork 뒤에 만든 파이프는 공유되지 않습니다. 자식은 그 파이프를 물려받지 않습니다
lab01-write-expected = 부모가 { $target }에 { $text }을(를) 쓰는 것
lab01-it-wrote = 쓴 내용 { $text }
lab01-write-whole = parent_writes가 메시지 전체를 쓰지 않습니다(write는 요청보다 적게 쓸 수 있으니, 루프를 도십시오)
lab01-write-restarts = parent_writes는 루프를 돌지만, 매번 write가 메시지의 첫 바이트부터 다시 씁니다: 짧은 쓰기 뒤에는 남은 부분(write가 돌려준 수 이후의 바이트)만 쓰십시오
lab01-read-expected = 자식이 { $target }에서 { $text }을(를) 읽는 것
lab01-it-read = 읽은 내용 { $text }
lab01-read-whole = child_reads가 파일 끝(end of file, EOF)까지 읽은 바이트를 모두 모아 두지 않습니다
lab01-one-way-expected = 부모는 쓰기만 하고 자식은 읽기만 하는 것
lab01-one-way = { $who }가 파이프(pipe){ $wrong ->
        [write] 에 씁니다
       *[read] 에서 읽습니다
    }. 파이프는 한 방향으로만 흐릅니다

lab01-close-read-end-expected = { $who }가 쓰기 전에, 자기가 쓰지 않는 읽기 끝(read end, fd { $fd })을 닫는 것
lab01-close-write-end-expected = { $who }가 읽기 전에, 자기가 쓰지 않는 쓰기 끝(write end, fd { $fd })을 닫는 것
lab01-then-no-write = { $call }, 그 뒤 파이프에 write가 한 번도 없습니다
lab01-then-no-read = { $call }, 그 뒤 파이프에서 read가 한 번도 없습니다
lab01-never-writes = { $who }는 쓰는 데까지 가지 못했습니다. 다른 검사를 보십시오
lab01-never-reads = { $who }는 읽는 데까지 가지 못했습니다. 다른 검사를 보십시오
lab01-closed-only-after = 이것을 한 뒤에야 닫았습니다
lab01-while-holding = { $call }: 아직 { $end }을(를) 쥔 채였습니다
lab01-never-closed-after = { $call }: 그리고 fd { $fd }은(는) 끝내 닫지 않았습니다
lab01-keeps-write-end = { $who }가 쓰기 끝(write end)의 자기 사본을 쥐고 있습니다. 쓰기 끝이 하나라도 열려 있는 동안 그 read는 결코 0(파일 끝(end of file, EOF))을 돌려주지 않습니다
lab01-keeps-read-end = { $who }가 쓰지도 않는 읽기 끝(read end)을 쥐고 있습니다. 그 끝에 대해 close_unused를 호출하지 않았습니다
lab01-never-closed = { $who }는 fd { $fd }을(를) 한 번도 닫지 않았습니다
lab01-close-unused = close_unused가 close(2)로 그 끝을 닫지 않습니다

lab01-used-expected = 파이프(pipe)를 쓰고(부모는 쓰고 자식은 읽고), 그다음 모든 끝을 닫는 것
lab01-never-used = 파이프를 한 번도 쓰지 않았습니다
lab01-ended-holding = { $who }가 { $end }을(를) 쥔 채 끝났습니다
lab01-leak-expected = 각 프로세스가 끝나기 전에 자기가 쥔 파이프(pipe) 끝을 모두 닫는 것
lab01-cut-holding = 한 프로세스가 파이프 끝을 쥔 채 도중에 끊겼습니다
lab01-leak-mistake = 파이프 끝 하나를 끝내 닫지 않습니다. 읽기 끝(read end)은 파일 끝(end of file, EOF)을 본 뒤에, 쓰기 끝(write end)은 다 쓴 뒤에 닫으십시오
