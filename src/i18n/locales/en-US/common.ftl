# Questions several labs' checks ask (src/grade/labs/common.rs) and how a
# held descriptor is named (src/grade/model/fds.rs).

fd-read-end = the read end fd { $fd } of { $target }
fd-write-end = the write end fd { $fd } of { $target }
fd-both-ends = both ends (O_RDWR), fd { $fd } of { $target }
fd-of = fd { $fd } of { $target }

common-no-call = no { $call } call
common-call-succeeds = { $call } to succeed
common-fork-expected = the parent (pid { $pid }) to fork { $what }
common-fork-found = it created { $n } process(es)
common-no-shmdt-by = no shmdt call by { $who }
common-shmdt-forgotten = shmdt was forgotten
common-shmdt-failed = { $who } called shmdt, and it failed
common-shmdt-address = shmdt detaches only the address shmat returned (else EINVAL): pass that pointer, once

eof-expected = { $who } to read from { $target } until read() returns 0 (end of file)
eof-never-read = { $who } never read from { $target }
eof-still-holds = pid { $pid } still holds { $end }
eof-and = , and{" "}
eof-still-waiting = { $who } was still waiting in { $call }
eof-still-waiting-held = { $who } was still waiting in { $call }, and { $held }
eof-own-copy = { $who } never closed its own copy of the write end ({ $end }), so its read can never return 0
eof-writer-keeps = { $who } never closed { $end } after writing, so the reader waits for more
eof-no-data = the reader waits for data that never comes
eof-reads-stopped = { $who } read { $n } time(s), then stopped, and no read returned 0
eof-byte-stream = one read is not one write: a pipe is a byte stream, so read in a loop until read() returns 0

reap-expected = { $who } to wait for its child pid { $child } with waitpid (wait4), so no zombie is left
reap-never-waited = { $who } never called wait4
reap-never-waited-first = { $who } never called wait4, and it ended before its child did
reap-no-waitpid = no waitpid: the child stays a zombie until its parent exits, and the parent cannot know how it ended
reap-waits-of = the waits of { $who }
reap-child-never-ended = the child never ended, so the parent waited until the lab was killed: see the other checks
reap-wrong-pid = waitpid was called for another process, or failed

segment-read-expected = the kernel view to read segment { $id } before its last detach
segment-read-found = no process detached it (shmdt) or exited with it attached while traced
segment-read-mistake = no process detached the segment: the processes must detach it when they are done

calls-more = ... and { $n } more

# What the robustness checks ask of a run under `--inject` (src/grade/labs/injected.rs).
inject-or = {" or "}
inject-retry-expected = a { $calls } the grader interrupts with EINTR, then the same call again
inject-none-failed = no { $calls } was made to fail: { $why }
inject-ran-without = the lab ran without making one
inject-again-expected = { $who } to make its interrupted { $call } again
inject-then = { $call }
    then { $next }
inject-went-on = the interrupted call did nothing, and the process went on as if it had worked: { $why }
inject-then-exited = then it exited with status { $code }
inject-then-killed = then it was killed by { $signal }
inject-no-such-call = and no such call after it
inject-as-failure = the EINTR was treated as a failure: { $why }
