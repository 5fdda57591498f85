# 실습 10의 검사(src/grade/labs/lab10.rs).

check-10-semaphores-shared = 1부: 세그먼트 안에 프로세스 공유(process-shared) 세마포어(semaphore) 두 개(sem_init의 pshared 1)를 둡니다. 모든 futex 호출이 세그먼트 안의 워드(word)에 대한 것이고, private인 것은 없으며, 생산자(producer)와 소비자(consumer)는 서로 다른 워드에서 잠듭니다
check-10-waits-when-full-or-empty = 두 부 모두에서, 링(ring)이 가득 찬 동안 생산자(producer)가, 비어 있는 동안 소비자(consumer)가 커널 안에서 잠듭니다(wake로 끝나는 futex wait)
check-10-items-in-order = 두 부 모두에서, 마지막으로 뗄 때의 세그먼트(segment)가 모든 항목이 한 번씩 순서대로 도착했다고 말하고, 링(ring)의 카운터도 맞습니다(64개 씀, 64개 가져감)
check-10-wakes-only-sleepers = 2부: 프로세스는 상대가 잠들어 있을 수 있을 때만 FUTEX_WAKE를 호출하고, 항목마다 호출하지 않습니다
check-10-no-lost-wakeup = 핸드셰이크(handshake) 테스트에서, 자는 쪽은 잠들려 하는데 깨우는 쪽은 깨우지 않으려 하는 회차가 하나도 없고, 이미 값이 바뀐 futex 워드에서 잠드는 프로세스도 없습니다

# 커널 뷰가 쓰는 링(ring)의 상태(영어에서는 "the" 뒤에 옵니다).
lab10-the-ring = { $ring }
lab10-view-read = . 커널 뷰가 읽은 상태: { $ring }

lab10-part-expected = { $who }가 { $part }부를 위해 세그먼트(segment)를 만들고 소비자(consumer)를 fork하는 것
lab10-part-never = 세그먼트 { $segments }개와 자식 프로세스 { $children }개를 만들었습니다. { $part }부는 시작되지 않았습니다
lab10-shared-expected = 생산자(producer)와 소비자(consumer)가 세그먼트 { $shmid } 안의 세마포어(semaphore) 두 개(sem_init의 pshared 1)로 잠들고 깨는 것: FUTEX_PRIVATE_FLAG 없이, 세그먼트의 두 워드(word)에 대한 futex 호출
lab10-no-futex = 1부에 futex 호출이 없습니다. 어느 프로세스도 세마포어에서 잠들거나 다른 프로세스를 깨운 적이 없습니다
lab10-never-waited = 세마포어(semaphore)가 한 번도 프로세스를 기다리게 하지 않았습니다. 하나는 빈 슬롯을 세고(4에서 시작), 다른 하나는 찬 슬롯을 세며(0에서 시작), 각 쪽은 자기 세마포어에서 기다립니다
lab10-pshared-zero = sem_init의 pshared가 0입니다. 그러면 C 라이브러리가 private futex를 써서, 한 프로세스의 post가 다른 프로세스를 결코 깨우지 못합니다
lab10-outside = { $call }: 세그먼트 바깥의 워드(word)입니다
lab10-not-in-segment = 세마포어가 공유 세그먼트(segment) 안에 없습니다. 각 프로세스는 자기 사본에서 기다리고, 상대 프로세스의 post는 거기에 닿지 않습니다
lab10-both-sleep = 생산자와 소비자가 모두 { $word }에서 잠듭니다
lab10-one-semaphore = 두 조건에 세마포어(semaphore) 하나를 씁니다. "빈 슬롯이 있다"와 "찬 슬롯이 있다"에는 세마포어가 하나씩 필요합니다
lab10-never-slept-part1 = { $role ->
        [producer] 생산자
       *[consumer] 소비자
    }(pid { $pid })는 1부에서 세마포어에 한 번도 잠들지 않았습니다

lab10-producer-sleeps = { $part }부에서, 소비자가 항목을 천천히 가져가 슬롯 4개가 모두 찬 동안 생산자(producer)가 커널 안에서 잠드는 것(wake로 끝나는 futex wait)
lab10-consumer-sleeps = { $part }부에서, 생산자가 항목을 천천히 만들어 링(ring)이 빈 동안 소비자(consumer)가 커널 안에서 잠드는 것(wake로 끝나는 futex wait)
lab10-producer-never-waited = 생산자가 빈 슬롯을 한 번도 기다리지 않았습니다. 아예 기다리지 않거나, 기다리는 대상이 결코 0까지 내려가지 않아서(두 조건에 세마포어 하나, 또는 너무 높게 시작한 세마포어), 소비자가 아직 가져가지 않은 항목 위에 덮어썼습니다
lab10-consumer-never-waited = 소비자가 찬 슬롯을 한 번도 기다리지 않았습니다. 아예 기다리지 않거나, 기다리는 대상이 결코 0까지 내려가지 않아서(두 조건에 세마포어 하나, 또는 0보다 높게 시작한 세마포어), 생산자가 아직 채우지 않은 슬롯을 가져갔습니다
lab10-no-wait = { $role ->
        [producer] 생산자
       *[consumer] 소비자
    }(pid { $pid })는 { $part }부에서 futex wait를 한 번도 하지 않았습니다{ $overrun }
lab10-never-woken = { $role ->
        [producer] 생산자
       *[consumer] 소비자
    }(pid { $pid })는 { $part }부에서 깨워질 때까지 잠든 적이 없습니다. 그 프로세스의 wait 호출

lab10-items-expected = 세그먼트 { $shmid }({ $part }부)를 마지막으로 뗄 때, 항목 { $items }개가 모두 순서대로 도착했고 틀린 것이 없으며, 링(ring)의 카운터가 { $items }개 씀, { $items }개 가져감이라고 나오는 것
lab10-consumer-unfinished = { $part }부의 소비자(pid { $pid })가 항목을 끝까지 받지 못했습니다
lab10-no-header = 세그먼트의 첫 바이트들에 링 헤더(header)가 없습니다: { $contents }
lab10-last-reading = 커널 뷰가 세그먼트를 마지막으로 읽었을 때(pid { $pid } 프로세스를 통해), 항목 { $received }개가 순서대로 도착했고 { $wrong }개는 기대한 항목이 아니었습니다. { $ring }{ $overrun }
lab10-counters-move = 항목을 하나 넣을 때마다, 하나 가져갈 때마다 카운터가 하나씩 나아가야 합니다. 커널 뷰는 링(ring)의 헤더에서 카운터를 읽습니다
lab10-each-waits = 소비자가 아직 없는 항목을 가져갔거나, 생산자가 아직 가져가지 않은 항목 위에 덮어썼습니다. 각 쪽은 자기 조건을 기다려야 합니다

lab10-few-wakes-expected = 상대 프로세스가 잠들어 있을 수 있을 때만(그 플래그(flag)가 올라가 있을 때만) FUTEX_WAKE를 호출해서, 링이 가득 차지도 비지도 않은 때의 항목에는 시스템 콜(system call)이 들지 않는 것
lab10-never-slow = pid { $pid } 프로세스는 2부에서 항목을 천천히 다루는 단계에 이르지 못했습니다
lab10-needless-wakes = 2부에서 상대 프로세스가 항목을 천천히 만들거나 쓰느라 한 번도 잠들지 않은 동안 FUTEX_WAKE 호출 { $n }번
lab10-wake-every-item = 항목마다 깨웁니다. 먼저 may_be_asleep에 물어보고, 그렇다고 할 때만 FUTEX_WAKE를 호출하십시오

lab10-lost-expected = 잃어버린 깨우기(lost wake-up)이 없는 것: 핸드셰이크(handshake) 테스트에서 자는 쪽은 잠들기로 하는데 깨우는 쪽은 깨우지 않기로 하는 일이 결코 없고, 이미 값이 바뀐 futex 워드에서 잠든 프로세스도 없는 것
lab10-asleep = 시간이 다 되었을 때 pid { $pid } 프로세스는 { $call }에서 잠들어 있었습니다: { $facts }
lab10-missed-flag = { $diagnosis } FUTEX_WAKE를 한 번도 호출하지 않았거나, 핸드셰이크에서 깨우는 쪽이 자는 쪽의 플래그(flag)를 놓쳤습니다. 자는 쪽은 워드를 다시 보기 전에 플래그를 올려야 하고, 양쪽 모두 저장(store)과 읽기(load) 사이에 SeqCst 펜스(fence)를 두어야 합니다
lab10-no-tallies = 세그먼트의 첫 바이트들에 집계(tally)가 없습니다: { $contents }
lab10-no-round = 핸드셰이크 테스트가 한 회차도 돌지 않았습니다
lab10-too-few-met = 세그먼트에 따르면 핸드셰이크 테스트가 잃은 회차는 없지만, 두 쪽이 만난(서로의 저장을 본) 회차가 { $rounds }회 가운데 { $met }회뿐입니다. 잃어버린 깨우기이 드러나기에는 너무 적어서, 이 테스트로는 어느 쪽도 증명되지 않습니다
lab10-busy-machine = 꼭 여러분의 잘못은 아닙니다. 두 프로세스가 같은 순간에 실행된 일이 드물어서(바쁜 컴퓨터) 테스트가 둘을 경쟁시키지 못했습니다. 더 한가한 컴퓨터에서 다시 검사하십시오. 그래도 같은 말이 나오면, 각 쪽은 저장(store)하고, SeqCst 펜스(fence)를 두고, 그다음 읽어야(load) 합니다
lab10-lost-rounds = 세그먼트에 따르면 핸드셰이크 테스트가 { $rounds }회 가운데 { $lost }회를 잃었습니다(그 가운데 { $raced }회는 두 프로세스가 서로 다른 CPU에 있었습니다). 그때마다 자는 쪽은 워드가 그대로라서 잠들려 했고, 깨우는 쪽은 플래그를 보지 못해 깨우지 않으려 했습니다
lab10-not-ordered = 플래그(flag)와 워드(word)의 순서가 정해져 있지 않습니다. 워드를 다시 보기 전에 플래그를 올리고, 양쪽 모두 저장(store)과 읽기(load) 사이에 SeqCst 펜스(fence)를 두십시오. Relaxed(또는 Acquire와 Release만)로는 각 쪽의 저장이 읽는 동안 CPU의 스토어 버퍼(store buffer)에 머물 수 있습니다
