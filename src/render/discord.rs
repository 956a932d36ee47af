//! Reply → Discord interaction response JSON.
