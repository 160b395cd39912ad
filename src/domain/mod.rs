//! Validated values and the rules of the trade: codes, quantities, times, money, order
//! statuses, and the records the imports hand to the store.

pub mod checks;
pub mod code;
pub mod effect;
pub mod near;
pub mod operator;
pub mod problem;
pub mod records;
pub mod settings;
pub mod values;
pub mod windows;
pub mod zone;
