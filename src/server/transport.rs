//! JSON-RPC messages framed as LSP frames them (`Content-Length` headers).
//!
//! lsp-server's own reader ends the connection at the first message it
//! cannot read; an editor server must instead answer a malformed message
//! with a JSON-RPC error and read on (SPEC §8). So the frames are read
//! here, and lsp-server's message types carry what they hold.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, RequestId};

/// The largest message read: a document's text (files are at most 64 MiB)
/// escaped as JSON, with room to spare. A larger one is skipped and answered.
const MAX_MESSAGE: usize = 256 << 20;

/// The longest header line read (real headers are some forty bytes).
const MAX_HEADER_LINE: u64 = 8 << 10;

/// What the client sent.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// An answer to one of the server's own requests: nothing to do.
    Response,
    /// Not a JSON-RPC message: answered with this error, and reading goes on.
    Malformed {
        id: Option<RequestId>,
        code: ErrorCode,
        message: String,
    },
}

/// Reads messages from `input` on a thread of their own, so that the
/// server can see every message already sent (and let a burst of edits
/// be linted once). The channel closes when the input ends or after `exit`.
pub fn spawn_reader(mut input: impl BufRead + Send + 'static) -> io::Result<mpsc::Receiver<Incoming>> {
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new().name("okrlint-lsp-reader".into()).spawn(move || {
        loop {
            let incoming = match read_frame(&mut input) {
                Ok(Some(body)) => parse(&body),
                // The end of the input: the client is gone.
                Ok(None) | Err(Frame::Io) => break,
                Err(Frame::Bad(message)) => Incoming::Malformed { id: None, code: ErrorCode::InvalidRequest, message },
            };
            let exit = matches!(&incoming, Incoming::Message(Message::Notification(n)) if n.method == "exit");
            if sender.send(incoming).is_err() || exit {
                break;
            }
        }
    })?;
    Ok(receiver)
}

/// Writes one message, framed, and flushes it.
pub fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)?;
    out.flush()
}

/// Answers a message that could not be read: with its id when it had one,
/// else with `"id": null` as JSON-RPC asks (lsp-server's ids cannot be null).
pub fn write_error(out: &mut impl Write, id: Option<&RequestId>, code: ErrorCode, message: &str) -> io::Result<()> {
    let answer = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    });
    let body = serde_json::to_vec(&answer).map_err(io::Error::other)?;
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    out.write_all(&body)?;
    out.flush()
}

enum Frame {
    /// The frame could not be read as LSP frames them; the next one may be.
    Bad(String),
    /// The input failed or ended inside a frame.
    Io,
}

impl From<io::Error> for Frame {
    fn from(_: io::Error) -> Frame {
        Frame::Io
    }
}

/// One frame's body; `None` at the end of the input between frames.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, Frame> {
    let mut length = None;
    let mut bad = None;
    let mut line = Vec::new();
    let mut started = false;
    loop {
        line.clear();
        let read = input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
        if read == 0 {
            return if started { Err(Frame::Io) } else { Ok(None) };
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if started {
                break;
            }
            // Blank lines between frames are tolerated.
            continue;
        }
        started = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => match value.trim().parse() {
                Ok(n) => length = Some(n),
                Err(_) => bad = Some(format!("the Content-Length header is not a number: {:?}", value.trim())),
            },
            // Content-Type, and any other header, changes nothing.
            Some(_) => {}
            None => bad = Some(format!("not a header line: {:?}", text.chars().take(80).collect::<String>())),
        }
    }
    let Some(length) = length else {
        return Err(Frame::Bad(bad.unwrap_or_else(|| "a message without a Content-Length header".into())));
    };
    if length > MAX_MESSAGE {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Err(Frame::Bad(format!("a message of {length} bytes is larger than okrlint reads ({MAX_MESSAGE})")));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    match bad {
        Some(bad) => Err(Frame::Bad(bad)),
        None => Ok(Some(body)),
    }
}

/// A frame's body as a message, or the error to answer it with.
fn parse(body: &[u8]) -> Incoming {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(err) => {
            return Incoming::Malformed { id: None, code: ErrorCode::ParseError, message: format!("not JSON: {err}") };
        }
    };
    let id = value.get("id").and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    let malformed = |why: String| Incoming::Malformed {
        id: id.clone(),
        code: ErrorCode::InvalidRequest,
        message: format!("not a JSON-RPC request or notification: {why}"),
    };
    let Some(object) = value.as_object() else { return malformed("not an object".into()) };
    // Told apart by their keys: a request has a method and an id, a
    // notification a method alone, a response an id alone.
    match (object.contains_key("method"), object.contains_key("id")) {
        (true, true) => match serde_json::from_value::<lsp_server::Request>(value) {
            Ok(request) => Incoming::Message(Message::Request(request)),
            Err(err) => malformed(err.to_string()),
        },
        (true, false) => match serde_json::from_value::<lsp_server::Notification>(value) {
            Ok(notification) => Incoming::Message(Message::Notification(notification)),
            Err(err) => malformed(err.to_string()),
        },
        (false, true) if object.contains_key("result") || object.contains_key("error") => Incoming::Response,
        _ => malformed("no `method`".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut input = io::Cursor::new(input.as_bytes().to_vec());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut input) {
                Ok(Some(body)) => out.push(match parse(&body) {
                    Incoming::Message(m) => format!("message {}", serde_json::to_string(&m).unwrap_or_default()),
                    Incoming::Malformed { code, .. } => format!("malformed {}", code as i32),
                    Incoming::Response => "response".into(),
                }),
                Ok(None) => break,
                Err(Frame::Bad(why)) => out.push(format!("bad {why}")),
                Err(Frame::Io) => {
                    out.push("ended".into());
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn a_malformed_message_is_answered_and_the_next_one_is_read() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{nope\
             Content-Length: 2\r\n\r\n[]\
             Content-Length: x\r\n\r\n\
             Content-Type: a\r\n\r\n\
             Content-Length: {}\r\n\r\n{ok}\
             Content-Length: 99\r\n\r\n{{}}",
            ok.len()
        );
        let seen = frames(&input);
        assert_eq!(seen[0], "malformed -32700", "{seen:?}");
        assert_eq!(seen[1], "malformed -32600", "{seen:?}");
        assert!(seen[2].starts_with("bad the Content-Length header is not a number"), "{seen:?}");
        assert_eq!(seen[3], "bad a message without a Content-Length header", "{seen:?}");
        assert!(seen[4].starts_with("message ") && seen[4].contains("initialized"), "{seen:?}");
        assert_eq!(seen[5], "ended", "a frame cut short ends the input: {seen:?}");
    }
}
