//! Rendering the event stream: text for people, JSON lines for tools, and
//! the per-process summary. Every renderer writes to any `impl Write`, so
//! tests render into a `Vec<u8>`.

pub mod json;
pub mod kernel;
pub mod summary;
pub mod text;

pub use json::{JsonRenderer, event_json};
pub use summary::Summary;
pub use text::TextRenderer;
