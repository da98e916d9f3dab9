//! State and behaviour of the TUI, with no terminal I/O: the Elm architecture's Model,
//! Msg, a pure `update`, and the keymap as data.

pub mod facets;
pub mod find;
pub mod keymap;
pub mod model;
pub mod msg;
pub mod prompt;
pub mod update;
pub mod view;

pub use model::{Model, Overlay, Pane};
pub use msg::{Effect, Msg, WriteOrigin};
pub use update::update;
pub use view::View;
