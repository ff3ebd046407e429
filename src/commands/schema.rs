//! `okrlint schema [okr|checkins|metrics|config]`: a file format's JSON
//! Schema (draft-07), as committed under `schema/`.

use crate::cli::SchemaKind;
use crate::{EXIT_OK, UsageError, output};

pub fn run(kind: SchemaKind) -> Result<u8, UsageError> {
    let name = kind.name();
    let text = crate::schema::json(name).ok_or_else(|| UsageError(format!("no schema named {name}")))?;
    output::print(&text).map_err(UsageError)?;
    Ok(EXIT_OK)
}
