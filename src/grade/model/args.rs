//! Reading a decoded call's arguments: a descriptor, an integer (from the
//! decoded value, or the raw register when it was not decoded), a buffer,
//! a path, a pair of descriptors, a socket's path.

use tracer::decode::{Fd, Syscall, Value};

use crate::grade::quote;

/// The first descriptor in a call's arguments.
pub fn fd_of(call: &Syscall) -> Option<&Fd> {
    call.args.iter().find_map(|f| f.value.as_fd())
}

/// Integer argument `name`, or raw register `index` when it is not decoded.
pub fn int_arg(call: &Syscall, name: &str, index: usize) -> i64 {
    call.arg(name).and_then(Value::as_i64).unwrap_or(call.raw.args[index] as i64)
}

/// The bytes of a buffer argument as text.
pub fn text_arg(call: &Syscall, name: &str) -> Option<String> {
    call.arg(name).and_then(Value::as_bytes).map(|b| b.lossy().into_owned())
}

/// A path or name argument as text.
pub fn path_arg(call: &Syscall, name: &str) -> Option<String> {
    call.arg(name).map(quote::plain)
}

/// The descriptors of an array argument (`pipefd`, `sv`).
pub fn fd_pair(call: &Syscall, name: &str) -> Option<(Fd, Fd)> {
    match call.arg(name)? {
        Value::Array { items, .. } if items.len() >= 2 => Some((items[0].as_fd()?.clone(), items[1].as_fd()?.clone())),
        _ => None,
    }
}

/// The path a socket was bound or connected to.
pub fn socket_path(call: &Syscall) -> Option<String> {
    fn find(v: &Value) -> Option<String> {
        match v {
            Value::Struct(fields) => fields
                .iter()
                .find_map(|f| if f.name == "sun_path" { Some(quote::plain(&f.value)) } else { find(&f.value) }),
            _ => None,
        }
    }
    call.args.iter().find_map(|f| find(&f.value))
}

/// An integer field of a structure argument (`sa_flags` of `act`), from
/// its decoded value: the raw bits of a flag set, the value of a constant.
pub fn field_int(call: &Syscall, arg: &str, field: &str) -> Option<i64> {
    call.arg(arg)?.field(field)?.as_i64()
}

/// A POSIX queue name as the kernel sees it (without the leading slash).
pub fn mq_name(name: &str) -> String {
    name.trim_start_matches('/').to_string()
}
