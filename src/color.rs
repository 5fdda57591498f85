//! Whether ipclab colours what it writes: `--color always` or `never` say
//! so; `auto` colours a terminal when the environment allows it, as the
//! supports-color crate reads the environment (NO_COLOR set, TERM=dumb or
//! no TERM at all turn colour off).

use std::io::IsTerminal;

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

/// Whether to colour output to `stream`.
pub fn use_color(choice: ColorChoice, stream: Stream) -> bool {
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
