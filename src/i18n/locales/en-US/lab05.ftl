# Lab 05's checks (src/grade/labs/lab05.rs).

check-05-semaphore-initialised = a private set of one semaphore (IPC_PRIVATE, mode 0600), set to 1 with semctl(SETVAL) before any other process exists
check-05-lock-each-increment = each counting process takes the semaphore (semop -1) before every read of the counter and gives it back (+1) after the write: read from the segment as each -1 returns and as its +1 is called, every critical section adds exactly 1, and the counter is exact
check-05-sem-undo = every semop carries SEM_UNDO, so the kernel gives back the semaphore of a process that dies holding it
check-05-removed = the segment is detached and removed (shmctl IPC_RMID) and the semaphore set removed (semctl IPC_RMID)
check-05-retries-semop = run with every fourth semop interrupted (--inject semop,semtimedop:EINTR:when=1+4), each process makes the interrupted semop again before going on, every critical section still adds exactly 1, and the counter is still exact

lab05-semget-expected = the parent to create a semaphore set with semget
lab05-one-semget = exactly one semget
lab05-semget-twice = each process creates its own set: they no longer share a lock
lab05-counting-child = a counting child
lab05-set-expected = semget(IPC_PRIVATE, 1, IPC_CREAT|0600), then semctl(id, 0, SETVAL, 1), in the parent before the fork
lab05-no-setval = { $call } and no semctl(SETVAL)
lab05-starts-taken = a new semaphore is 0 (taken): without SETVAL 1, the first lock waits forever
lab05-start-at-one = the semaphore must start at 1 (free)
lab05-late-setval = initialising after fork, or in every process: one may reset the lock to 1 while the other holds it

lab05-lock-expected = { $who } to take the semaphore and give it back around each of its { $rounds } increments: { $rounds } pairs of semop -1, +1
lab05-no-lock = { $who } made no semop -1 at all
lab05-left-out = the semaphore is left out of the counter loop: the two processes still lose updates
lab05-lock-once = the lock is taken once around the whole loop, or only for some rounds: take it in each round
lab05-unpaired = a lock without its unlock (or the other way round) in some round
lab05-swapped = every round gives the semaphore back (+1) before it takes it (-1): unlock and lock are swapped, so the load and the store of the counter run outside the lock
lab05-locks-in = { $locks } semop -1 in { $n } semop calls
lab05-section-expected = every critical section of { $who }, from a semop -1 that took the semaphore to its next semop +1, to add exactly 1 to the counter in the segment
lab05-section-changed = { $wrong } of the { $total } critical sections of { $who } did not add exactly 1; in the first, the counter in the segment was { $before } as the semop -1 returned and { $after } as the semop +1 was called
lab05-section-unread = { $wrong } of the { $total } critical sections of { $who } have no reading of the counter at both ends; the first
lab05-section-empty = the increment happened outside the lock, or never: the counter did not change while { $who } held the semaphore; load and store it (or fetch_add) between lock() and unlock()
lab05-section-other = the counter changed by { $delta }, not 1, while { $who } held the semaphore: another process stored to it outside the lock (without taking the semaphore), or this section adds more than 1
lab05-section-unattached = while the process held the semaphore, the segment was not attached (before shmat, after shmdt) or could not be read: add to the counter in the segment, holding the semaphore
lab05-shmget-expected = the parent to create the counter's segment with shmget
lab05-no-shmget = no shmget succeeded
lab05-exact-expected = the counter in the segment to be exact: { $full }
lab05-counter-held = the segment held counter = { $n } when { $who } detached it (read from the segment: { $contents })
lab05-outside-lock = the read of the counter is outside the lock: lock before the load, unlock after the store
lab05-counter-bytes = the segment to hold the counter at bytes 8..16
lab05-fewer-bytes = fewer bytes could be read
lab05-retry-why = an interrupted semop -1 did not take the semaphore (and a +1 did not give it back): make the same semop again

lab05-undo-calls-expected = semop calls with SEM_UNDO
lab05-no-semop = no semop on the set
lab05-holder-child = a child that exits holding the semaphore
lab05-holder-exited = ; the holder (pid { $holder }) exited holding it and the parent's { $call } afterwards
lab05-undo-expected = SEM_UNDO on every semop
lab05-without-undo = { $n } semop calls without it, the first: { $call }{ $after }
lab05-no-undo = no SEM_UNDO: when a process dies holding the semaphore, it stays 0 and every other process waits forever
lab05-free-again = the semaphore to be free (1) again after its holder died
lab05-getval-expected = the parent to read the semaphore after its holder died
lab05-no-getval = no semctl(GETVAL)
lab05-shmdt-expected = the parent to detach the segment with shmdt
lab05-segment-or-set = segment or semaphore set
