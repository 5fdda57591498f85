# Lab 07's checks (src/grade/labs/lab07.rs).

check-07-pair-both-ways = with a socketpair, each process closes the other's end; the parent sends ping and reads pong on the same socket
check-07-server-listens = the server makes an AF_UNIX stream socket, binds it to a path and listens, before the client starts
check-07-client-connects = the client connects to the server's path and writes each part with its own write
check-07-one-byte-stream = the server accepts the connection and reads it until end of file: three writes arrive as one stream
check-07-socket-file-removed = the socket file is removed with unlink (closing the socket does not remove it)
check-07-short-reads = run with every read returning at most 2 bytes (--inject read,recvfrom:short=2), ping and pong still arrive whole and the server still reads the whole stream

lab07-pair-expected = the parent to create a socketpair
lab07-no-pair = no socketpair call
lab07-two-sockets = socketpair to return two sockets
lab07-pair-child = a child for the socketpair
lab07-close-other-expected = { $who } to close the other process's end (fd { $fd }) before using its own
lab07-never-closed = { $who } never closed fd { $fd }
lab07-end-kept = an end kept open in the wrong process: the peer would never see end of file
lab07-close-first = { $who } to close fd { $fd } first
# The calls in the order they were made (nothing before the colon in English).
lab07-in-order = { "" }
lab07-ping-pong-expected = the parent to write "ping" and read "pong" on its end; the child to read "ping" and write "pong" on its end
lab07-calls-on-pair = the calls on the pair
lab07-read-all-expected = { $who } to read all of { $message } from its end of the pair (fd { $fd })
lab07-it-read = it read { $text }
lab07-one-read = one read was taken for the whole message: on a stream socket a read may return part of one; read until the message's 4 bytes are in

lab07-listener-expected = socket(AF_UNIX, SOCK_STREAM, 0), bind to a path, listen(fd, 1), in the parent
lab07-no-bind = no successful bind
lab07-not-its-socket = { $call } on a socket it did not make
lab07-no-listen = { $call } and no listen({ $fd }, ...)
lab07-without-listen = without listen, connect fails with ECONNREFUSED
lab07-a-client = a client
lab07-listen-first = the server to listen before the client starts
lab07-connect-early = the client may connect before anyone listens: ECONNREFUSED
lab07-bound-to-path = the socket bound to a path
lab07-connect-expected = the client to connect to { $path }
lab07-no-connect = no successful connect
lab07-parts-expected = the client to write "one", "two" and "three", each with its own write
lab07-writes = { $n } write(s)
lab07-separate-writes = the parts must be separate writes, to show that the reader gets them as one stream

lab07-read-accepted = the server to read from the socket accept returned
lab07-reads-listener = reading from the listening socket: data comes on the connection accept returns
lab07-accept-expected = the server to accept one connection on its listening socket
lab07-no-accept = no successful accept
lab07-stream-expected = the server to read "onetwothree" from the connection, until a read returns 0
lab07-its-reads = its reads
lab07-no-read = no read
lab07-read-loop = read in a loop until read() returns 0: a stream socket keeps no message boundaries
lab07-close-conn = the server to close the connection
lab07-conn-open = fd { $fd } is never closed
