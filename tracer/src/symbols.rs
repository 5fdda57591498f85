//! Where an address of a traced program is in its source: the function and
//! the line, from the program's own line tables (a lab's release build has
//! `debug = "line-tables-only"`, a debug build has them all).
//!
//! The address is the thread's instruction pointer, a runtime address. The
//! mapping of `/proc/PID/maps` that holds it gives the file and the offset
//! in it (the load bias of a position-independent program drops out here);
//! the ELF program header that loaded that offset gives the address the
//! line tables use; addr2line reads them. Frames of the Rust standard
//! library and of crates (inlined into the program's own code) are passed
//! over, so the place named is the program's own function.

use std::path::{Path, PathBuf};

use object::{Object, ObjectSegment};

/// One line of `/proc/PID/maps` backed by a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub start: u64,
    pub end: u64,
    pub offset: u64,
    pub path: PathBuf,
}

/// The file-backed mappings of a `/proc/PID/maps` text.
pub fn parse_maps(text: &str) -> Vec<Mapping> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (range, _perms, offset) = (fields.next()?, fields.next()?, fields.next()?);
            let (_dev, _inode) = (fields.next()?, fields.next()?);
            let path: Vec<&str> = fields.collect();
            let path = path.join(" ");
            if !path.starts_with('/') {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            Some(Mapping {
                start: u64::from_str_radix(start, 16).ok()?,
                end: u64::from_str_radix(end, 16).ok()?,
                offset: u64::from_str_radix(offset, 16).ok()?,
                path: PathBuf::from(path.trim_end_matches(" (deleted)")),
            })
        })
        .collect()
}

/// The function and line of runtime address `ip` in process `pid`, as a
/// student reads them: `meet at labs/04_shared_memory/main.rs:125`. None
/// when the address is in no file, or the file has no line tables for it.
pub fn place(pid: i32, ip: u64) -> Option<String> {
    first_own_place(pid, &[ip])
}

/// The place ([`place`]) of the first of `ips` that is in the program's
/// own source: a thread seen a few times in a loop is named where its own
/// code is, not in a library function the loop calls. Each file is read
/// once.
pub fn first_own_place(pid: i32, ips: &[u64]) -> Option<String> {
    let maps = parse_maps(&std::fs::read_to_string(format!("/proc/{pid}/maps")).ok()?);
    let mut loaded: Vec<(PathBuf, Option<addr2line::Loader>)> = Vec::new();
    for &ip in ips {
        let Some(mapping) = maps.iter().find(|m| m.start <= ip && ip < m.end) else { continue };
        // The file as the process sees it (its own root, its own namespace).
        let Ok(inside) = mapping.path.strip_prefix("/") else { continue };
        let file = PathBuf::from(format!("/proc/{pid}/root")).join(inside);
        let file = if file.exists() { file } else { mapping.path.clone() };
        let Some(svma) = stated_address(&file, ip - mapping.start + mapping.offset) else { continue };
        if !loaded.iter().any(|(f, _)| *f == file) {
            let loader = addr2line::Loader::new(&file).ok();
            loaded.push((file.clone(), loader));
        }
        let Some(Some(loader)) = loaded.iter().find(|(f, _)| *f == file).map(|(_, l)| l.as_ref()) else { continue };
        if let Some(place) = own_frame(loader, svma) {
            return Some(place);
        }
    }
    None
}

/// The innermost frame at `svma` whose source is the program's own.
fn own_frame(loader: &addr2line::Loader, svma: u64) -> Option<String> {
    let mut frames = loader.find_frames(svma).ok()?;
    while let Ok(Some(frame)) = frames.next() {
        let Some(location) = frame.location.as_ref() else { continue };
        let (Some(path), Some(line)) = (location.file, location.line) else { continue };
        if !is_programs_own(path) {
            continue;
        }
        let function = frame.function.as_ref().and_then(|f| f.demangle().ok()).map(|f| short_function(&f));
        let path = short_path(path);
        return Some(match function {
            Some(f) => format!("{f} at {path}:{line}"),
            None => format!("{path}:{line}"),
        });
    }
    None
}

/// The address the line tables use for byte `offset` of the ELF file
/// `path`: the one its PT_LOAD program header loads that byte at.
fn stated_address(path: &Path, offset: u64) -> Option<u64> {
    let data = std::fs::read(path).ok()?;
    let elf = object::File::parse(&*data).ok()?;
    elf.segments().find_map(|s| {
        let (start, size) = s.file_range();
        (start <= offset && offset < start + size).then(|| s.address() + (offset - start))
    })
}

/// A source file of the program itself, not of the Rust standard library
/// (`/rustc/<hash>/library/...`) nor of a crate from the registry.
fn is_programs_own(path: &str) -> bool {
    !(path.starts_with("/rustc/") || path.contains("/.cargo/registry/") || path.contains("/library/std/"))
}

/// A source path as short as it is clear: from `labs/` on for a lab, else
/// relative to the current directory when it is inside it.
fn short_path(path: &str) -> String {
    if let Some(at) = path.find("/labs/") {
        return path[at + 1..].to_string();
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    Path::new(path).strip_prefix(&cwd).map(|p| p.display().to_string()).unwrap_or_else(|_| path.to_string())
}

/// A demangled function without its crate and hash: `meet`,
/// `mechanisms::ring::send`.
fn short_function(name: &str) -> String {
    let mut parts: Vec<&str> = name.split("::").collect();
    if parts.last().is_some_and(|p| p.len() == 17 && p.starts_with('h')) {
        parts.pop();
    }
    if parts.len() > 1 {
        parts.remove(0);
    }
    parts.join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Captured on Linux 6.18 from a lab built as a position-independent
    /// executable (its first mapping at offset 0, a load bias of 0x5581...).
    const MAPS_LINUX_6_18: &str = "\
558168a21000-558168a3e000 r--p 00000000 fe:00 10061410                   /work/labs/target/debug/lab04_shared_memory
558168a3e000-558168b0c000 r-xp 0001d000 fe:00 10061410                   /work/labs/target/debug/lab04_shared_memory
558169f2e000-558169f4f000 rw-p 00000000 00:00 0                          [heap]
7f2b6d600000-7f2b6d628000 r--p 00000000 fe:00 3161                       /usr/lib/x86_64-linux-gnu/libc.so.6
7ffd5c3e1000-7ffd5c402000 rw-p 00000000 00:00 0                          [stack]
";

    #[test]
    fn parses_the_file_backed_mappings_of_proc_maps_linux_6_18() {
        let maps = parse_maps(MAPS_LINUX_6_18);
        assert_eq!(maps.len(), 3, "{maps:?}");
        assert_eq!(
            maps[1],
            Mapping {
                start: 0x558168a3e000,
                end: 0x558168b0c000,
                offset: 0x1d000,
                path: PathBuf::from("/work/labs/target/debug/lab04_shared_memory"),
            }
        );
    }

    #[test]
    fn names_are_shortened_to_what_a_student_wrote() {
        assert_eq!(short_function("lab04_shared_memory::meet"), "meet");
        assert_eq!(
            short_function("lab09_compare::mechanisms::ring::send::h0123456789abcdef"),
            "mechanisms::ring::send"
        );
        assert_eq!(short_path("/home/me/ipclab/labs/04_shared_memory/main.rs"), "labs/04_shared_memory/main.rs");
        assert!(!is_programs_own("/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/sync/atomic.rs"));
        assert!(is_programs_own("/home/me/ipclab/labs/04_shared_memory/main.rs"));
    }

    /// A function of this test program, whose first instruction is the
    /// address the test looks up.
    #[inline(never)]
    fn here() -> u64 {
        std::hint::black_box(7)
    }

    #[test]
    fn an_address_of_this_program_is_its_function_and_line() {
        let ip = std::hint::black_box(here as fn() -> u64) as usize as u64;
        assert_eq!(here(), 7);
        let place = place(std::process::id() as i32, ip).expect("the test binary has line tables");
        assert!(place.starts_with("symbols::tests::here at "), "{place}");
        assert!(place.contains("symbols.rs:"), "{place}");
    }
}
