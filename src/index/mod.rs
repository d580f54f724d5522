//! The tantivy index: schema, opening/creating, and writing articles as passage documents.

pub mod schema;
pub mod store;

pub use schema::Fields;
pub use store::{create_in_ram, open, open_or_create, passage_documents};
