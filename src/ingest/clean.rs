//! The cleaning pipeline: raw article text → metadata and passages.
//!
//! lines → collapse doubled lines → strip chrome → join hard wraps → drop repeated
//! paragraphs → drop photo captions → title, source/URL, bylines, date → passages.

use time::Date;

use super::{captions, chrome, dedup, hard_wrap, lines, metadata, passages};

/// What cleaning finds in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The title line, if the text has one.
    pub title: Option<String>,
    /// A title derived from the first sentence, for texts without a title line.
    pub fallback_title: Option<String>,
    /// Publication date stated by the text.
    pub date: Option<Date>,
    /// Source stated by the text.
    pub source: Option<String>,
    /// URL stated by the text.
    pub url: Option<String>,
    /// Passages in reading order.
    pub passages: Vec<String>,
}

/// Cleans a raw article text. `known_title`: the caller has the title already (a JSON
/// `title`); a first line repeating it is then dropped instead of being taken as the title.
pub fn clean_text(raw: &str, known_title: Option<&str>) -> Cleaned {
    let mut lines = lines::split_lines(raw);
    dedup::collapse_doubled(&mut lines);
    let stripped = chrome::strip(lines);
    let paragraphs = hard_wrap::join_wrapped_lines(stripped.content);
    let mut paragraphs = dedup::drop_consecutive_duplicates(paragraphs);
    captions::drop_captions(&mut paragraphs);
    let title = match known_title {
        Some(known) => {
            if paragraphs
                .first()
                .is_some_and(|p| dedup::same_text(&p.text, known))
            {
                paragraphs.remove(0);
            }
            None
        }
        None => metadata::take_title(&mut paragraphs),
    };
    let attribution = metadata::take_attribution(&mut paragraphs);
    captions::drop_bylines(&mut paragraphs);
    let date = metadata::publication_date(&stripped.chrome, &paragraphs);
    let fallback_title = match title {
        Some(_) => None,
        None => metadata::fallback_title(&paragraphs),
    };
    Cleaned {
        title,
        fallback_title,
        date,
        source: attribution.source,
        url: attribution.url,
        passages: passages::passages(paragraphs.iter().map(|p| p.text.as_str())),
    }
}
