//! State and behaviour of the TUI, with no terminal I/O: the Elm architecture's Model,
//! Msg, a pure `update`, and the keymap as data. Geometry and the text of scrolled views
//! live here too, so `update` bounds scrolls without asking the view.

pub mod bulk;
pub mod detail;
pub mod facets;
pub mod filtering;
pub mod find;
pub mod keymap;
pub mod layout;
pub mod live;
pub mod model;
pub mod msg;
pub mod page;
pub mod prompt;
pub mod search;
pub mod state;
pub mod summary;
pub mod text;
pub mod update;
pub mod view;
pub mod views;
pub mod whole;

pub use model::{Model, Overlay, Pane};
pub use msg::{Effect, Msg};
pub use update::update;
pub use view::View;
