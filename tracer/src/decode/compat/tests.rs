//! Unit tests of the 32-bit translation.
