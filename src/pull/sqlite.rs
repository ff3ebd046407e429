//! Reading a metric from a SQLite file: opened read-only, one statement that
//! only reads, its parameters bound (never pasted into the SQL), interrupted
//! at the source's timeout.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use super::{Cell, Params, Row};

/// Runs `sql` on the SQLite file at `path` (already confined to the project).
pub fn query(path: &Path, sql: &str, params: &Params, timeout: Duration) -> Result<Vec<Row>, String> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection =
        Connection::open_with_flags(path, flags).map_err(|e| format!("cannot open the file ({})", kind(&e)))?;
    // Belt and braces: no statement may write, whatever the file allows.
    connection.pragma_update(None, "query_only", true).map_err(|e| format!("cannot open the file ({})", kind(&e)))?;
    let started = Instant::now();
    connection
        .progress_handler(1000, Some(move || started.elapsed() > timeout))
        .map_err(|e| format!("cannot set the timeout ({})", kind(&e)))?;
    let mut statement = connection.prepare(sql).map_err(|e| match e {
        rusqlite::Error::MultipleStatement => "the query holds more than one statement: write one SELECT".to_string(),
        // A message about the query's own text (a syntax error, a missing table) names nothing from the data.
        rusqlite::Error::SqliteFailure(_, Some(message)) => format!("the query is not valid SQL here: {message}"),
        other => format!("the query is not valid SQL here ({})", kind(&other)),
    })?;
    if !statement.readonly() {
        return Err("the query would change the database: write one SELECT (sources are read-only)".into());
    }
    for (name, value) in [(":start", params.start), (":end", params.end), (":as_of", params.as_of)] {
        let index = statement.parameter_index(name).map_err(|e| format!("cannot bind {name} ({})", kind(&e)))?;
        if let Some(index) = index {
            statement
                .raw_bind_parameter(index, value.to_string())
                .map_err(|e| format!("cannot bind {name} ({})", kind(&e)))?;
        }
    }
    let columns = statement.column_count();
    let mut rows = statement.raw_query();
    let mut out = Vec::new();
    loop {
        let row = match rows.next() {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(_) if started.elapsed() > timeout => {
                return Err(format!("the query did not finish within {} s (the source's timeout)", timeout.as_secs()));
            }
            Err(e) => return Err(format!("the query failed ({})", kind(&e))),
        };
        let number = out.len().saturating_add(1);
        let mut cells = Vec::with_capacity(columns.min(2));
        for column in 0..columns.min(2) {
            let cell = row.get_ref(column).map_err(|e| format!("row {number} cannot be read ({})", kind(&e)))?;
            cells.push(match cell {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(i) => Cell::Number(i.into()),
                ValueRef::Real(f) => Cell::Real(f),
                ValueRef::Text(bytes) => Cell::Text(String::from_utf8_lossy(bytes).into_owned()),
                ValueRef::Blob(_) => Cell::Other("a blob"),
            });
        }
        out.push(super::row(number, columns, cells)?);
    }
    Ok(out)
}

/// What kind of failure an error is, without its message (which may quote a value).
fn kind(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(e, _) => match e.code {
            rusqlite::ErrorCode::CannotOpen => "the file cannot be opened".into(),
            rusqlite::ErrorCode::NotADatabase => "the file is not a SQLite database".into(),
            rusqlite::ErrorCode::PermissionDenied | rusqlite::ErrorCode::AuthorizationForStatementDenied => {
                "permission denied".into()
            }
            rusqlite::ErrorCode::ReadOnly => "the source is read-only".into(),
            rusqlite::ErrorCode::OperationInterrupted => "interrupted at the timeout".into(),
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => "the database is locked".into(),
            other => format!("SQLite error {other:?}"),
        },
        rusqlite::Error::InvalidPath(_) => "the path is not valid".into(),
        _ => "an error of the SQLite library".into(),
    }
}
