//! What must hold for every mention the geoparser reports, whatever the text: shared by the
//! property tests (`tests/properties.rs`) and the fuzz targets (`fuzz/fuzz_targets`).

use mentionmap::Mention;

/// Panics, saying which rule broke, unless `m` is a consistent mention of `text`: byte
/// offsets in bounds and on character boundaries, code-point offsets counting the same
/// characters, the mention's text at those offsets, and a passage that is the text between
/// its own offsets and holds the mention where it says.
pub fn check_mention(text: &str, m: &Mention) {
    assert!(
        m.byte_start < m.byte_end && m.byte_end <= text.len(),
        "bytes {}..{} out of bounds ({} bytes)",
        m.byte_start,
        m.byte_end,
        text.len()
    );
    assert!(
        text.is_char_boundary(m.byte_start) && text.is_char_boundary(m.byte_end),
        "bytes {}..{} not on character boundaries",
        m.byte_start,
        m.byte_end
    );
    assert_eq!(
        text[..m.byte_start].chars().count(),
        m.start,
        "start in code points"
    );
    assert_eq!(
        m.start + text[m.byte_start..m.byte_end].chars().count(),
        m.end,
        "end in code points"
    );
    assert_eq!(m.text, text[m.byte_start..m.byte_end], "mention text");
    let p = &m.passage;
    let passage: String = text.chars().skip(p.start).take(p.end - p.start).collect();
    assert_eq!(
        passage, p.text,
        "passage text is the text between its offsets"
    );
    let inner: String = p
        .text
        .chars()
        .skip(p.mention_start)
        .take(p.mention_end - p.mention_start)
        .collect();
    assert_eq!(inner, m.text, "the passage holds the mention");
    assert_eq!(p.start + p.mention_start, m.start, "passage offsets agree");
    assert_eq!(p.start + p.mention_end, m.end, "passage offsets agree");
}

/// Checks every mention, and that they come in text order.
pub fn check_mentions(text: &str, mentions: &[Mention]) {
    for m in mentions {
        check_mention(text, m);
    }
    assert!(
        mentions
            .windows(2)
            .all(|w| w[0].byte_start <= w[1].byte_start),
        "mentions in text order"
    );
}
