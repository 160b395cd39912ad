//! Chinese output: the store area.
#![allow(unused_imports)]
use crate::env::*;
