/*
 * abi_switch: a 64-bit program that makes one call through the 32-bit
 * entry (int $0x80: getpid, i386's 20), then a 64-bit write, for
 * tests/compat32.rs (built 64-bit; x86_64 only).
 * Usage: abi_switch           Exit: 0
 */
#include "../progs/progs.h"

int main(void)
{
	long pid;
	__asm__ volatile("int $0x80" : "=a"(pid) : "a"(20L) : "memory");
	say("getpid through int 0x80: %s\n", pid == getpid() ? "same" : "different");
	return pid == getpid() ? 0 : 1;
}
