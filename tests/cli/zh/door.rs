//! Chinese output: the door area (change commands).
#![allow(unused_imports)]
use crate::env::*;
