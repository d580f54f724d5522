//! The analyzer inside a real tantivy index: words typed with marks match only the same
//! accented word, words typed without marks match every accent variant, and both kinds mix
//! in one phrase query.

use tantivy::collector::DocSetCollector;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::{doc, Index, Searcher, TantivyDocument, Term};
use vnsearch::text::{folded_term, register, tokens, ANALYZER_NAME};

struct Fixture {
    searcher: Searcher,
    text: Field,
    id: Field,
}

const DOCS: [&str; 7] = [
    "Hoà bình cho Việt Nam",
    "Viết thư cho bạn",
    "Cộng hòa Xã hội chủ nghĩa",
    "Công ty kỹ thuật Mỹ",
    "ĐÀ NẴNG: thủy điện Hoà Bình",
    "Vie\u{0302}\u{0323}t Nam (NFD)",
    "Bộ KH&CN, ngày 29/5, COVID-19",
];

fn fixture() -> tantivy::Result<Fixture> {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let id = builder.add_u64_field("id", STORED);
    let index = Index::create_in_ram(builder.build());
    register(&index);
    let mut writer = index.writer(15_000_000)?;
    for (i, d) in DOCS.iter().enumerate() {
        writer.add_document(doc!(text => *d, id => i as u64))?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    Ok(Fixture { searcher, text, id })
}

impl Fixture {
    /// Query terms for one typed word: exact if it has marks, folded otherwise.
    fn term(&self, typed: &str) -> Term {
        let t = tokens(typed).remove(0);
        let text = if t.has_marks() {
            t.exact
        } else {
            folded_term(&t.folded)
        };
        Term::from_field_text(self.text, &text)
    }

    fn ids(&self, query: &dyn Query) -> Vec<u64> {
        let hits = self
            .searcher
            .search(query, &DocSetCollector)
            .expect("search");
        let mut ids: Vec<u64> = hits
            .into_iter()
            .map(|addr| {
                let doc: TantivyDocument = self.searcher.doc(addr).expect("stored doc");
                doc.get_first(self.id).and_then(|v| v.as_u64()).expect("id")
            })
            .collect();
        ids.sort_unstable();
        ids
    }

    fn word(&self, typed: &str) -> Vec<u64> {
        self.ids(&TermQuery::new(
            self.term(typed),
            IndexRecordOption::WithFreqsAndPositions,
        ))
    }

    fn phrase(&self, typed: &str) -> Vec<u64> {
        let words: Vec<&str> = typed.split_whitespace().collect();
        let terms = words.iter().map(|w| self.term(w)).collect();
        self.ids(&PhraseQuery::new(terms))
    }
}

#[test]
fn accented_words_match_only_themselves() -> tantivy::Result<()> {
    let f = fixture()?;
    assert_eq!(f.word("Việt"), [0, 5]);
    assert_eq!(f.word("viết"), [1]);
    assert_eq!(f.word("hòa"), [0, 2, 4]); // both tone placements
    assert_eq!(f.word("hoà"), [0, 2, 4]);
    assert_eq!(f.word("kĩ"), [3]);
    assert_eq!(f.word("Mĩ"), [3]);
    assert_eq!(f.word("đà"), [4]);
    Ok(())
}

#[test]
fn unaccented_words_match_every_variant() -> tantivy::Result<()> {
    let f = fixture()?;
    assert_eq!(f.word("viet"), [0, 1, 5]);
    assert_eq!(f.word("hoa"), [0, 2, 4]);
    assert_eq!(f.word("cong"), [2, 3]);
    assert_eq!(f.word("ky"), [3]);
    assert_eq!(f.word("da"), [4]);
    // An unaccented word that is also an exact word: folded matches both `cho` spellings.
    assert_eq!(f.word("cho"), [0, 1]);
    Ok(())
}

#[test]
fn exact_unaccented_terms_exist_for_strict_queries() -> tantivy::Result<()> {
    let f = fixture()?;
    // `nam` is indexed as an exact term too, so a strict query can ask for it alone.
    let exact = Term::from_field_text(f.text, "nam");
    assert_eq!(
        f.ids(&TermQuery::new(exact, IndexRecordOption::Basic)),
        [0, 5]
    );
    let exact = Term::from_field_text(f.text, "viet");
    assert!(f
        .ids(&TermQuery::new(exact, IndexRecordOption::Basic))
        .is_empty());
    Ok(())
}

#[test]
fn phrases_mix_accented_and_unaccented_words() -> tantivy::Result<()> {
    let f = fixture()?;
    assert_eq!(f.phrase("Việt Nam"), [0, 5]);
    assert_eq!(f.phrase("viet nam"), [0, 5]);
    assert_eq!(f.phrase("Việt nam"), [0, 5]);
    assert_eq!(f.phrase("hoa Bình"), [0, 4]);
    assert_eq!(f.phrase("thuy dien"), [4]);
    assert_eq!(f.phrase("cong ty ky thuat"), [3]);
    assert_eq!(f.phrase("viết nam"), Vec::<u64>::new());
    // Punctuated strings typed as queries give the same word sequence as in documents.
    assert_eq!(f.phrase("KH CN"), [6]);
    assert_eq!(f.phrase("29 5"), [6]);
    assert_eq!(f.phrase("covid 19"), [6]);
    Ok(())
}

#[test]
fn very_long_words_do_not_break_indexing() -> tantivy::Result<()> {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default().set_tokenizer(ANALYZER_NAME);
    let text = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = Index::create_in_ram(builder.build());
    register(&index);
    let mut writer = index.writer(15_000_000)?;
    writer.add_document(doc!(text => "ệ".repeat(40_000)))?;
    writer.commit()?;
    assert_eq!(index.reader()?.searcher().num_docs(), 1);
    Ok(())
}
