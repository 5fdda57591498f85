# Lab 03's checks (src/grade/labs/lab03.rs).

check-03-queue-created = one private queue (IPC_PRIVATE, IPC_CREAT, mode 0600), created once by the parent before the fork
check-03-typed-both-ways = requests go to the server as type 1 and replies come back as type 2; each side receives only its type
check-03-queue-removed = the System V queue is removed with msgctl(IPC_RMID)
check-03-posix-priorities = the POSIX queue is created with O_CREAT|O_EXCL|O_WRONLY, mode 0600; the child opens it by name and receives highest priority first
check-03-posix-removed = both processes close their POSIX queue descriptor and the name is removed with mq_unlink
check-03-retries-eintr = run with a msgsnd and a msgrcv of each process interrupted (--inject msgsnd:EINTR:when=2 --inject msgrcv:EINTR:when=1), each process makes the interrupted call again and the exchange completes

lab03-retry-why = a signal may interrupt msgsnd or msgrcv (EINTR), and the kernel never restarts them: make the same call again
lab03-go-on-expected = the client to go on after the retries and receive every reply: { $texts }

lab03-msgget-expected = the parent to create a queue with msgget
lab03-one-msgget = exactly one msgget: one queue carries both directions
lab03-msgget-twice = the queue is created more than once (by each process, or once per message)
lab03-a-server = a server
lab03-queue-expected = msgget(IPC_PRIVATE, IPC_CREAT|0600) in the parent, before the fork
lab03-fixed-key = a fixed key: two runs (or two students) share the queue and read each other's messages
lab03-queue-flags = the flags need IPC_CREAT and the mode 0600
lab03-queue-before-fork = the queue must exist before fork so both processes know its id

lab03-type-zero = receiving type 0 takes any message: the server takes the note, or a process reads back its own message
lab03-must-receive = { $who } must receive type { $want }
lab03-receive-only = { $who } to receive only type { $want }
lab03-must-send = { $who } must send type { $want }: a message of type { $got } goes to whoever asks for type { $got }, never to the process waiting for type { $want }
lab03-requests-expected = the client to send "ping", "hello", "queue" as messages of type 1
lab03-its-msgsnds = its msgsnd calls
lab03-no-msgsnd = no msgsnd call
lab03-replies-expected = the server to answer each request in capitals as type 2
lab03-receives-expected = { $who } to receive { $n } message(s) of type { $want }: { $texts }
lab03-its-msgrcvs = its msgrcv calls
lab03-no-msgrcv = no msgrcv call

lab03-mq-open-parent = the parent to create a POSIX queue with mq_open
lab03-no-mq-open = no mq_open call
lab03-mq-open-expected = { $call } in the parent
lab03-excl-wronly = O_EXCL makes sure the queue is new; the parent only sends, so O_WRONLY
lab03-mode-0600 = the mode must be 0600
lab03-sends-expected = the parent to send "low" (priority 1), "urgent" (9), "normal" (5), in that order
lab03-its-mq-sends = its mq_send calls
lab03-no-mq-send = no mq_send call
lab03-a-receiver = a receiver for the POSIX queue
lab03-child-open-rdonly = the child to open the queue by its name, read-only, without O_CREAT
lab03-child-open-expected = the child to open the queue by its name with mq_open
lab03-never-mq-open = it never called mq_open
lab03-receive-expected = the child to receive three messages: "urgent", "normal", "low" (highest priority first)
lab03-buffer-small = the receive buffer ({ $len } bytes) is smaller than the queue's message size (mq_msgsize { $size }): mq_receive fails with EMSGSIZE however short the message is; receive into a buffer of mq_msgsize bytes
lab03-its-mq-receives = its mq_receive calls
lab03-no-mq-receive = no mq_receive call
lab03-receive-exactly = receive exactly PRIORITIZED.len() messages, into a buffer of mq_msgsize bytes
lab03-mq-close-expected = { $who } to close its queue descriptor { $fd } with mq_close
lab03-no-close = { $call } and no close({ $fd })
lab03-mq-close-forgotten = mq_close was forgotten
