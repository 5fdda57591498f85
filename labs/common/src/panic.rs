//! A lab's panic message: what panicked, in which function and on which
//! line, on one write to standard error, whatever RUST_BACKTRACE says.
//!
//! Rust's own message names the file and line only, and with
//! `RUST_BACKTRACE=1` (common on a developer's machine) adds a backtrace
//! whose symbolising makes hundreds of system calls. The lab's message reads
//!
//! ```text
//! thread 'main' (8646) panicked in close_unused at labs/01_pipe/main.rs:67:5:
//! not yet implemented: close this pipe end: this process does not use it (close(2))
//! ```
//!
//! The function comes from the backtrace frame at the panic's own line, so
//! finding it symbolises the program too: the hook marks where its calls
//! begin and end with `prctl(PR_SET_NAME)` ([`MARKER`], then the lab's own
//! name back), and `ipclab run` folds the calls in between into one line.

use std::ffi::CString;
use std::panic::PanicHookInfo;
use std::sync::OnceLock;

/// The thread name the panic hook sets while it runs: the start of the calls
/// `ipclab run` folds. Fifteen bytes at most (the kernel keeps no more).
pub const MARKER: &str = "ipclab:panic";

/// The lab's own name, set back when the hook is done.
static LAB_NAME: OnceLock<CString> = OnceLock::new();

/// Installs the lab's panic hook ([`panic_report`]), once.
pub fn install(lab: CString) {
    if LAB_NAME.set(lab).is_ok() {
        std::panic::set_hook(Box::new(hook));
    }
}

fn hook(info: &PanicHookInfo<'_>) {
    if let Ok(marker) = CString::new(MARKER) {
        let _ = nix::sys::prctl::set_name(&marker);
    }
    let backtrace = std::backtrace::Backtrace::force_capture().to_string();
    let thread = std::thread::current();
    let mut report = panic_report(
        thread.name().unwrap_or("<unnamed>"),
        nix::unistd::gettid().as_raw(),
        info.location().map(|l| (l.file(), l.line(), l.column())),
        &payload_text(info),
        &backtrace,
    );
    // The backtrace only when asked for outside ipclab (which sets RUST_BACKTRACE=0).
    if matches!(std::env::var("RUST_BACKTRACE").as_deref(), Ok("1") | Ok("full")) {
        report.push_str("stack backtrace:\n");
        report.push_str(&backtrace);
    }
    crate::say_err(&report);
    if let Some(name) = LAB_NAME.get() {
        let _ = nix::sys::prctl::set_name(name);
    }
    // A forked child ends here, with a panic's status (101), instead of
    // unwinding through the frames it shares with its parent: their
    // destructors are the parent's (a flock inherited across fork would be
    // unlocked for both, a Drop would close or remove what the parent uses).
    if crate::forked_child() {
        crate::exit_child(101);
    }
}

/// The panic's message: its `&str` or `String` payload.
fn payload_text(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "Box<dyn Any>".to_string())
}

/// The message for a panic of thread `thread` (id `tid`) at `location`
/// (file, line, column) with `message`, naming the function found in
/// `backtrace` (a `std::backtrace::Backtrace` as it displays) at that line.
pub fn panic_report(
    thread: &str,
    tid: i32,
    location: Option<(&str, u32, u32)>,
    message: &str,
    backtrace: &str,
) -> String {
    let place = match location {
        Some((file, line, column)) => match function_at(backtrace, file, line) {
            Some(function) => format!("in {function} at {file}:{line}:{column}"),
            None => format!("at {file}:{line}:{column}"),
        },
        None => "at an unknown place".to_string(),
    };
    format!("\nthread '{thread}' ({tid}) panicked {place}:\n{message}")
}

/// The function of the first frame of `backtrace` whose source is `file`
/// line `line`, without its crate's name: `close_unused`,
/// `mechanisms::ring::send`, `main (in a closure)`. A program built without
/// line tables has no sources in its backtrace: then the first frame that is
/// not the panic machinery's (std, core, this crate).
fn function_at(backtrace: &str, file: &str, line: u32) -> Option<String> {
    let mut frames: Vec<(&str, Option<&str>)> = Vec::new();
    for text in backtrace.lines().map(str::trim) {
        if let Some(at) = text.strip_prefix("at ") {
            if let Some(last) = frames.last_mut() {
                last.1.get_or_insert(at);
            }
        } else if let Some((number, name)) = text.split_once(": ")
            && number.chars().all(|c| c.is_ascii_digit())
        {
            frames.push((name.trim(), None));
        }
    }
    let at_line = frames.iter().find(|(_, at)| {
        at.is_some_and(|at| {
            let mut parts = at.rsplitn(3, ':');
            let (_column, found_line, path) = (parts.next(), parts.next(), parts.next());
            found_line.and_then(|l| l.parse::<u32>().ok()) == Some(line) && path.is_some_and(|p| p.ends_with(file))
        })
    });
    if let Some((symbol, _)) = at_line {
        return Some(function_name(symbol));
    }
    if frames.iter().any(|(_, at)| at.is_some()) {
        return None;
    }
    const MACHINERY: [&str; 7] = ["std", "core", "alloc", "__rustc", "panic_unwind", "ipclab_labs_common", "<"];
    frames
        .iter()
        .map(|(symbol, _)| *symbol)
        .find(|symbol| {
            !MACHINERY.iter().any(|m| symbol.starts_with(m) && !symbol[m.len()..].starts_with(char::is_alphanumeric))
        })
        .map(function_name)
}

/// A symbol as a student names the function: without the crate, the hash
/// and closure markers.
fn function_name(symbol: &str) -> String {
    let mut parts: Vec<&str> = symbol.split("::").collect();
    if parts.last().is_some_and(|p| p.len() == 17 && p.starts_with('h')) {
        parts.pop();
    }
    let closure = parts.iter().any(|p| p.starts_with("{{closure}}"));
    parts.retain(|p| !p.starts_with("{{closure}}"));
    if parts.len() > 1 {
        parts.remove(0);
    }
    let name = parts.join("::");
    if closure { format!("{name} (in a closure)") } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BACKTRACE: &str = "   0: __rustc::rust_begin_unwind
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5
   1: core::panicking::panic_fmt
             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/panicking.rs:80:14
   2: lab01_pipe::close_unused
             at ./labs/01_pipe/main.rs:67:5
   3: lab01_pipe::child
             at ./labs/01_pipe/main.rs:58:5
   4: lab01_pipe::main::{{closure}}
             at ./labs/01_pipe/main.rs:28:17
";

    #[test]
    fn the_report_names_the_function_at_the_panics_line() {
        let report = panic_report(
            "main",
            8646,
            Some(("labs/01_pipe/main.rs", 67, 5)),
            "not yet implemented: close this pipe end",
            BACKTRACE,
        );
        assert_eq!(
            report,
            "\nthread 'main' (8646) panicked in close_unused at labs/01_pipe/main.rs:67:5:\nnot yet implemented: close this pipe end"
        );
    }

    #[test]
    fn a_closure_is_named_after_its_function_and_an_unknown_frame_keeps_the_place() {
        assert_eq!(function_at(BACKTRACE, "labs/01_pipe/main.rs", 28).as_deref(), Some("main (in a closure)"));
        let report = panic_report("main", 1, Some(("labs/01_pipe/main.rs", 99, 1)), "boom", BACKTRACE);
        assert!(report.contains("panicked at labs/01_pipe/main.rs:99:1:\nboom"), "{report}");
        assert_eq!(function_name("lab09_compare::mechanisms::ring::send::h0123456789abcdef"), "mechanisms::ring::send");
    }

    #[test]
    fn without_line_tables_the_function_is_the_first_frame_past_the_panic_machinery() {
        let bare = "   0: __rustc::rust_begin_unwind\n   1: core::panicking::panic_fmt\n   2: core::result::unwrap_failed\n   3: lab03_message_queue::posix_receive\n   4: lab03_message_queue::posix\n";
        assert_eq!(function_at(bare, "labs/03_message_queue/main.rs", 164).as_deref(), Some("posix_receive"));
        // With line tables, only the frame at the panic's line will do.
        assert_eq!(function_at(BACKTRACE, "labs/01_pipe/main.rs", 99), None);
    }
}
