//! A little-endian reader over a model file's bytes, shared by the `.tev` table and the
//! sensitive-topic model: every read is checked against the bytes there are.

/// Reads forward through `bytes`; any read past the end is the caller's `truncated` error.
pub(crate) struct LeReader<'a, E> {
    bytes: &'a [u8],
    at: usize,
    truncated: E,
}

impl<'a, E: Clone> LeReader<'a, E> {
    pub(crate) fn new(bytes: &'a [u8], truncated: E) -> Self {
        LeReader {
            bytes,
            at: 0,
            truncated,
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], E> {
        let slice = self
            .at
            .checked_add(n)
            .and_then(|end| self.bytes.get(self.at..end))
            .ok_or_else(|| self.truncated.clone())?;
        self.at += n;
        Ok(slice)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, E> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn f32s(&mut self, n: usize) -> Result<Vec<f32>, E> {
        let len = n.checked_mul(4).ok_or_else(|| self.truncated.clone())?;
        Ok(self
            .take(len)?
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }

    /// Bytes after the last read: a complete file has none.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }
}
