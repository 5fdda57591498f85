//! Building a lab with cargo: `cargo build --bin labNN_name` in the
//! profile ipclab itself was built in, and where cargo put the executable
//! (its `--message-format=json` says). Running (`ipclab run`) shows cargo's
//! errors as cargo prints them; grading keeps the first for the finding.

use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::exit::Failure;
use crate::i18n::tr;
use crate::labs::{Lab, display_path};

/// Whether cargo's own output is shown (a student's run) or kept for the
/// failure message (grading).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildOutput {
    Show,
    Capture,
}

/// Builds a lab's scenario with cargo, in the profile ipclab itself was
/// built in, and returns the path of the executable.
pub fn build(root: &Path, lab: &Lab, output: BuildOutput) -> Result<PathBuf, Failure> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args(["build", "--quiet", "--message-format=json-render-diagnostics", "--bin"])
        .arg(lab.bin_name())
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    cmd.stderr(match output {
        BuildOutput::Show => Stdio::inherit(),
        BuildOutput::Capture => Stdio::piped(),
    });
    let child =
        cmd.spawn().map_err(|e| Failure::failed(tr!("err-run-cargo", lab = &lab.dir, error = e.to_string())))?;
    let out = child.wait_with_output().map_err(|e| Failure::failed(tr!("err-cargo", error = e.to_string())))?;
    let mut executable = None;
    for line in out.stdout.lines().map_while(Result::ok) {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        if msg["reason"] == "compiler-artifact" && msg["target"]["name"] == lab.bin_name().as_str() {
            executable = msg["executable"].as_str().map(PathBuf::from);
        }
    }
    if !out.status.success() {
        let detail = match output {
            BuildOutput::Show => tr!("err-see-errors-above"),
            BuildOutput::Capture => first_error(&String::from_utf8_lossy(&out.stderr)),
        };
        return Err(Failure::failed(tr!(
            "err-does-not-compile",
            lab = &lab.dir,
            detail = detail,
            path = display_path(&lab.source_path())
        )));
    }
    executable.ok_or_else(|| Failure::failed(tr!("err-cargo-no-path", lab = &lab.dir)))
}

/// The first compiler error in cargo's output, on one line.
fn first_error(stderr: &str) -> String {
    let mut lines = stderr.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("error") && !line.starts_with("error: could not compile") {
            let at = lines.next().map(str::trim).unwrap_or_default();
            return format!("{} {}", line.trim(), at).trim().to_string();
        }
    }
    tr!("fault-cargo-build-failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_compiler_error_is_kept_with_its_place() {
        let stderr = "error[E0425]: cannot find value `x` in this scope\n  --> labs/01_pipe/main.rs:10:5\n   |\nerror: could not compile `ipclab`\n";
        assert_eq!(
            first_error(stderr),
            "error[E0425]: cannot find value `x` in this scope --> labs/01_pipe/main.rs:10:5"
        );
    }
}
