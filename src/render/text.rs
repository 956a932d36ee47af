//! Reply → terminal text.
