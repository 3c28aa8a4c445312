//! Strict UTF-8 decoding with errors that point at the line and byte of the first bad byte.

use crate::error::Error;
use std::path::Path;

/// Decodes `bytes` as UTF-8, dropping a leading BOM. `origin` names the input in errors.
pub fn decode_utf8<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, Error> {
    decode_utf8_at(bytes, origin, true, 1, 0)
}

/// Decodes a piece of a larger input that starts at line `first_line` and byte offset
/// `first_offset` of it (and at the start of a line), so that errors point into the whole
/// input. A leading BOM is dropped when `strip_bom`.
pub fn decode_utf8_at<'a>(
    bytes: &'a [u8],
    origin: &str,
    strip_bom: bool,
    first_line: usize,
    first_offset: u64,
) -> Result<&'a str, Error> {
    let bom = if strip_bom && bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    // simdutf8 validates non-ASCII text several times faster; std finds the error position.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes[bom..]) {
        return Ok(text);
    }
    std::str::from_utf8(&bytes[bom..]).map_err(|e| {
        let offset = bom + e.valid_up_to();
        let before = &bytes[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Error::InvalidUtf8 {
            origin: origin.to_string(),
            line: first_line + before.iter().filter(|&&b| b == b'\n').count(),
            byte: offset - line_start + 1,
            offset: first_offset as usize + offset,
        }
    })
}

/// Reads a whole UTF-8 text file; errors name the file, and the line and byte for bad UTF-8.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = super::limit::read_limited(path)?;
    decode_utf8(&bytes, &path.display().to_string()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_bad_byte() {
        let err = decode_utf8(b"ok\nab\xFFc", "in.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "in.txt: line 2, byte 3: invalid UTF-8 (byte offset 5)"
        );
    }

    #[test]
    fn drops_bom() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBFhi", "x").ok(), Some("hi"));
    }
}
