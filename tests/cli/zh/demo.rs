//! Chinese output: the demo area.
#![allow(unused_imports)]
use crate::env::*;
