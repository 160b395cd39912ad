//! Chinese output: the domain area.
#![allow(unused_imports)]
use crate::env::*;
