//! The tantivy index: schema, opening/creating, and the incremental writer.

pub mod build;
pub mod schema;
pub mod state;
pub mod store;

pub use build::{build, BuildOptions, BuildSummary, Progress, Silent};
pub use schema::Fields;
pub use store::{create_in_ram, open, open_or_create, passage_documents};
