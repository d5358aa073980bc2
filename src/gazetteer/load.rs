//! Reading the gazetteer artefact: the layout check every load does, and the full
//! record-by-record validation of [`Gazetteer::from_static`] and [`Gazetteer::from_bytes`].

use super::*;

impl Gazetteer {
    /// Reads the layout of `bytes` and the tables built from it; with `validate`, checks every
    /// record too.
    pub(super) fn from_cow(
        bytes: Cow<'static, [u8]>,
        validate: bool,
    ) -> Result<Self, GazetteerError> {
        let b: &[u8] = &bytes;
        let layout = Layout::read(b)?;
        let places = layout.places;
        let (columns, strings, index) = (
            layout.table.start,
            layout.section(Section::Strings),
            layout.section(Section::Index),
        );
        let extents = layout.section(Section::Extents);
        if extents.len() % EXTENT_BYTES != 0 {
            return Err(GazetteerError::Corrupt("bounding boxes".into()));
        }
        let postings = layout.section(Section::Postings);
        if postings.len() % POSTING_BYTES != 0 {
            return Err(GazetteerError::Corrupt("postings".into()));
        }
        let index = fst::Map::new(match &bytes {
            Cow::Borrowed(all) => Cow::Borrowed(&all[index]),
            Cow::Owned(all) => Cow::Owned(all[index].to_vec()),
        })?;
        let mut name_offsets = Vec::with_capacity(places + 1);
        let mut offset = 0u32;
        for i in 0..places {
            name_offsets.push(offset);
            offset = offset.saturating_add(NAME_LEN.read(b, columns, places, i));
        }
        name_offsets.push(offset);
        if offset as usize > strings.len() {
            return Err(GazetteerError::Corrupt(
                "names run past the string section".into(),
            ));
        }
        let mut gazetteer = Gazetteer {
            bytes: Cow::Borrowed(&[]),
            places,
            columns,
            name_offsets,
            strings,
            posting_count: postings.len() / POSTING_BYTES,
            postings,
            meta: layout.section(Section::Meta),
            extents,
            index,
            countries: Vec::new(),
            instance: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        };
        gazetteer.bytes = bytes;
        if validate {
            gazetteer.validate()?;
        }
        gazetteer.countries = gazetteer
            .places()
            .take_while(|p| p.kind == PlaceKind::Country)
            .filter_map(|p| Some((p.country?.to_string(), p.id)))
            .collect();
        gazetteer.countries.sort();
        Ok(gazetteer)
    }

    /// Checks every record's kind, name and parent and every posting, so later reads cannot
    /// fail.
    fn validate(&self) -> Result<(), GazetteerError> {
        let n = self.len();
        for i in 0..n {
            let (from, to) = (
                self.name_offsets[i] as usize,
                self.name_offsets[i + 1] as usize,
            );
            let name = &self.bytes[self.strings.start + from..self.strings.start + to];
            if std::str::from_utf8(name).is_err() {
                return Err(GazetteerError::Corrupt(format!("name of place {i}")));
            }
            let kind = kind_from_code(self.column_u8(KIND, i));
            let Some(kind) = kind else {
                return Err(GazetteerError::Corrupt(format!("kind of place {i}")));
            };
            let flags = self.column_u8(FLAGS, i);
            let postal_ok = flags & FLAG_POSTAL == 0 || kind == PlaceKind::City;
            if flags & !(FLAG_CAPITAL | FLAG_POSTAL | FLAG_COMMON_WORD) != 0 || !postal_ok {
                return Err(GazetteerError::Corrupt(format!("flags of place {i}")));
            }
            let parent = self.column_u32(PARENT, i);
            if parent != NO_PARENT && parent as usize >= n {
                return Err(GazetteerError::Corrupt(format!("parent of place {i}")));
            }
        }
        let extents = &self.bytes[self.extents.clone()];
        let mut previous = None;
        for at in (0..extents.len()).step_by(EXTENT_BYTES) {
            let id = read_u32(extents, at);
            if id as usize >= n || previous.is_some_and(|p| p >= id) {
                return Err(GazetteerError::Corrupt("bounding box order".into()));
            }
            previous = Some(id);
        }
        // fst checks little when it opens a map and panics on damaged nodes while reading,
        // so its checksum is checked before the index is walked (found by fuzzing).
        let fst = self.index.as_fst();
        fst.verify()
            .map_err(|e| GazetteerError::Corrupt(format!("name index: {e}")))?;
        // A checksum can be forged (the fuzzer does it), and fst trusts the root address in
        // its footer: it must point inside the nodes, before the footer's 20 bytes.
        let fst_bytes = fst.as_bytes();
        let footer = fst_bytes.len().saturating_sub(20);
        let root = fst_bytes
            .get(fst_bytes.len().saturating_sub(12)..fst_bytes.len().saturating_sub(4))
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes);
        if root.is_none_or(|root| root >= footer as u64) {
            return Err(GazetteerError::Corrupt("name index root".into()));
        }
        self.walk_index()
    }

    /// Checks every posting the name index points to. A damaged node deeper in the index
    /// would make fst panic; natively that panic is caught and reported as a damaged index
    /// (the browser only ever loads the bundled gazetteer, which the tests validate).
    fn walk_index(&self) -> Result<(), GazetteerError> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let walk = std::panic::AssertUnwindSafe(|| self.check_postings());
            std::panic::catch_unwind(walk)
                .unwrap_or_else(|_| Err(GazetteerError::Corrupt("name index nodes".into())))
        }
        #[cfg(target_arch = "wasm32")]
        self.check_postings()
    }

    /// Walks the name index and checks that every posting names a place and every list ends
    /// inside the postings.
    fn check_postings(&self) -> Result<(), GazetteerError> {
        let n = self.len();
        let postings = &self.bytes[self.postings.clone()];
        let count = self.posting_count;
        let mut stream = self.index.stream();
        use fst::Streamer;
        while let Some((_, first)) = stream.next() {
            let mut at = usize::try_from(first).unwrap_or(usize::MAX);
            loop {
                if at >= count {
                    return Err(GazetteerError::Corrupt("postings list".into()));
                }
                let raw = read_planes(postings, 0, count, POSTING_BYTES, at);
                if (raw & POSTING_ID) as usize >= n {
                    return Err(GazetteerError::Corrupt("posting id".into()));
                }
                if raw & FLAG_LAST != 0 {
                    break;
                }
                at += 1;
            }
        }
        Ok(())
    }
}
