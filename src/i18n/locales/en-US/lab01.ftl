# Lab 01's checks (src/grade/labs/lab01.rs).

check-01-data-through-pipe = exactly one pipe; the parent writes the whole message into it and the child reads all of it
check-01-closes-unused-ends = each process closes the pipe end it does not use before it reads or writes
check-01-reader-sees-eof = the child reads until read() returns 0 (end of file)
check-01-reaps-child = the parent waits for its child with waitpid, so no zombie is left
check-01-no-fd-leak = every process has closed both pipe ends when it ends
check-01-short-writes = run with every write made short (--inject write:short), the parent still writes the whole message and the child reads it

lab01-pipe-expected = the parent to create one pipe with pipe(2)
lab01-no-pipe = no pipe was created
lab01-two-descriptors = pipe(2) to return two descriptors
lab01-one-pipe = exactly one pipe
lab01-pipes = { $n } pipes
lab01-pipe-twice = pipe() is called more than once (in a loop, or in both processes after fork)
lab01-one-child = one child
lab01-pipe-before-fork = the parent to create the pipe before it forks
lab01-pipe-after-fork = a pipe made after fork is not shared: the child does not inherit it
lab01-write-expected = the parent to write { $text } into { $target }
lab01-it-wrote = it wrote { $text }
lab01-write-whole = parent_writes does not write the whole message (write may write less than asked: loop)
lab01-write-restarts = parent_writes loops, but each write starts again from the message's first byte: after a short write, write only what is left (the bytes past what write returned)
lab01-read-expected = the child to read { $text } from { $target }
lab01-it-read = it read { $text }
lab01-read-whole = child_reads does not keep every byte read until end of file
lab01-one-way-expected = the parent only writes and the child only reads
lab01-one-way = { $who } uses the pipe to { $wrong }: a pipe is one-way

lab01-close-read-end-expected = { $who } to close the read end it does not use (fd { $fd }) before it writes
lab01-close-write-end-expected = { $who } to close the write end it does not use (fd { $fd }) before it reads
lab01-then-no-write = { $call } and then no write on the pipe at all
lab01-then-no-read = { $call } and then no read on the pipe at all
lab01-never-writes = { $who } never gets to write: see the other checks
lab01-never-reads = { $who } never gets to read: see the other checks
lab01-closed-only-after = it closed it only after
lab01-while-holding = { $call } while still holding { $end }
lab01-never-closed-after = { $call } and it never closed fd { $fd }
lab01-keeps-write-end = { $who } keeps its copy of the write end: while any write end is open, its read can never return 0 (end of file)
lab01-keeps-read-end = { $who } keeps the read end it never uses: close_unused was not called on it
lab01-never-closed = { $who } never closed fd { $fd }
lab01-close-unused = close_unused does not close the end with close(2)

lab01-used-expected = the pipe to be used (the parent writes, the child reads), then every end closed
lab01-never-used = the pipe was never used
lab01-ended-holding = { $who } ended still holding { $end }
lab01-leak-expected = each process to close every pipe end it holds before it ends
lab01-cut-holding = a process was cut short still holding pipe ends
lab01-leak-mistake = a pipe end is never closed: close the read end after end of file and the write end after writing
