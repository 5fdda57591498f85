//! ipclab's tracer: runs a program and every process it creates under
//! ptrace, decodes each system call, and reads the kernel's view of the IPC
//! objects they touch from /proc.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod decode;
pub mod kernel;
