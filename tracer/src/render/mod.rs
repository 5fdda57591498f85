//! Rendering the event stream: text for people, JSON lines for tools, and
//! the per-process summary. Every renderer writes to any `impl Write`, so
//! tests render into a `Vec<u8>`. [`call`] is the one formatter of a call
//! (the trace, the graders' quotes, the hang report's head); [`hang`] and
//! [`kernel`] put the hang report and the kernel view into words.

pub mod call;
pub mod hang;
pub mod json;
pub mod kernel;
pub mod notify;
pub mod summary;
pub mod text;

pub use json::{JsonRenderer, event_json};
pub use summary::Summary;
pub use text::TextRenderer;
