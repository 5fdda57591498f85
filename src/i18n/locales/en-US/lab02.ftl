# Lab 02's checks (src/grade/labs/lab02.rs).

check-02-fifo-created = the coordinator creates the FIFO with mkfifo, mode 0600, before it starts the reader and the writer
check-02-opens-one-way = the writer opens the FIFO by its path for writing only, the reader for reading only
check-02-lines-arrive = the writer writes the three lines and the reader reads all of them, in order
check-02-reader-sees-eof = the reader reads until read() returns 0 (end of file)
check-02-fifo-removed = the FIFO's name is removed with unlink once both roles are done

lab02-fifo-expected = the coordinator to create the FIFO with mkfifo (mknodat S_IFIFO)
lab02-no-fifo = no FIFO was created
lab02-one-fifo = exactly one FIFO
lab02-mknodat-calls = { $n } mknodat calls
lab02-coordinator-creates = the coordinator to create the FIFO
lab02-s-ififo = a FIFO (S_IFIFO)
lab02-not-a-fifo = mknod made something else than a FIFO
lab02-mode-expected = the FIFO's mode to be 0600 (only this user may open it)
lab02-mode-mistake = mode { $mode }: other users could read your data or inject their own
lab02-before-roles = the FIFO to exist before the roles start
lab02-no-fifo-at-path = the roles would find no FIFO at the path
lab02-start-role = the coordinator to start the { $role } (this program again, with `{ $role } PATH`)
lab02-no-such-process = no such process
lab02-open-read = the reader (pid { $pid }) to open { $path } read-only (O_RDONLY)
lab02-open-write = the writer (pid { $pid }) to open { $path } write-only (O_WRONLY)
lab02-never-opened = the { $role } never opened it
lab02-rdwr = O_RDWR: the { $role } then holds a write end itself, so the reader's reads never see end of file
lab02-same-way = both roles opened the FIFO the same way: each waits in open() for the other end, forever
lab02-nonblock = O_NONBLOCK: open does not wait for the other side (the writer's open fails with ENXIO)
lab02-open-unfinished = the open never completed: no process opened the other end
lab02-writes-expected = the writer to write each of the three lines, one write(2) each
lab02-writes-found = { $n } write(s) of { $text }
lab02-reads-expected = the reader to read { $text }
lab02-reads-found = it read { $text }
lab02-unlink-expected = the FIFO to be unlinked after both roles are done
lab02-unlink-found = { $call } before a role ended
lab02-unlink-early = unlinking too early: a role that has not opened it yet finds no FIFO
