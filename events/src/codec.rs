//! The bytes of a commit in the log: a magic, a format version, then bincode 2.
//!
//! The magic lets a reader refuse a message that is not a commit (a forged or misrouted
//! publish) before trying to decode it; the version byte picks the decoder, so a future
//! envelope can be introduced while every commit ever written stays readable.

use crate::commit::Commit;

/// "CLM" then the format version.
pub const MAGIC: &[u8; 3] = b"CLM";
/// The envelope format this build writes.
pub const FORMAT_VERSION: u8 = 1;

/// Why bytes in the log are not a commit this build can read.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("not a commit: the message does not start with the CLM magic")]
    NotACommit,
    #[error("commit format version {0} is newer than this build reads (1): upgrade before reading this log")]
    UnknownVersion(u8),
    #[error("commit body does not decode: {0}")]
    Body(#[from] bincode::error::DecodeError),
    #[error("commit has {0} trailing bytes after its body")]
    TrailingBytes(usize),
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes a commit for appending.
pub fn encode(commit: &Commit) -> Vec<u8> {
    // Most commits are under 1 KiB: one allocation instead of growing from 256 bytes.
    let mut bytes = Vec::with_capacity(1024);
    bytes.extend_from_slice(MAGIC);
    bytes.push(FORMAT_VERSION);
    // Encoding plain data into a Vec cannot fail: no maps with non-string keys, no I/O.
    bincode::serde::encode_into_std_write(commit, &mut bytes, config())
        .expect("a commit always encodes");
    bytes
}

/// Decodes a commit read from the log.
pub fn decode(bytes: &[u8]) -> Result<Commit, DecodeError> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or(DecodeError::NotACommit)?;
    let (&version, body) = body.split_first().ok_or(DecodeError::NotACommit)?;
    match version {
        1 => {
            let (commit, read) = bincode::serde::decode_from_slice(body, config())?;
            if read != body.len() {
                return Err(DecodeError::TrailingBytes(body.len() - read));
            }
            Ok(commit)
        }
        other => Err(DecodeError::UnknownVersion(other)),
    }
}
