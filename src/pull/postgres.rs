//! Reading a metric from PostgreSQL: the URL from the environment (never
//! from git), a read-only transaction with a statement timeout, one
//! statement, `:start`/`:end`/`:as_of` rewritten to `$n` and bound as
//! parameters of the type the server infers. What fails is said by its kind
//! (and SQLSTATE), never by the server's message, which may quote a value.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use postgres::types::{ToSql, Type};
use postgres::{NoTls, error::SqlState};
use rust_decimal::Decimal;

use super::{Cell, Params, Row};

/// Runs `sql` on the PostgreSQL server whose URL `url_env` holds.
pub fn query(url_env: &str, sql: &str, params: &Params, timeout: Duration) -> Result<Vec<Row>, String> {
    let (text, names) = numbered(sql)?;
    let url = std::env::var(url_env).map_err(|_| {
        format!("the environment variable `{url_env}` is not set (it holds the source's PostgreSQL URL)")
    })?;
    let mut config: postgres::Config =
        url.parse().map_err(|_| format!("the environment variable `{url_env}` does not hold a PostgreSQL URL"))?;
    if config.get_ssl_mode() == postgres::config::SslMode::Require {
        return Err(format!(
            "the URL in `{url_env}` asks for TLS (sslmode=require), which this build of okrlint does not speak; reach the server over a private network or a tunnel"
        ));
    }
    config.connect_timeout(timeout);
    let mut client = config.connect(NoTls).map_err(|e| format!("cannot connect to the server ({})", kind(&e)))?;
    let mut transaction = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| format!("cannot start a read-only transaction ({})", kind(&e)))?;
    let millis = timeout.as_millis().max(1);
    transaction
        .batch_execute(&format!("SET LOCAL statement_timeout = {millis}"))
        .map_err(|e| format!("cannot set the statement timeout ({})", kind(&e)))?;
    let statement = transaction.prepare(&text).map_err(|e| query_failed(&e, timeout))?;
    let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(names.len());
    for (name, ty) in names.iter().zip(statement.params()) {
        let day = match *name {
            "start" => params.start,
            "end" => params.end,
            _ => params.as_of,
        };
        values.push(bind(name, day, ty)?);
    }
    let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect();
    let rows = transaction.query(&statement, &refs).map_err(|e| query_failed(&e, timeout))?;
    let columns = statement.columns().len();
    let mut out = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let number = i.saturating_add(1);
        let mut cells = Vec::with_capacity(columns.min(2));
        for column in 0..columns.min(2) {
            let ty = statement.columns()[column].type_();
            let date_column = columns > 1 && column == 0;
            cells.push(
                cell(row, column, ty, date_column)
                    .map_err(|why| format!("row {number}, column {}: {why}", column + 1))?,
            );
        }
        out.push(super::row(number, columns, cells)?);
    }
    // Read-only: nothing to keep.
    let _ = transaction.rollback();
    Ok(out)
}

/// A day bound as the parameter's inferred type.
fn bind(name: &str, day: NaiveDate, ty: &Type) -> Result<Box<dyn ToSql + Sync>, String> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok(match *ty {
        Type::DATE => Box::new(day),
        Type::TIMESTAMP => Box::new(midnight),
        Type::TIMESTAMPTZ => Box::new(DateTime::<Utc>::from_naive_utc_and_offset(midnight, Utc)),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::UNKNOWN => Box::new(day.to_string()),
        ref other => {
            return Err(format!(
                "`:{name}` is used as {other} in the query; compare it with a date, timestamp or text column"
            ));
        }
    })
}

/// One cell as okrlint reads it: dates in the first of two columns, numbers after.
fn cell(row: &postgres::Row, column: usize, ty: &Type, date_column: bool) -> Result<Cell, String> {
    let read = |e: postgres::Error| format!("cannot be read ({})", kind(&e));
    macro_rules! get {
        ($t:ty) => {
            row.try_get::<_, Option<$t>>(column).map_err(read)?
        };
    }
    let cell = match *ty {
        Type::DATE if date_column => get!(NaiveDate).map(|d| Cell::Text(d.to_string())),
        Type::TIMESTAMP if date_column => get!(NaiveDateTime).map(|d| Cell::Text(d.date().to_string())),
        Type::TIMESTAMPTZ if date_column => get!(DateTime<Utc>).map(|d| Cell::Text(d.date_naive().to_string())),
        Type::NUMERIC => get!(Decimal).map(Cell::Number),
        Type::INT2 => get!(i16).map(|n| Cell::Number(n.into())),
        Type::INT4 => get!(i32).map(|n| Cell::Number(n.into())),
        Type::INT8 => get!(i64).map(|n| Cell::Number(n.into())),
        Type::FLOAT4 => get!(f32).map(|n| Cell::Real(f64::from(n))),
        Type::FLOAT8 => get!(f64).map(Cell::Real),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => get!(String).map(Cell::Text),
        Type::DATE | Type::TIMESTAMP | Type::TIMESTAMPTZ => Some(Cell::Other("a date")),
        Type::BOOL => Some(Cell::Other("a boolean")),
        _ => Some(Cell::Other("a value of another type")),
    };
    Ok(cell.unwrap_or(Cell::Null))
}

/// The query with `:start`, `:end` and `:as_of` as `$1`, `$2`… (each name
/// one number), and the names in that order. String literals, quoted names,
/// comments, dollar quotes and `::` casts are left as they are. A second
/// statement after a `;` is refused.
fn numbered(sql: &str) -> Result<(String, Vec<&'static str>), String> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut names: Vec<&'static str> = Vec::new();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == quote {
                        // A doubled quote is one quote inside.
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = sql[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2);
            }
            b'$' => {
                // A dollar quote: `$$…$$` or `$tag$…$tag$`.
                let tag_end = sql[i + 1..].find('$').map(|n| i + 1 + n);
                match tag_end.filter(|end| sql[i + 1..*end].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')) {
                    Some(end) => {
                        let tag = &sql[i..=end];
                        i = sql[end + 1..].find(tag).map_or(bytes.len(), |n| end + 1 + n + tag.len());
                    }
                    None => i += 1,
                }
            }
            b':' if bytes.get(i + 1) == Some(&b':') => i += 2,
            b':' => {
                let name_end = sql[i + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .map_or(bytes.len(), |n| i + 1 + n);
                let name = match &sql[i + 1..name_end] {
                    "start" => Some("start"),
                    "end" => Some("end"),
                    "as_of" => Some("as_of"),
                    _ => None,
                };
                if let Some(name) = name {
                    let number = match names.iter().position(|n| *n == name) {
                        Some(at) => at + 1,
                        None => {
                            names.push(name);
                            names.len()
                        }
                    };
                    out.push_str(&sql[copied..i]);
                    out.push_str(&format!("${number}"));
                    copied = name_end;
                }
                i = name_end.max(i + 1);
            }
            b';' => {
                let rest = sql[i + 1..].trim();
                if !rest.is_empty() && !rest.starts_with("--") {
                    return Err("the query holds more than one statement: write one SELECT".into());
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    Ok((out, names))
}

/// A failed query, by its kind.
fn query_failed(error: &postgres::Error, timeout: Duration) -> String {
    let Some(code) = error.code() else { return format!("the query failed ({})", kind(error)) };
    let position = error.as_db_error().and_then(|e| e.position()).map(|p| match p {
        postgres::error::ErrorPosition::Original(at) => format!(" at character {at}"),
        postgres::error::ErrorPosition::Internal { .. } => String::new(),
    });
    let position = position.unwrap_or_default();
    match code {
        c if *c == SqlState::READ_ONLY_SQL_TRANSACTION => {
            "the query would change the database: write one SELECT (sources are read-only)".into()
        }
        c if *c == SqlState::QUERY_CANCELED => {
            format!("the query did not finish within {} s (the source's timeout)", timeout.as_secs())
        }
        c if *c == SqlState::SYNTAX_ERROR => format!("the query is not valid SQL here: a syntax error{position}"),
        c if *c == SqlState::UNDEFINED_TABLE => format!("the query is not valid SQL here: no such table{position}"),
        c if *c == SqlState::UNDEFINED_COLUMN => format!("the query is not valid SQL here: no such column{position}"),
        c if *c == SqlState::INSUFFICIENT_PRIVILEGE => "permission denied to read what the query names".into(),
        other => format!("the server refused the query (SQLSTATE {}{position})", other.code()),
    }
}

/// What kind of failure an error is, without the server's message or anything from the URL.
fn kind(error: &postgres::Error) -> String {
    if let Some(code) = error.code() {
        let class = &code.code()[..2.min(code.code().len())];
        return match class {
            "28" => "authentication failed".into(),
            "3D" => "the database does not exist".into(),
            "53" => "the server is out of resources".into(),
            "57" => "the server is shutting down or cancelled the query".into(),
            _ => format!("SQLSTATE {}", code.code()),
        };
    }
    let io = std::error::Error::source(error).and_then(|s| s.downcast_ref::<std::io::Error>());
    match io.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::ConnectionRefused) => "connection refused".into(),
        Some(std::io::ErrorKind::TimedOut) => "timed out".into(),
        Some(std::io::ErrorKind::NotFound) => "the host or socket was not found".into(),
        Some(other) => format!("{other}"),
        None if error.is_closed() => "the connection closed".into(),
        None => "the server could not be reached".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn named_parameters_become_numbered_outside_strings_comments_and_casts() {
        let (text, names) = numbered(
            "select day::date, ':start' from t -- :end\nwhere day between :start and :end or d = :start /* :as_of */",
        )
        .expect("one statement");
        assert_eq!(
            text,
            "select day::date, ':start' from t -- :end\nwhere day between $1 and $2 or d = $1 /* :as_of */"
        );
        assert_eq!(names, ["start", "end"]);
        let (text, names) = numbered("select $$ :as_of $$, :as_of;").expect("a trailing semicolon");
        assert_eq!(text, "select $$ :as_of $$, $1;");
        assert_eq!(names, ["as_of"]);
        assert!(numbered("select 1; delete from t").is_err());
        assert!(numbered("select ';' ; ").is_ok());
    }
}
