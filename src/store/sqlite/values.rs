//! The domain's validated types as SQLite values: a code binds as its text, a quantity or an
//! amount as its integer. Reading them back is the store's business (its CHECKs and its own
//! writes keep them valid), so only the binding direction is defined here.

use rusqlite::ToSql;
use rusqlite::types::ToSqlOutput;

use crate::domain::code::{Sku, WarehouseCode};
use crate::domain::values::{Cents, Qty};

impl ToSql for Sku {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.as_str().to_sql()
    }
}

impl ToSql for WarehouseCode {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.as_str().to_sql()
    }
}

impl ToSql for Qty {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

impl ToSql for Cents {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

/// Codes read back from the store go through the same validation as codes from a file: a
/// row written behind invmap's back cannot smuggle in a code the domain refuses. Used where
/// the rows are few (plans, drains), not on the bulk paths, which stay in SQL.
macro_rules! from_sql_code {
    ($name:ident) => {
        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).map_err(|e| rusqlite::types::FromSqlError::Other(e.into()))
            }
        }
    };
}

from_sql_code!(Sku);
from_sql_code!(WarehouseCode);
