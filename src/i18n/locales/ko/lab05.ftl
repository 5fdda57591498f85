# 실습 05의 검사(src/grade/labs/lab05.rs).

check-05-semaphore-initialised = 세마포어(semaphore) 하나짜리 비공개 집합(IPC_PRIVATE, 모드 0600)을 만들고, 다른 프로세스가 생기기 전에 semctl(SETVAL)로 1로 설정합니다
check-05-lock-each-increment = 세는 프로세스마다 카운터를 읽기 전에 매번 세마포어(semaphore)를 획득하고(semop -1), 쓴 뒤에 반납합니다(+1). 각 -1이 돌아올 때와 그 +1을 부를 때 세그먼트에서 읽으면 모든 임계 구역이 정확히 1을 더하고, 카운터가 정확합니다
check-05-sem-undo = 모든 semop에 SEM_UNDO가 있어서, 세마포어(semaphore)를 쥔 채 죽은 프로세스의 몫을 커널이 반납합니다
check-05-removed = 세그먼트(segment)를 떼고(shmdt) 지우며(shmctl IPC_RMID), 세마포어 집합도 지웁니다(semctl IPC_RMID)
check-05-retries-semop = semop을 네 번에 한 번씩 중단시킨(interrupt) 실행(--inject semop,semtimedop:EINTR:when=1+4)에서도, 각 프로세스가 중단된 semop을 다시 한 뒤에 다음으로 넘어가고, 모든 임계 구역이 여전히 정확히 1을 더하고, 카운터가 여전히 정확합니다

lab05-semget-expected = 부모가 semget으로 세마포어 집합(semaphore set)을 만드는 것
lab05-one-semget = semget이 꼭 한 번인 것
lab05-semget-twice = 프로세스마다 자기 집합을 만듭니다. 그러면 두 프로세스가 더 이상 잠금(lock)을 함께 쓰지 않습니다
lab05-counting-child = 수를 세는 자식
lab05-set-expected = 부모가 fork하기 전에 semget(IPC_PRIVATE, 1, IPC_CREAT|0600)을 호출하고, 이어서 semctl(id, 0, SETVAL, 1)을 호출하는 것
lab05-no-setval = { $call }: 그리고 semctl(SETVAL)이 없습니다
lab05-starts-taken = 새 세마포어(semaphore)는 0(획득된 상태)입니다. SETVAL로 1을 넣지 않으면 첫 잠금이 영원히 기다립니다
lab05-start-at-one = 세마포어는 1(비어 있는 상태)에서 시작해야 합니다
lab05-late-setval = fork 뒤에, 또는 프로세스마다 초기화합니다. 한 프로세스가 잠금(lock)을 쥐고 있는 동안 다른 프로세스가 그것을 1로 되돌릴 수 있습니다

lab05-lock-expected = { $who }가 { $rounds }번의 증가마다 그 앞뒤로 세마포어(semaphore)를 획득하고 반납하는 것: semop -1, +1 쌍이 { $rounds }개
lab05-no-lock = { $who }는 semop -1을 한 번도 하지 않았습니다
lab05-left-out = 카운터 루프에서 세마포어(semaphore)를 빠뜨렸습니다. 두 프로세스가 여전히 서로의 갱신을 잃어버립니다
lab05-lock-once = 루프 전체를 감싸 한 번만 잠그거나, 일부 회차에서만 잠급니다. 회차마다 잠그십시오
lab05-unpaired = 어느 회차에 잠금(lock)만 있고 풀기(unlock)가 없습니다(또는 그 반대입니다)
lab05-swapped = 모든 라운드가 세마포어를 가져오기(-1) 전에 먼저 돌려줍니다(+1): unlock과 lock의 순서가 뒤바뀌어, 카운터를 읽고 쓰는 일이 락 밖에서 일어납니다
lab05-locks-in = semop 호출 { $n }번 가운데 semop -1이 { $locks }번
lab05-section-expected = { $who }의 모든 임계 구역(critical section), 곧 세마포어를 획득한 semop -1부터 그다음 semop +1까지가 세그먼트 안의 카운터에 정확히 1을 더하는 것
lab05-section-changed = { $who }의 임계 구역 { $total }개 가운데 { $wrong }개가 정확히 1을 더하지 않았습니다. 그 첫 번째에서 세그먼트에서 읽은 카운터는 semop -1이 돌아올 때 { $before }, semop +1을 부를 때 { $after }입니다
lab05-section-unread = { $who }의 임계 구역 { $total }개 가운데 { $wrong }개는 양 끝에서 읽은 카운터 값이 없습니다. 그 첫 번째
lab05-section-empty = 증가가 잠금(lock) 밖에서 일어났거나 아예 일어나지 않았습니다. { $who }가 세마포어를 쥐고 있는 동안 카운터가 바뀌지 않았습니다. 카운터를 읽고 쓰는 일(또는 fetch_add)을 lock()과 unlock() 사이에 두십시오
lab05-section-other = { $who }가 세마포어를 쥐고 있는 동안 카운터가 1이 아니라 { $delta }만큼 바뀌었습니다. 다른 프로세스가 세마포어를 획득하지 않고 잠금(lock) 밖에서 카운터에 썼거나, 이 구역이 1보다 많이 더합니다
lab05-section-unattached = 프로세스가 세마포어를 쥐고 있는 동안 세그먼트가 붙어 있지 않았거나(shmat 전, shmdt 뒤) 읽을 수 없었습니다. 카운터는 세마포어를 쥔 채로 세그먼트 안에서 더하십시오
lab05-shmget-expected = 부모가 shmget으로 카운터의 세그먼트(segment)를 만드는 것
lab05-no-shmget = 성공한 shmget이 없습니다
lab05-exact-expected = 세그먼트 안의 카운터가 정확히 { $full }인 것
lab05-counter-held = { $who }가 세그먼트(segment)를 뗄 때 카운터는 { $n }이었습니다(세그먼트에서 읽은 내용: { $contents })
lab05-outside-lock = 카운터를 읽는 일이 잠금(lock) 바깥에 있습니다. 읽기(load) 전에 잠그고, 쓰기(store) 뒤에 푸십시오
lab05-counter-bytes = 세그먼트의 8..16바이트에 카운터가 있는 것
lab05-fewer-bytes = 그보다 적은 바이트만 읽을 수 있었습니다
lab05-retry-why = 중단된 semop -1은 세마포어(semaphore)를 획득하지 않았습니다(중단된 +1은 반납하지 않았습니다). 같은 semop을 다시 하십시오

lab05-undo-calls-expected = SEM_UNDO가 붙은 semop 호출
lab05-no-semop = 그 집합에 semop이 없습니다
lab05-holder-child = 세마포어를 쥔 채 끝나는 자식
lab05-holder-exited = . 세마포어를 쥔 자식(pid { $holder })이 그대로 끝났고, 그 뒤 부모가 호출한 { $call }
lab05-undo-expected = 모든 semop에 SEM_UNDO가 있는 것
lab05-without-undo = SEM_UNDO가 없는 semop 호출 { $n }번, 첫 호출: { $call }{ $after }
lab05-no-undo = SEM_UNDO가 없습니다. 세마포어(semaphore)를 쥔 채 프로세스가 죽으면 세마포어는 0으로 남고, 다른 모든 프로세스가 영원히 기다립니다
lab05-free-again = 쥐고 있던 프로세스가 죽은 뒤 세마포어가 다시 비어 있는(1) 것
lab05-getval-expected = 쥐고 있던 프로세스가 죽은 뒤 부모가 세마포어 값을 읽는 것
lab05-no-getval = semctl(GETVAL)이 없습니다
lab05-shmdt-expected = 부모가 shmdt로 세그먼트(segment)를 떼는 것
lab05-segment-or-set = 세그먼트 또는 세마포어 집합
