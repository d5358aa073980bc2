//! `mentionmap`: the command-line geoparser.

fn main() {
    let g = mentionmap::Gazetteer::bundled();
    println!("{} places", g.len());
}
