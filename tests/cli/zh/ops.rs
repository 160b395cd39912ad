//! Chinese output: the ops area.
#![allow(unused_imports)]
use crate::env::*;
