//! Persisted operations: the identifier of the exact document an operation sends.
//!
//! The macro puts it in each operation's `DOCUMENT_SHA256` and `typed-graphql manifest` writes it
//! in persisted-query manifests; both call [`document_hash`], so the two always agree.

use sha2::{Digest, Sha256};

/// The SHA-256 of `document`'s UTF-8 bytes as 64 lowercase hex digits: the `sha256Hash` of
/// Apollo's Automatic Persisted Queries and the key of persisted-query manifests.
pub fn document_hash(document: &str) -> String {
    let digest = Sha256::digest(document.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::document_hash;

    #[test]
    fn matches_published_vectors() {
        // FIPS 180-2 test vector, and the `{__typename}` example of Apollo's and Yoga's docs.
        assert_eq!(
            document_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            document_hash("{__typename}"),
            "ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38"
        );
    }
}
