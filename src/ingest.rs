//! Reading articles from the formats people have them in.
