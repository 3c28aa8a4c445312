//! Strict UTF-8 decoding with errors that point at the line and byte of the first bad byte.

use crate::error::Error;
use std::path::Path;

/// Decodes `bytes` as UTF-8, dropping a leading BOM. `origin` names the input in errors.
pub fn decode_utf8<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, Error> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    std::str::from_utf8(&bytes[bom..]).map_err(|e| {
        let offset = bom + e.valid_up_to();
        let before = &bytes[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Error::InvalidUtf8 {
            origin: origin.to_string(),
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            byte: offset - line_start + 1,
            offset,
        }
    })
}

/// Reads a whole UTF-8 text file; errors name the file, and the line and byte for bad UTF-8.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
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
