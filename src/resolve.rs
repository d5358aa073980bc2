//! Resolution: choosing the place each mention refers to.
