//! The index schema: one tantivy document per passage.
//!
//! Every passage document carries its article's metadata (id, title, date, source, url), so a
//! hit needs one stored-document read and titles can lift their passages in ranking. The raw
//! input text is stored once per article, on passage 0.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::ingest::fnv::Fnv1a;
use crate::text::{ANALYZER_NAME, PAIR_ANALYZER_NAME};
use crate::{Error, Result};

/// Handles to the fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Article id (raw string, fast): the unit of replacement.
    pub article_id: Field,
    /// [`article_key`] of the article id (indexed, fast): how search results are grouped by
    /// article and how score ties are broken, without reading strings.
    pub article_key: Field,
    /// Passage number in the article, from 0.
    pub passage: Field,
    /// Article title, analyzed like the text.
    pub title: Field,
    /// Publication date (day precision), for filters and sorting.
    pub date: Field,
    /// Source, analyzed so that `--source` works with or without accents.
    pub source: Field,
    /// URL, stored only.
    pub url: Field,
    /// The passage text with its original accents, analyzed (exact + folded, with positions).
    pub text: Field,
    /// The original input text of the article, on passage 0 only.
    pub raw: Field,
    /// Content hash of the article: only "has this article changed" (incremental re-indexing).
    pub hash: Field,
    /// Where the article came from (file path, or `path:line`).
    pub origin: Field,
    /// The article's near-duplicate [`crate::ingest::Fingerprint`], as two fast `u64`
    /// columns on every passage (`0, 0` when the article is too short for one), so a ranked
    /// passage leads to its article's fingerprint in one read. `None` in an index built
    /// before fingerprints: such an index is searched without collapsing copies.
    pub fingerprint: Option<[Field; 2]>,
    /// Every two adjacent common words of the passage text as one folded term
    /// ([`crate::text::pair_analyzer`]), with frequencies, without positions (indexes
    /// written before have no frequencies, and are searched the same, from positions): the
    /// passages where a phrase of frequent words can stand, read in one posting list instead
    /// of intersecting its words'. `None` in an index built before pairs (or with another
    /// list of common words): phrases are then found from the words alone, with the same
    /// results.
    pub pairs: Option<Field>,
}

/// Field names, kept in one place.
pub mod names {
    pub const ARTICLE_ID: &str = "article_id";
    pub const ARTICLE_KEY: &str = "article_key";
    pub const PASSAGE: &str = "passage";
    pub const TITLE: &str = "title";
    pub const DATE: &str = "date";
    pub const SOURCE: &str = "source";
    pub const URL: &str = "url";
    pub const TEXT: &str = "text";
    pub const RAW: &str = "raw";
    pub const HASH: &str = "hash";
    pub const ORIGIN: &str = "origin";
    pub const FINGERPRINT: [&str; 2] = ["fingerprint_0", "fingerprint_1"];
    pub const PAIRS: &str = "text_pairs";
}

/// The stable per-article key: FNV-1a (64 bits) of the article id. It depends on the id only,
/// never on where or when the article was indexed, so grouping and tie-breaking give the same
/// answer on every build of the same articles. Two of 40,000 articles share a key with
/// probability below 10^-10.
pub fn article_key(id: &str) -> u64 {
    let mut hash = Fnv1a::new();
    hash.write(id.as_bytes());
    hash.finish()
}

/// The tokenizer name of the schema's pair field, if it has one (it names the list of
/// common words the field was built with).
pub(crate) fn pair_tokenizer(schema: &Schema) -> Option<&str> {
    let field = schema.get_field(names::PAIRS).ok()?;
    match schema.get_field_entry(field).field_type() {
        tantivy::schema::FieldType::Str(options) => {
            Some(options.get_indexing_options()?.tokenizer())
        }
        _ => None,
    }
}

/// Builds the schema and returns it with its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let analyzed = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let article_id = builder.add_text_field(names::ARTICLE_ID, STRING | STORED | FAST);
    let article_key = builder.add_u64_field(
        names::ARTICLE_KEY,
        NumericOptions::default().set_indexed().set_fast(),
    );
    let passage = builder.add_u64_field(
        names::PASSAGE,
        NumericOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast(),
    );
    let title = builder.add_text_field(names::TITLE, analyzed(true));
    let date = builder.add_date_field(
        names::DATE,
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    let source = builder.add_text_field(names::SOURCE, analyzed(true));
    let url = builder.add_text_field(names::URL, STORED);
    let text = builder.add_text_field(names::TEXT, analyzed(true));
    let raw = builder.add_text_field(names::RAW, STORED);
    let hash = builder.add_u64_field(names::HASH, NumericOptions::default().set_fast());
    let origin = builder.add_text_field(names::ORIGIN, STRING | STORED | FAST);
    let fingerprint = names::FINGERPRINT
        .map(|name| builder.add_u64_field(name, NumericOptions::default().set_fast()));
    // Which passages hold a pair, and how often: a phrase of two unaccented words is its
    // pair (`search::pair_phrase`); any other phrase is counted on the words' positions, at
    // the passages holding its pairs only.
    let pairs = builder.add_text_field(
        names::PAIRS,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(PAIR_ANALYZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        ),
    );
    let fields = Fields {
        article_id,
        article_key,
        passage,
        title,
        date,
        source,
        url,
        text,
        raw,
        hash,
        origin,
        fingerprint: Some(fingerprint),
        pairs: Some(pairs),
    };
    (builder.build(), fields)
}

impl Fields {
    /// Looks the fields up in an existing index's schema.
    pub fn from_schema(schema: &Schema) -> Result<Fields> {
        let get = |name: &str| {
            schema
                .get_field(name)
                .map_err(|_| Error::IncompatibleIndex(format!("no field `{name}`")))
        };
        Ok(Fields {
            article_id: get(names::ARTICLE_ID)?,
            article_key: get(names::ARTICLE_KEY)?,
            passage: get(names::PASSAGE)?,
            title: get(names::TITLE)?,
            date: get(names::DATE)?,
            source: get(names::SOURCE)?,
            url: get(names::URL)?,
            text: get(names::TEXT)?,
            raw: get(names::RAW)?,
            hash: get(names::HASH)?,
            origin: get(names::ORIGIN)?,
            fingerprint: match names::FINGERPRINT.map(|name| schema.get_field(name)) {
                [Ok(low), Ok(high)] => Some([low, high]),
                _ => None,
            },
            // Pairs of another list of common words cannot be searched with this one's.
            pairs: schema
                .get_field(names::PAIRS)
                .ok()
                .filter(|_| pair_tokenizer(schema) == Some(PAIR_ANALYZER_NAME)),
        })
    }
}
