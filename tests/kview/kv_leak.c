/*
 * kv_leak: leaves one object of every lasting kind behind on purpose, for
 * the ledger, --cleanup and ipclab clean to find.
 *
 * Exercises: msgget, semget and shmget (IPC_PRIVATE, 0600), mq_open of
 * /ipclab-leak-PID, mkfifo DIR/ipclab-fifo-PID and a socket bound to
 * DIR/ipclab-sock-PID (then closed: the file stays), with DIR the first
 * argument (default /tmp). None is removed. Prints one line per object:
 * "msg ID", "sem ID", "shm ID", "mq NAME", "fifo PATH", "sock PATH", then,
 * if the second argument is "wait", "ready" and waits for a signal.
 * build: -lrt
 * Usage: kv_leak [DIR [wait]] Exit: 0
 */
#include "../progs/progs.h"
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

int main(int argc, char **argv)
{
	say("msg %d\n", (int)TRY(msgget(IPC_PRIVATE, IPC_CREAT | 0600)));
	say("sem %d\n", (int)TRY(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)));
	say("shm %d\n", (int)TRY(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600)));

	char name[64];
	snprintf(name, sizeof name, "/ipclab-leak-%d", (int)getpid());
	mqd_t q = TRY(mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, NULL));
	TRY(mq_close(q));
	say("mq %s\n", name);

	char fifo[256];
	run_path(fifo, sizeof fifo, argc, argv, "fifo");
	TRY(mkfifo(fifo, 0600));
	say("fifo %s\n", fifo);

	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	run_path(addr.sun_path, sizeof addr.sun_path, argc, argv, "sock");
	int s = TRY(socket(AF_UNIX, SOCK_STREAM, 0));
	TRY(bind(s, (struct sockaddr *)&addr, sizeof addr));
	close(s);
	say("sock %s\n", addr.sun_path);

	if (argc > 2 && strcmp(argv[2], "wait") == 0) {
		say("ready\n");
		pause();
	}
	return 0;
}
