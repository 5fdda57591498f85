# 실습 04의 검사(src/grade/labs/lab04.rs).

check-04-segment-created = fork하기 전에 한 페이지짜리 비공개 세그먼트 하나를 만듭니다(IPC_PRIVATE, 4096바이트, IPC_CREAT, 모드 0600)
check-04-counts-without-calls = 부모와 자식이 각각 세그먼트를 붙이고, 자식은 shmat과 shmdt 사이에서 시스템 콜 없이 수를 셉니다
check-04-updates-lost = 증가가 따로 떨어진 읽기와 쓰기이므로 두 프로세스가 갱신을 잃습니다(강의가 보여 주는 대로)
check-04-segment-removed = 두 프로세스가 세그먼트를 떼고(shmdt) shmctl(IPC_RMID)로 세그먼트를 지웁니다
check-04-posix-object = 자식이 공유로 매핑하기 전에 POSIX 객체를 만들고(O_CREAT|O_EXCL|O_RDWR, 0600) ftruncate로 크기를 정합니다. 부모는 객체를 매핑해 인사말을 읽습니다
check-04-posix-unlinked = shm_unlink로 POSIX 객체의 이름을 지웁니다

lab04-shmget-expected = 부모 프로세스가 shmget으로 세그먼트를 만드는 것
lab04-one-shmget = shmget 호출이 꼭 하나인 것
lab04-counting-child = 수를 세는 자식 프로세스
lab04-segment-expected = 부모 프로세스가 fork하기 전에 shmget(IPC_PRIVATE, 4096, IPC_CREAT|0600)을 호출하는 것
lab04-fixed-key = 고정된 키입니다. 두 실행이 같은 세그먼트를 나눠 쓰게 됩니다
lab04-before-fork = 자식이 세그먼트의 id를 알려면 fork하기 전에 세그먼트가 있어야 합니다
lab04-attach = { $who }가 { $id }번 세그먼트를 붙이는 것
lab04-attach-shmat = { $who }가 shmat으로 { $id }번 세그먼트를 붙이는 것
lab04-no-shmat = shmat 호출이 없습니다
lab04-no-calls-between = 자식의 shmat과 shmdt 사이에 시스템 콜이 없는 것
lab04-no-shmdt-after = { $call } 뒤에 shmdt가 없습니다
lab04-memory-alone = 자식의 shmat과 shmdt 사이에 시스템 콜이 없는 것(카운터는 메모리만으로 움직입니다)
lab04-calls-between = 그 사이의 호출 { $n }개
lab04-counting-calls = 수를 세면서 시스템 콜을 합니다. 카운터는 붙인 메모리를 통해 읽고 쓰십시오
lab04-counter-bytes = 세그먼트의 8..16바이트에 카운터가 있는 것
lab04-fewer-bytes = 그보다 적은 바이트만 읽을 수 있었습니다
lab04-counter-held = { $who }가 세그먼트를 뗄 때 세그먼트의 카운터는 { $counter }였습니다(세그먼트에서 읽은 내용: { $contents })
lab04-add-expected = 두 프로세스가 세그먼트 안의 카운터에 더하는 것(최대 { $full })
lab04-counts-elsewhere = 붙인 세그먼트가 아닌 다른 곳에서 수를 셉니다
lab04-lose-expected = 잠금 없는 두 프로세스가 갱신을 잃는 것: { $full }보다 작은 카운터
lab04-atomic = 증가가 원자적 연산 한 번입니다(fetch_add?). 읽기, widen_window(), 그다음 저장의 두 단계로 하십시오
lab04-detach = { $who }가 shmdt로 세그먼트를 떼는 것
lab04-shm-open-expected = 부모 프로세스가 shm_open(/dev/shm 안의 openat)으로 객체를 만드는 것
lab04-no-such-open = 그런 open 호출이 없습니다
lab04-shm-open-flags = shm_open(name, O_CREAT|O_EXCL|O_RDWR, 0600) 호출
lab04-greeting-child = 인사말을 쓰는 자식 프로세스
lab04-ftruncate-expected = 누구든 매핑하기 전에 새 객체에 ftruncate(fd, 4096)를 호출하는 것
lab04-no-ftruncate = { $call } 뒤에 4096으로 늘리는 ftruncate가 없습니다
lab04-no-ftruncate-bus = { $call } 뒤에 4096으로 늘리는 ftruncate가 없고, 자식은 SIGBUS로 죽었습니다
lab04-size-zero = 새 객체의 크기는 0입니다. 그 매핑을 건드리면 프로세스가 SIGBUS로 죽습니다
lab04-sized-before-fork = fork하기 전에 객체의 크기를 정하는 것
lab04-child-opens = 자식 프로세스가 { $path }을(를) 이름으로 여는 것
lab04-no-open = 그 이름을 성공적으로 연 open 호출이 없습니다
lab04-child-mmap = 자식 프로세스가 4096바이트를 PROT_READ|PROT_WRITE, MAP_SHARED로 mmap하는 것
lab04-its-mmaps = 자식의 mmap 호출
lab04-no-mmap = mmap 호출이 없습니다
lab04-map-private = MAP_PRIVATE로 매핑하면 자식은 부모가 결코 보지 못하는 사본을 얻습니다
lab04-parent-mmap = 자식이 끝난 뒤 부모 프로세스가 객체를 mmap하는 것(PROT_READ, MAP_SHARED)
lab04-no-such-mmap = 그런 mmap 호출이 없습니다
lab04-munmap-close = { $who }가 객체를 munmap하고 fd { $fd }를 닫는 것
lab04-it-did-not = 그렇게 하지 않았습니다
lab04-mapping-held = { $who }가 매핑을 해제할 때 { $path } 매핑에는 { $contents }이(가) 있었습니다
lab04-greeting = 객체의 메모리에 인사말 { $greeting }이(가) 있는 것
lab04-no-munmap = { $who }가 { $path } 매핑을 munmap하지 않았습니다
lab04-greeting-by = { $who }가 { $role ->
        [wrote] 쓴
       *[read] 읽은
    } 객체의 메모리에 인사말 { $greeting }이(가) 있는 것
lab04-other-way = 인사말이 다른 길(파일? 파이프?)로 갑니다. 인사말은 공유 매핑을 거쳐야 합니다
