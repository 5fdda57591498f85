//! The bubblewrap command lines: the sandbox a graded lab runs in, and the
//! one a submission is compiled in.
//!
//! bubblewrap (`bwrap`, packaged by Debian and most distributions) makes a
//! user namespace in which the program runs as an unprivileged user with no
//! capabilities, a mount namespace whose root is an empty tmpfs holding only
//! the directories bound into it, and, on request, PID, network and IPC
//! namespaces. It is small, reviewed, and used by Flatpak for the same job.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The user and group a lab or a build runs as inside its user namespace:
/// not 0, so it holds no capability even there.
const SANDBOX_ID: &str = "1000";

/// Where bwrap is, from PATH.
pub fn program() -> Result<PathBuf, String> {
    tracer::ptrace::resolve(std::ffi::OsStr::new("bwrap")).map_err(|_| crate::i18n::tr!("fault-no-bwrap"))
}

/// Whether this bwrap knows `--disable-userns` (0.8.0 and later).
fn knows_disable_userns(bwrap: &Path) -> bool {
    static KNOWS: OnceLock<bool> = OnceLock::new();
    *KNOWS.get_or_init(|| {
        let out = std::process::Command::new(bwrap).arg("--version").output();
        let version = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
        parse_version(&version).is_some_and(|v| v >= (0, 8))
    })
}

/// `bubblewrap 0.8.0` as (0, 8).
fn parse_version(text: &str) -> Option<(u32, u32)> {
    let v = text.split_whitespace().nth(1)?;
    let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next()??))
}

/// A bwrap command line being assembled.
#[derive(Debug, Clone, Default)]
pub struct Args(Vec<OsString>);

impl Args {
    fn push(&mut self, items: &[&str]) -> &mut Self {
        self.0.extend(items.iter().map(OsString::from));
        self
    }

    fn push_path(&mut self, option: &str, from: &Path, to: &Path) -> &mut Self {
        self.0.push(option.into());
        self.0.push(from.into());
        self.0.push(to.into());
        self
    }

    pub fn into_vec(self) -> Vec<OsString> {
        self.0
    }

    /// What every sandbox has: its own user namespace with an unprivileged
    /// user and no capabilities; no way back to the terminal; killed with
    /// its parent; the system's programs and libraries read-only; a fresh
    /// /dev and an empty environment.
    fn base(bwrap: &Path) -> Args {
        let mut a = Args::default();
        a.push(&["--unshare-user", "--unshare-uts", "--unshare-cgroup-try"]).push(&[
            "--uid",
            SANDBOX_ID,
            "--gid",
            SANDBOX_ID,
            "--hostname",
            "ipclab",
        ]);
        if knows_disable_userns(bwrap) {
            a.push(&["--disable-userns"]);
        }
        a.push(&["--die-with-parent", "--new-session", "--cap-drop", "ALL"])
            .push(&["--ro-bind", "/usr", "/usr"])
            .push(&["--ro-bind-try", "/lib", "/lib", "--ro-bind-try", "/lib64", "/lib64"])
            .push(&["--ro-bind-try", "/lib32", "/lib32", "--ro-bind-try", "/bin", "/bin"])
            .push(&["--ro-bind-try", "/sbin", "/sbin", "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"])
            .push(&["--dev", "/dev", "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8"]);
        a
    }
}

/// The sandbox of one graded lab, inside the namespaces the grader made
/// for it (see `inside.rs`): its IPC, network and PID namespaces are those
/// of the tracer, so that the tracer reads the lab's objects and pids as the
/// lab sees them; its user and mount namespaces are its own. It sees the
/// system's libraries, its own program in `bin` (read-only), its run
/// directory `run` (its TMPDIR, also its working directory), the tracer's
/// /proc, and the grading's own /dev/shm; nothing else of the machine.
pub fn lab(bwrap: &Path, bin: &Path, run: &Path) -> Vec<OsString> {
    let mut a = Args::base(bwrap);
    a.push(&["--ro-bind", "/proc", "/proc", "--bind-try", "/dev/shm", "/dev/shm"])
        .push(&["--size", "16777216", "--tmpfs", "/tmp"])
        .push_path("--ro-bind", bin, bin)
        .push_path("--bind", run, run)
        .push(&["--chdir"]);
    a.0.push(run.into());
    a.push(&["--setenv", "TMPDIR"]);
    a.0.push(run.into());
    a.push(&["--setenv", "HOME"]);
    a.0.push(run.into());
    a.push(&["--setenv", "RUST_BACKTRACE", "0", "--"]);
    a.into_vec()
}

/// Where a submission's build directory is seen inside the build sandbox,
/// whatever it is called outside: one path for every build, so that the
/// dependencies compiled once stay fresh in each submission's copy.
pub const BUILD_DIR: &str = "/build";

/// Where the build sandbox's CARGO_HOME is; the registry's sources are
/// bound into it read-only.
pub const CARGO_HOME: &str = "/cargo";

/// The sandbox a submission is compiled in: no network, its own PID and
/// IPC namespaces, the toolchain (`sysroot`) and the registry's downloaded
/// crates (`registry`) read-only, the build directory read-write at
/// [`BUILD_DIR`]. The trusted checkout, the home directory and the rest of
/// the machine are not there, so `include_str!("/…/labs/04_shared_memory/main.rs")`
/// finds nothing to include.
pub fn build(bwrap: &Path, sysroot: &Path, registry: Option<&Path>, dir: &Path) -> Vec<OsString> {
    let mut a = Args::base(bwrap);
    a.push(&["--unshare-pid", "--unshare-ipc", "--unshare-net", "--proc", "/proc"])
        .push(&["--ro-bind-try", "/etc/alternatives", "/etc/alternatives"])
        .push(&["--tmpfs", "/tmp", "--tmpfs", CARGO_HOME]);
    if !sysroot.starts_with("/usr") {
        a.push_path("--ro-bind", sysroot, sysroot);
    }
    if let Some(registry) = registry {
        a.push_path("--ro-bind", registry, &Path::new(CARGO_HOME).join("registry"));
    }
    a.push_path("--bind", dir, Path::new(BUILD_DIR))
        .push(&["--chdir", BUILD_DIR, "--setenv", "CARGO_HOME", CARGO_HOME, "--setenv", "HOME", "/tmp"])
        .push(&["--setenv", "CARGO_TARGET_DIR", "/build/target", "--setenv", "TMPDIR", "/tmp"])
        .push(&["--setenv", "CARGO_TERM_COLOR", "never", "--"]);
    a.into_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_read_from_bwrap_s_own_words() {
        assert_eq!(parse_version("bubblewrap 0.8.0\n"), Some((0, 8)));
        assert_eq!(parse_version("bubblewrap 0.11.1"), Some((0, 11)));
        assert_eq!(parse_version("nonsense"), None);
    }

    #[test]
    fn a_lab_sees_its_program_and_run_directory_and_runs_unprivileged() {
        let args = lab(Path::new("/nonexistent/bwrap"), Path::new("/tmp/bin"), Path::new("/tmp/run"));
        let text: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
        let joined = text.join(" ");
        assert!(joined.contains("--uid 1000 --gid 1000"), "{joined}");
        assert!(joined.contains("--cap-drop ALL"), "{joined}");
        assert!(joined.contains("--clearenv"), "{joined}");
        assert!(joined.contains("--ro-bind /tmp/bin /tmp/bin"), "{joined}");
        assert!(joined.contains("--bind /tmp/run /tmp/run"), "{joined}");
        assert!(!joined.contains("--unshare-ipc"), "the lab shares the tracer's IPC namespace: {joined}");
        assert!(!joined.contains("--unshare-pid"), "the lab shares the tracer's PID namespace: {joined}");
        assert_eq!(text.last().map(String::as_str), Some("--"));
    }
}
