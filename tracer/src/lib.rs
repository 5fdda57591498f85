//! ipclab tracer
