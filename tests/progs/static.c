/*
 * static: pipe_fork again, linked statically.
 *
 * Exercises: a binary with no dynamic loader (no ld.so, no openat of libc.so,
 * no mmap of shared objects), so the first calls after execve are libc's own
 * start-up. A tracer must decode it exactly as the dynamic pipe_fork.
 * Usage: static               Exit: 0
 * build: -static
 */
#include "pipe_fork.c"
