//! A walk over the messages of an Arrow IPC file before it is decoded, refusing compressed
//! buffers whose stated size could not be real: the IPC reader allocates a buffer's stated
//! uncompressed size before decompressing it, so one edited length would abort the process
//! with an allocation failure (which no panic boundary can catch).

use crate::error::Error;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Most bytes one compressed byte can stand for: Zstd's RLE blocks (128 KiB for 4 bytes);
/// LZ4's bound is far lower.
const MAX_RATIO: u64 = 32 * 1024;

/// Checks every compressed buffer of the record and dictionary batches: in message order from
/// byte `start` (0 for the stream format, 8 for the file format, after its magic) until the
/// end-of-stream marker, and, in the file format, at every block its footer lists (the file
/// reader follows the footer, which need not agree with the message order). A message that
/// does not parse is left to the reader to report.
pub fn check_compressed_sizes(
    file: &mut File,
    start: u64,
    file_format: bool,
    origin: &str,
) -> Result<(), Error> {
    let len = file
        .metadata()
        .map(|m| m.len())
        .map_err(|e| crate::files::corrupt_file(origin, &e.to_string()))?;
    let mut pos = start;
    while let Some(next) = check_message(file, pos, None, len, origin)? {
        pos = next;
    }
    if file_format {
        for (at, metadata_len) in footer_blocks(file, len).unwrap_or_default() {
            check_message(file, at, Some(at.saturating_add(metadata_len)), len, origin)?;
        }
    }
    Ok(())
}

/// The `(offset, metadata length)` of every block (dictionaries and record batches) the
/// footer of a file-format file lists; `None` when the footer does not parse.
fn footer_blocks(file: &mut File, len: u64) -> Option<Vec<(u64, u64)>> {
    let mut tail = [0u8; 10];
    read_at(file, len.checked_sub(10)?, &mut tail).ok()?;
    let footer_len = u64::try_from(i32::from_le_bytes(tail[..4].try_into().ok()?)).ok()?;
    let footer_at = len.checked_sub(10)?.checked_sub(footer_len)?;
    let mut footer = vec![0u8; usize::try_from(footer_len).ok()?];
    read_at(file, footer_at, &mut footer).ok()?;
    let footer = arrow_ipc::root_as_footer(&footer).ok()?;
    let blocks = footer
        .dictionaries()
        .into_iter()
        .flatten()
        .chain(footer.recordBatches().into_iter().flatten());
    Some(
        blocks
            .filter_map(|b| {
                Some((
                    u64::try_from(b.offset()).ok()?,
                    u64::try_from(b.metaDataLength()).ok()?,
                ))
            })
            .collect(),
    )
}

/// Checks the message whose length prefix is at `at` (its body at `body`, or right after
/// its metadata); returns where the next message of a stream starts, or `None` at the end
/// or at a message that does not parse.
fn check_message(
    file: &mut File,
    at: u64,
    body: Option<u64>,
    len: u64,
    origin: &str,
) -> Result<Option<u64>, Error> {
    let mut word = [0u8; 4];
    if at.saturating_add(8) > len || read_at(file, at, &mut word).is_err() {
        return Ok(None);
    }
    let mut meta_len = u32::from_le_bytes(word);
    let mut meta_start = at + 4;
    if meta_len == u32::MAX {
        if read_at(file, at + 4, &mut word).is_err() {
            return Ok(None);
        }
        meta_len = u32::from_le_bytes(word);
        meta_start = at + 8;
    }
    let meta_len = u64::from(meta_len);
    if meta_len == 0 || meta_start + meta_len > len {
        return Ok(None);
    }
    let mut metadata = vec![0u8; meta_len as usize];
    if read_at(file, meta_start, &mut metadata).is_err() {
        return Ok(None);
    }
    let Ok(message) = arrow_ipc::root_as_message(&metadata) else {
        return Ok(None);
    };
    let body = body.unwrap_or(meta_start + meta_len);
    let batch = message
        .header_as_record_batch()
        .or_else(|| message.header_as_dictionary_batch().and_then(|d| d.data()));
    if let Some(batch) = batch
        && batch.compression().is_some()
    {
        check_batch(file, &batch, body, len, origin)?;
    }
    Ok(u64::try_from(message.bodyLength())
        .ok()
        .map(|b| body.saturating_add(b)))
}

/// Each buffer's stated uncompressed length (its first 8 bytes) must be reachable from its
/// compressed length and fit the batch's longest array at `--max-line-bytes` a value.
fn check_batch(
    file: &mut File,
    batch: &arrow_ipc::RecordBatch,
    body: u64,
    len: u64,
    origin: &str,
) -> Result<(), Error> {
    let longest = batch
        .nodes()
        .map(|nodes| nodes.iter().map(|n| n.length()).max().unwrap_or(0))
        .unwrap_or(0)
        .max(batch.length())
        .max(0) as u64;
    let per_value = (crate::files::limit::max_line_bytes() as u64).max(16);
    let fits = longest.saturating_add(1).saturating_mul(per_value);
    let mut prefix = [0u8; 8];
    for buffer in batch.buffers().into_iter().flatten() {
        let (Ok(offset), Ok(compressed)) = (
            u64::try_from(buffer.offset()),
            u64::try_from(buffer.length()),
        ) else {
            continue;
        };
        let at = body.saturating_add(offset);
        if compressed < 8 || at + 8 > len || read_at(file, at, &mut prefix).is_err() {
            continue;
        }
        let stated = i64::from_le_bytes(prefix);
        // -1 marks a buffer stored uncompressed.
        if stated < 0 {
            continue;
        }
        let stated = stated as u64;
        if stated > compressed.saturating_mul(MAX_RATIO).saturating_add(1 << 16) || stated > fits {
            return Err(crate::files::corrupt_file(
                origin,
                &format!(
                    "a buffer of {compressed} compressed bytes claims {stated} bytes once \
                     decompressed, more than it could hold"
                ),
            ));
        }
    }
    Ok(())
}

fn read_at(file: &mut File, at: u64, out: &mut [u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(out)
}
