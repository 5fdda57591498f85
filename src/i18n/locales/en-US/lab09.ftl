# Lab 09's checks (src/grade/labs/lab09.rs). The mechanisms keep the names
# the lab's tables print (pipe, FIFO, System V msg, POSIX mq, shm ring...).

check-09-runs = the lab runs every trial to completion, prints both tables and writes the chart
check-09-pipe = pipe: in every trial the parent writes each message whole to one pipe and reads the echo whole from the other; the child the reverse
check-09-fifo = FIFO: the same exchange through the two FIFOs
check-09-sysv-msg = System V queue: one msgsnd and one msgrcv per message, type 1 towards the child and type 2 back
check-09-posix-mq = POSIX queues: one mq_send and one mq_receive per message
check-09-shm-ring = shared memory ring: a full ring makes send sleep on the `read` futex (the depth count times out on it); a receiver with nothing to read sleeps in FUTEX_WAIT on `written`; every futex is shared (no FUTEX_PRIVATE_FLAG) and is one of the ring's four words
check-09-sockets = Unix socket and TCP: each message written whole and read whole on each process's own end
check-09-file = file: pwrite at the writer's offset, pread until the message is whole, and after a pread that found nothing new, a read of the inotify descriptor (sleeping), never another try at once
check-09-everything-removed = every queue, segment, FIFO and file of every trial is removed

lab09-complete-trials = { $trials } complete trials of { $mech }
lab09-trial-incomplete = a trial of { $mech } did not complete
lab09-trials = { $trials } trials of { $mech }
lab09-trials-ran = { $n } of the { $trials } trials of { $mech } ran
lab09-stream-expected = in each trial of { $mech }, { $who } to send { $sent } bytes and receive { $received } ({ $rounds } round trips of { $small } bytes, { $rounds } messages of { $large }, two replies)
lab09-stream-found = it sent { $sent } bytes and received { $received }
lab09-whole-message = send or receive does not move the whole message (write until all is written, read until the buffer is full)
lab09-queue-expected = in each trial of { $mech }, { $who } to make { $sends } { $send } and { $receives } { $receive } calls, one per message
lab09-queue-found = { $sent } and { $received }
lab09-send-type = { $who } to send type { $kind }
lab09-tx-type = use the end's tx_type: one type per direction
lab09-receive-type = { $who } to receive type { $kind }
lab09-rx-type = use the end's rx_type: receiving type 0 may take back your own message
lab09-word-child-written = `written` of the ring to the child
lab09-word-child-read = `read` of the ring to the child
lab09-word-parent-written = `written` of the ring to the parent
lab09-word-parent-read = `read` of the ring to the parent
lab09-word-none = no word of the ring
lab09-futex-shared = every futex of the ring to be shared between the two processes
lab09-futex-private = FUTEX_PRIVATE_FLAG: the kernel finds a private futex through the calling process's own memory, so a wake from the other process never reaches the sleeper
lab09-four-words = every futex of the ring to be one of its four words (offsets 0, 64, 128 and 192 of the segment, attached at { $base })
lab09-offset = { $call } (offset { $offset })
lab09-ring-shmget = the parent to create the ring's segment with shmget
lab09-no-shmget = no shmget call
lab09-ring-shmat = the parent to attach the ring's segment (shmat) before it forks
lab09-no-shmat-after = no shmat after the shmget
lab09-depth-expected = the depth count to fill the ring's { $depth } slots and then find it full: the next send sleeps on { $word } (offset { $offset }) with a zero timeout, and FUTEX_WAIT times out (ETIMEDOUT)
lab09-never-waited = no send of the depth count ever waited
lab09-ring-full = send does not wait while the ring is full (written - read == slots): it would overwrite a message the receiver has not read
lab09-ring-attach = the parent to attach the ring's segment before it forks
lab09-no-shmat-trial = no shmat in the trial
lab09-woken-expected = a process asleep on { $word } to be woken by the other once it moves that word on
lab09-still-asleep = { $call }
    was still asleep when the run was killed
lab09-still-asleep-no-wake = { $call }
    was still asleep when the run was killed, and no FUTEX_WAKE on that word ever came
lab09-lost-wakeup = a wake-up was lost: { $sleeper ->
        [receiver] the receiver
       *[other] the sender
    } fell asleep after the other process had moved { $word } on and looked at its flag; raise the flag, then look at the word once more, before FUTEX_WAIT
lab09-never-wakes = { $sleeper ->
        [receiver] send
       *[other] receive
    } moves { $word } on but never wakes { $sleeper ->
        [receiver] the receiver
       *[other] the sender
    } that sleeps on it (wake_if_asleep)
lab09-receiver-sleeps = a receiver that finds its ring empty to sleep in futex(FUTEX_WAIT) on its ring's `written` word until the sender wakes it
lab09-never-slept = in { $n } trials of { $rounds } round trips, no receiver ever slept on a `written` word
lab09-spins = the receiver never sleeps when the ring is empty: it spins, burning a CPU (on one CPU, the time the sender needs to run)
lab09-nothing = nothing
lab09-inotify-expected = after a pread that found nothing new (= 0), a read of the receiver's inotify descriptor, which sleeps until the writer's next write
lab09-followed-by = { $call }
    followed by { $after }
lab09-file-polls = the receiver polls: it tries the file again at once instead of sleeping in read on its inotify descriptor (a busy loop burns a CPU, and on one CPU delays the writer)
lab09-all-trials = the lab to run all { $n } trials, so that what each creates and removes can be judged
lab09-removed-what = queue, segment, FIFO or file
