/* System V IPC: flags with unknown bits, the *_INFO commands, IPC_STAT,
 * int arguments with garbage upper halves. Private objects only, removed. */
#include "diff.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void) {
    struct msginfo mi;
    struct shminfo si;
    struct shm_info shi;
    struct seminfo smi;
    BEGIN();
    int q = syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
    int s = syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    int m = syscall(SYS_semget, IPC_PRIVATE, 1, IPC_CREAT | 0600);
    /* No such key and no IPC_CREAT: nothing is made. */
    syscall(SYS_msgget, 0x1c1ab, 0);
    syscall(SYS_msgget, 0x1c1ab, GARBAGE(0xface1000 | 0600));
    syscall(SYS_shmget, 0x1c1ab, 1, SHM_HUGETLB | (21 << 26) | 0600);
    syscall(SYS_msgctl, q, IPC_INFO, &mi);
    syscall(SYS_msgctl, q, MSG_INFO, &mi);
    syscall(SYS_shmctl, s, IPC_INFO, &si);
    syscall(SYS_shmctl, s, SHM_INFO, &shi);
    syscall(SYS_semctl, m, 0, IPC_INFO, &smi);
    syscall(SYS_semctl, m, 0, SEM_INFO, &smi);
    struct { long mtype; char mtext[8]; } msg = { 1, "ping" };
    syscall(SYS_msgsnd, q, &msg, 4, GARBAGE(IPC_NOWAIT));
    struct msqid_ds mds;
    syscall(SYS_msgctl, q, IPC_STAT, &mds);
    struct shmid_ds sds;
    syscall(SYS_shmctl, s, IPC_STAT, &sds);
    struct semid_ds ssd;
    syscall(SYS_semctl, m, 0, IPC_STAT, &ssd);
    syscall(SYS_semctl, m, 0, GETVAL, 0);
    struct sembuf op = { 0, 1, 0 };
    syscall(SYS_semop, m, &op, GARBAGE(1));
    syscall(SYS_msgctl, q, IPC_RMID, 0);
    syscall(SYS_shmctl, s, IPC_RMID, 0);
    syscall(SYS_semctl, m, 0, IPC_RMID, 0);
    END();
    return 0;
}
