//! ipclab tracer
#![deny(unsafe_op_in_unsafe_fn)]

pub mod kernel;
