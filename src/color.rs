//! Whether ipclab colours what it writes: `--color always` or `never` say
//! so; `auto` colours a terminal when the environment allows it, as the
//! supports-color crate reads the environment (NO_COLOR set, TERM=dumb or
//! no TERM at all turn colour off).
//!
//! `--color` is a global option, as cargo's is: `main` records the choice
//! once with [`choose`], and every command asks [`use_color`] for the stream
//! it writes to.

use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::cli::ColorChoice;

/// Where the output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
    /// A file (`-o FILE`): never a terminal.
    File,
}

impl Stream {
    /// Whether the stream is a terminal.
    pub fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
            Stream::File => false,
        }
    }
}

/// The `--color` the user gave (auto when none).
static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Records the `--color` of the command line, once, before any command runs.
pub fn choose(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether to colour output to `stream`, as `--color` asks.
pub fn use_color(stream: Stream) -> bool {
    colour_for(CHOICE.get().copied().unwrap_or(ColorChoice::Auto), stream)
}

/// Whether `choice` colours output to `stream`.
fn colour_for(choice: ColorChoice, stream: Stream) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let supported = match stream {
                Stream::Stdout => supports_color::on_cached(supports_color::Stream::Stdout),
                Stream::Stderr => supports_color::on_cached(supports_color::Stream::Stderr),
                Stream::File => None,
            };
            stream.is_terminal() && supported.is_some()
        }
    }
}
