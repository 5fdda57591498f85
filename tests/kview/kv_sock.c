/*
 * kv_sock: Unix sockets whose peers the kernel view must report.
 *
 * Exercises: socketpair(AF_UNIX, SOCK_STREAM) and a write of "ping" on one
 * end (4 bytes to read at the other); then a listening socket bound to
 * DIR/ipclab-sock-PID (DIR is argv[1], else /tmp), connect from a second
 * socket, accept. The socket file is unlinked once every socket is closed,
 * unless argv[2] is "leak"; with "early" it is unlinked while the listener
 * is still open. Prints "path P" first.
 * Usage: kv_sock [DIR [leak|early]] Exit: 0
 */
#include "../progs/progs.h"
#include <sys/socket.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	int leak = argc > 2 && strcmp(argv[2], "leak") == 0;
	int early = argc > 2 && strcmp(argv[2], "early") == 0;
	int sv[2];
	TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	TRY(write(sv[0], "ping", 4));

	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	run_path(addr.sun_path, sizeof addr.sun_path, argc, argv, "sock");
	say("path %s\n", addr.sun_path);
	int l = TRY(socket(AF_UNIX, SOCK_STREAM, 0));
	TRY(bind(l, (struct sockaddr *)&addr, sizeof addr));
	TRY(listen(l, 4));
	int c = TRY(socket(AF_UNIX, SOCK_STREAM, 0));
	TRY(connect(c, (struct sockaddr *)&addr, sizeof addr));
	int a = TRY(accept(l, NULL, NULL));
	if (early)
		TRY(unlink(addr.sun_path));
	close(a);
	close(c);
	close(l);
	close(sv[0]);
	close(sv[1]);
	if (!leak && !early)
		TRY(unlink(addr.sun_path));
	return 0;
}
