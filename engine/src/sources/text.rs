//! Turning bytes into text, and byte offsets into lines.
//!
//! Inputs come from many machines: plans written by PowerShell's `>` are UTF-16 with a byte order
//! mark, and Excel puts a UTF-8 BOM before CSV. Anything else that is not UTF-8 is refused with the
//! position of the first bad byte, never guessed at.

use std::borrow::Cow;

/// Why bytes could not be decoded, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line of the first bad byte (for UTF-8), when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Decodes UTF-8 (with or without BOM) and UTF-16 LE/BE with a BOM.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest);
    }
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
            if had_errors {
                return Err(DecodeError {
                    line: None,
                    message: format!("invalid {} text after the byte order mark", encoding.name()),
                });
            }
            return Ok(text);
        }
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(error) => {
            let valid = error.valid_up_to();
            let line = line_of_offset(bytes.get(..valid).unwrap_or_default(), valid);
            // NUL bytes early on mean UTF-16 without a byte order mark.
            let message = if bytes.iter().take(64).any(|b| *b == 0) {
                "not UTF-8 (looks like UTF-16 without a byte order mark; re-save as UTF-8)"
                    .to_string()
            } else {
                format!("not valid UTF-8 (first bad byte at offset {valid})")
            };
            Err(DecodeError {
                line: Some(line),
                message,
            })
        }
    }
}

/// [`decode`] for an input named by the user: a failure is an error naming the file.
pub fn decode_input<'a>(
    file: &str,
    bytes: &'a [u8],
) -> Result<Cow<'a, str>, crate::error::SourceError> {
    decode(bytes).map_err(|error| crate::error::SourceError::Encoding {
        location: crate::error::Location {
            path: file.to_string(),
            line: error.line,
            column: None,
        },
        message: error.message,
    })
}

/// 1-based line of a byte offset in `bytes`.
pub fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let end = offset.min(bytes.len());
    bytes
        .get(..end)
        .map_or(0, |head| head.iter().filter(|b| **b == b'\n').count())
        + 1
}

/// 1-based line of the first byte that is not UTF-8, for "not valid UTF-8" errors.
pub fn invalid_utf8_line(error: &std::string::FromUtf8Error) -> usize {
    line_of_offset(error.as_bytes(), error.utf8_error().valid_up_to())
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let end = offset.min(text.len());
    let head = text.get(..end).unwrap_or(text);
    let line = head.matches('\n').count() + 1;
    let column = head
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
    }

    #[test]
    fn utf16_le_with_bom_is_decoded() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\":1}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&bytes).unwrap(), "{\"a\":1}");
    }

    #[test]
    fn utf16_be_with_bom_is_decoded() {
        let bytes: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("{}".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&bytes).unwrap(), "{}");
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let error = decode(b"a\nb\n\xFFc").unwrap_err();
        assert_eq!(error.line, Some(3));
    }

    #[test]
    fn utf16_without_bom_is_named() {
        let error = decode(b"{\0\"\0a\0\xFF\0").unwrap_err();
        assert!(error.message.contains("UTF-16"), "{}", error.message);
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
