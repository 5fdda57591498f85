# 실습 03의 검사(src/grade/labs/lab03.rs).

check-03-queue-created = 비공개 메시지 큐(private message queue) 하나를(IPC_PRIVATE, IPC_CREAT, 모드 0600) 부모가 fork하기 전에 한 번만 만듭니다
check-03-typed-both-ways = 요청은 메시지 타입(message type) 1로 서버에 가고 답은 타입 2로 돌아옵니다. 각 쪽은 자기 타입만 받습니다
check-03-queue-removed = msgctl(IPC_RMID)로 System V 메시지 큐(message queue)를 지웁니다
check-03-posix-priorities = POSIX 메시지 큐를 O_CREAT|O_EXCL|O_WRONLY, 모드 0600으로 만들고, 자식은 이름으로 큐를 열어 우선순위(priority)가 높은 메시지부터 받습니다
check-03-posix-removed = 두 프로세스가 모두 POSIX 큐 디스크립터(queue descriptor)를 닫고, mq_unlink로 큐의 이름을 지웁니다
check-03-retries-eintr = 각 프로세스의 msgsnd 하나와 msgrcv 하나를 중단시킨(interrupt) 실행(--inject msgsnd:EINTR:when=2 --inject msgrcv:EINTR:when=1)에서도, 각 프로세스가 중단된 호출을 다시 하고 주고받기를 끝까지 마칩니다

lab03-retry-why = 시그널(signal)이 msgsnd나 msgrcv를 중단시킬(EINTR) 수 있고, 커널은 이 호출들을 결코 다시 시작하지 않습니다. 같은 호출을 다시 하십시오
lab03-go-on-expected = 클라이언트가 다시 시도한 뒤에도 계속 진행해서 모든 응답을 받는 것: { $texts }

lab03-msgget-expected = 부모가 msgget으로 메시지 큐(message queue)를 만드는 것
lab03-one-msgget = msgget이 꼭 한 번인 것(큐 하나가 두 방향을 모두 나릅니다)
lab03-msgget-twice = 큐를 두 번 이상 만듭니다(프로세스마다, 또는 메시지마다)
lab03-a-server = 서버
lab03-queue-expected = 부모가 fork하기 전에 msgget(IPC_PRIVATE, IPC_CREAT|0600)을 호출하는 것
lab03-fixed-key = 고정된 키(key)를 씁니다. 두 실행(또는 두 학생)이 같은 큐를 나눠 쓰게 되어 서로의 메시지를 읽습니다
lab03-queue-flags = 플래그(flag)에 IPC_CREAT와 모드 0600이 있어야 합니다
lab03-queue-before-fork = fork하기 전에 큐가 있어야 두 프로세스가 모두 그 id를 압니다

lab03-type-zero = 메시지 타입(message type) 0으로 받으면 아무 메시지나 가져옵니다. 서버가 알림 메시지를 가져가거나, 한 프로세스가 자기가 보낸 메시지를 도로 읽습니다
lab03-must-receive = { $who }는 타입 { $want }을(를) 받아야 합니다
lab03-receive-only = { $who }가 메시지 타입(message type) { $want }만 받는 것
lab03-must-send = { $who }는 타입 { $want }로 보내야 합니다: 타입 { $got }의 메시지는 타입 { $got }를 요청하는 쪽이 가져가고, 타입 { $want }를 기다리는 프로세스에게는 가지 않습니다
lab03-requests-expected = 클라이언트가 "ping", "hello", "queue"를 메시지 타입(message type) 1로 보내는 것
lab03-its-msgsnds = 그 프로세스의 msgsnd 호출
lab03-no-msgsnd = msgsnd 호출이 없습니다
lab03-replies-expected = 서버가 각 요청에 대문자로 바꾼 메시지 타입(message type) 2로 답하는 것
lab03-receives-expected = { $who }가 타입 { $want } 메시지 { $n }개를 받는 것: { $texts }
lab03-its-msgrcvs = 그 프로세스의 msgrcv 호출
lab03-no-msgrcv = msgrcv 호출이 없습니다

lab03-mq-open-parent = 부모가 mq_open으로 POSIX 메시지 큐(message queue)를 만드는 것
lab03-no-mq-open = mq_open 호출이 없습니다
lab03-mq-open-expected = 부모가 { $call }을(를) 호출하는 것
lab03-excl-wronly = O_EXCL은 큐가 새것임을 보장합니다. 부모는 보내기만 하니 O_WRONLY입니다
lab03-mode-0600 = 모드가 0600이어야 합니다
lab03-sends-expected = 부모가 "low"(우선순위(priority) 1), "urgent"(9), "normal"(5)을 이 순서대로 보내는 것
lab03-its-mq-sends = 그 프로세스의 mq_send 호출
lab03-no-mq-send = mq_send 호출이 없습니다
lab03-a-receiver = POSIX 큐에서 받는 자식
lab03-child-open-rdonly = 자식이 O_CREAT 없이, 읽기 전용으로, 이름으로 큐를 여는 것
lab03-child-open-expected = 자식이 mq_open으로 이름을 써서 큐를 여는 것
lab03-never-mq-open = 자식은 mq_open을 한 번도 호출하지 않았습니다
lab03-receive-expected = 자식이 메시지 세 개를 "urgent", "normal", "low" 순서로(우선순위(priority)가 높은 것부터) 받는 것
lab03-buffer-small = 받는 버퍼(buffer, { $len }바이트)가 큐의 메시지 크기(mq_msgsize { $size })보다 작습니다. 그러면 메시지가 아무리 짧아도 mq_receive는 EMSGSIZE로 실패합니다. mq_msgsize바이트짜리 버퍼로 받으십시오
lab03-its-mq-receives = 그 프로세스의 mq_receive 호출
lab03-no-mq-receive = mq_receive 호출이 없습니다
lab03-receive-exactly = 꼭 PRIORITIZED.len()개의 메시지를, mq_msgsize바이트짜리 버퍼로 받으십시오
lab03-mq-close-expected = { $who }가 mq_close로 큐 디스크립터(queue descriptor) { $fd }을(를) 닫는 것
lab03-no-close = { $call }: 그리고 close({ $fd })가 없습니다
lab03-mq-close-forgotten = mq_close를 빠뜨렸습니다
