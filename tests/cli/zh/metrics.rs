//! Chinese output: the metrics area.
#![allow(unused_imports)]
use crate::env::*;
