//! Writing YAML that okrlint itself produces (`okrlint pull`'s logs). A value
//! read from a database is data: it is written as a double-quoted scalar with
//! every character that could end or change it escaped, never pasted into
//! YAML text as it is.

/// `text` as a YAML double-quoted scalar: `\` and `"` escaped, control
/// characters, line and paragraph separators, the BOM and anything YAML
/// cannot hold written as escapes.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            // C1 controls, NEL, line/paragraph separators, the BOM and noncharacters.
            c if matches!(c as u32, 0x80..=0x9f | 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff) => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileKind, SourceFile};
    use crate::yaml::{self, Value};
    use proptest::prelude::*;

    fn read_back(scalar: &str) -> String {
        let text = format!("value: {scalar}\n");
        let file = SourceFile::new("t.yaml".into(), "t.yaml".into(), text, FileKind::Unknown);
        let root = yaml::parse(&file).expect("the emitted YAML parses");
        let Value::Map(entries) = &root.value else { panic!("a mapping") };
        match &entries[0].1.value {
            Value::Str(s) => s.to_string(),
            other => panic!("a string, found {}", other.type_name()),
        }
    }

    #[test]
    fn hostile_text_stays_one_string() {
        for text in [
            "a\"b",
            "x\\y",
            "line\nbreak",
            "- item",
            "key: value",
            "#comment",
            "'",
            "\u{2028}",
            "\u{85}",
            "",
            "no",
            "1.5",
            "\u{feff}a",
        ] {
            assert_eq!(read_back(&quoted(text)), text, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_reads_back_as_itself(text in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{10ffff}]{0,40}") {
            prop_assert_eq!(read_back(&quoted(&text)), text);
        }
    }
}
