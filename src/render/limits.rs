//! Discord's limits, in one place.
