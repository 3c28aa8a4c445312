//! Stand-in for the Parquet/Arrow reader when tomtat is built without the `columnar` feature:
//! opening such a file is a clear error.

use super::fields::Fields;
use super::pairs::Pair;
use crate::error::Error;
use std::path::Path;

/// A columnar file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnarFormat {
    Parquet,
    ArrowIpc,
}

/// Never built: [`ColumnarReader::open`] always fails.
pub struct ColumnarReader(std::convert::Infallible);

impl ColumnarReader {
    pub fn open(path: &Path, _: ColumnarFormat, _: &Fields) -> Result<ColumnarReader, Error> {
        Err(Error::Input {
            origin: crate::files::origin_name(path),
            line: None,
            message: "this tomtat was built without Parquet/Arrow support (cargo feature \
                      `columnar`)"
                .into(),
        })
    }

    pub fn position(&self) -> u64 {
        match self.0 {}
    }

    pub fn origin(&self) -> &str {
        match self.0 {}
    }

    pub fn next_batch(&mut self) -> Result<Option<(Columns, usize)>, Error> {
        match self.0 {}
    }
}

/// Never built.
pub struct Columns {
    pub first: usize,
    never: std::convert::Infallible,
}

impl Columns {
    pub fn len(&self) -> usize {
        match self.never {}
    }

    pub fn pair(&self, _: usize, _: &str, _: &Fields) -> Result<Pair, Error> {
        match self.never {}
    }

    pub fn text(&self, _: usize, _: &str) -> Option<String> {
        match self.never {}
    }

    pub fn row_bytes(&self, _: usize) -> usize {
        match self.never {}
    }

    pub fn read_row<T>(
        &self,
        _: usize,
        _: &str,
        _: &str,
        _: impl FnOnce(&mut dyn super::pairs::RowFields) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match self.never {}
    }
}
