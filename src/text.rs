//! Text folding and fuzzy matching shared by entity lookup, autocomplete and `/ask`.
