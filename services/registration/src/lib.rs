//! Registration: encounters from practices become claims; coverage is checked.
