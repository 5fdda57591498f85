# Lab 10's checks (src/grade/labs/lab10.rs).

check-10-semaphores-shared = part 1: two process-shared semaphores in the segment (sem_init with pshared 1): every futex call is on a word in the segment, none private, and the producer and the consumer sleep on two different words
check-10-waits-when-full-or-empty = in both parts, the producer sleeps in the kernel (a futex wait a wake ends) while the ring is full, and the consumer while it is empty
check-10-items-in-order = in both parts, the segment at its last detach says every item arrived once, in order, and the ring's counters agree (64 written, 64 taken)
check-10-wakes-only-sleepers = part 2: a process calls FUTEX_WAKE only when the other may be asleep, never on every item
check-10-no-lost-wakeup = the handshake test finds no round in which the sleeper would sleep while the waker would not wake it, and no process sleeps on a futex word that has moved on

# The ring as the kernel view writes it, after "the" in English.
lab10-the-ring = the { $ring }
lab10-view-read = ; the kernel view read the { $ring }

lab10-part-expected = { $who } to make a segment and fork a consumer for part { $part }
lab10-part-never = it made { $segments } segment(s) and { $children } child process(es): part { $part } never started
lab10-shared-expected = the producer and the consumer to sleep and wake through two semaphores in segment { $shmid } (sem_init with pshared 1): futex calls on two words of the segment, without FUTEX_PRIVATE_FLAG
lab10-no-futex = no futex call in part 1: no process ever slept on a semaphore or woke another
lab10-never-waited = the semaphores never made a process wait: one counts the free slots (it starts at 4), the other the filled ones (it starts at 0), and each side waits on its own
lab10-pshared-zero = sem_init with pshared 0: the C library then uses private futexes, and a post in one process never wakes the other
lab10-outside = { $call }, on a word outside the segment
lab10-not-in-segment = the semaphores are not in the shared segment: each process waits on its own copy, and no post of the other process reaches it
lab10-both-sleep = the producer and the consumer both sleep on { $word }
lab10-one-semaphore = one semaphore for two conditions: "a slot is free" and "a slot is filled" need a semaphore each
lab10-never-slept-part1 = the { $role } (pid { $pid }) never slept on a semaphore in part 1

lab10-producer-sleeps = the producer to sleep in the kernel (a futex wait that a wake ends) while the consumer took items slowly and all 4 slots were full, in part { $part }
lab10-consumer-sleeps = the consumer to sleep in the kernel (a futex wait that a wake ends) while the producer made items slowly and the ring was empty, in part { $part }
lab10-producer-never-waited = the producer never waited for a free slot: either it does not wait for one, or what it waits on never counts down to 0 (one semaphore for two conditions, or one that starts too high), and it wrote over items the consumer had not taken
lab10-consumer-never-waited = the consumer never waited for a filled slot: either it does not wait for one, or what it waits on never counts down to 0 (one semaphore for two conditions, or one that starts above 0), and it took slots the producer had not filled
lab10-no-wait = the { $role } (pid { $pid }) made no futex wait in part { $part }{ $overrun }
lab10-never-woken = the { $role } (pid { $pid }) never slept until woken in part { $part }; its waits

lab10-items-expected = segment { $shmid } (part { $part }) at its last detach to say that all { $items } items arrived in order, none wrong, with the ring's counters at { $items } written, { $items } taken
lab10-consumer-unfinished = the consumer of part { $part } (pid { $pid }) never finished its items
lab10-no-header = the segment's first bytes hold no ring header: { $contents }
lab10-last-reading = at the kernel view's last reading of the segment (through pid { $pid }), it said { $received } items arrived in order and { $wrong } were not the one expected; { $ring }{ $overrun }
lab10-counters-move = the counters must move on by one for each item put and each item taken: the kernel view reads them from the ring's header
lab10-each-waits = the consumer took items that were not there yet, or the producer wrote over items not yet taken: each side must wait for its own condition

lab10-few-wakes-expected = a FUTEX_WAKE only when the other process may be asleep (its flag raised), so that the items that find the ring neither full nor empty cost no system call
lab10-never-slow = pid { $pid } never made its items slowly in part 2
lab10-needless-wakes = { $n } FUTEX_WAKE calls in part 2 while the other process was making or using its items slowly, and never asleep
lab10-wake-every-item = a wake on every item: ask may_be_asleep first, and call FUTEX_WAKE only if it says so

lab10-lost-expected = no lost wake-up: in the handshake test, never the sleeper deciding to sleep while the waker decides not to wake it; no process asleep on a futex word that moved on
lab10-asleep = pid { $pid } was asleep in { $call } when time ran out: { $facts }
lab10-missed-flag = { $diagnosis }. Either FUTEX_WAKE was never called, or the handshake let the waker miss the sleeper's flag: the flag must be raised before the sleeper looks at the word again, with a SeqCst fence between each side's store and its load
lab10-no-tallies = the segment's first bytes hold no tallies: { $contents }
lab10-no-round = the handshake test ran no round
lab10-too-few-met = the segment says the handshake test lost no round, but its two halves met (each saw the other's store) in only { $met } of its { $rounds } rounds: too few for a lost wake-up to show, so the test proves nothing either way
lab10-busy-machine = not necessarily yours: the two processes seldom ran at the same moment (a busy machine), so the test could not race them; check again on a quieter machine. If it says this again, each side must store, then put a SeqCst fence, then load
lab10-lost-rounds = the segment says the handshake test lost { $lost } of { $rounds } rounds ({ $raced } with the two processes on different CPUs): each time, the sleeper saw the word unchanged and would sleep, and the waker saw no flag and would not wake it
lab10-not-ordered = the flag and the word are not ordered: raise the flag before looking at the word again, and put a SeqCst fence between each side's store and its load; Relaxed (or Acquire and Release alone) lets each side's store wait in its CPU's store buffer while it loads
