//! What one query word or phrase looks for, in a form both the index (terms) and the
//! highlighter (re-tokenized stored text) understand, so that what is highlighted is exactly
//! what matched.

use tantivy::schema::Field;
use tantivy::Term;

use super::phrase_postings::walk_occurrences;
use crate::text::{folded_term, Token};

/// A word form to look for: the exact (accented) form, or the folded (accent-free) form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    Exact(String),
    Folded(String),
}

impl Form {
    /// The index term text of this form.
    pub fn term_text(&self) -> String {
        match self {
            Form::Exact(exact) => exact.clone(),
            Form::Folded(folded) => folded_term(folded),
        }
    }

    /// The index term of this form in `field`.
    pub fn term(&self, field: Field) -> Term {
        Term::from_field_text(field, &self.term_text())
    }

    /// The form's word, without the folded-term prefix.
    pub fn word(&self) -> &str {
        match self {
            Form::Exact(w) | Form::Folded(w) => w,
        }
    }

    /// The same kind of form for another word.
    pub fn with_word(&self, word: &str) -> Form {
        match self {
            Form::Exact(_) => Form::Exact(word.to_string()),
            Form::Folded(_) => Form::Folded(word.to_string()),
        }
    }

    fn side<'a>(&self, token: &'a Token) -> &'a str {
        match self {
            Form::Exact(_) => &token.exact,
            Form::Folded(_) => &token.folded,
        }
    }
}

/// How one position of a pattern matches a word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The word itself.
    Word(Form),
    /// Any word starting with the form (`tạ*`).
    Prefix(Form),
    /// Any word whose folded form is at most one edit (Damerau) away.
    Typo(String),
}

impl Step {
    /// Whether `token` of a stored text is matched by this step.
    pub fn matches(&self, token: &Token) -> bool {
        match self {
            Step::Word(form) => form.side(token) == form.word(),
            Step::Prefix(form) => form.side(token).starts_with(form.word()),
            Step::Typo(folded) => within_one_edit(&token.folded, folded),
        }
    }
}

/// A sequence of steps that must match consecutive words, give or take `slop` moves (see
/// [`Pattern::occurrences`]). One step is a single word.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub steps: Vec<Step>,
    pub slop: u32,
    /// Weight of this pattern relative to a plain word match.
    pub boost: f32,
}

impl Pattern {
    /// A one-step pattern with weight 1.
    pub fn single(step: Step) -> Pattern {
        Pattern {
            steps: vec![step],
            slop: 0,
            boost: 1.0,
        }
    }

    /// Token indices of every occurrence of the pattern in `tokens`, matching the way the
    /// index matches phrases with slop (`super::sloppy`): each word should stand right after
    /// the previous one, and every position it is away from there (before or after) spends one
    /// unit of slop — so with slop 2 or more two words may also swap places.
    pub fn occurrences(&self, tokens: &[Token]) -> Vec<usize> {
        let positions: Vec<Vec<u32>> = self
            .steps
            .iter()
            .map(|step| {
                (0u32..)
                    .zip(tokens)
                    .filter(|(_, token)| step.matches(token))
                    .map(|(k, _)| k)
                    .collect()
            })
            .collect();
        let offsets: Vec<usize> = (0..self.steps.len()).collect();
        let mut found = Vec::new();
        walk_occurrences(&positions, &offsets, self.slop, |matched| {
            found.extend(matched.iter().map(|&k| k as usize));
        });
        found
    }
}

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of
/// adjacent characters (the distance tantivy's fuzzy query uses with transpositions).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (x, y) if x == y => {
            x == 0
                || a[1..] == b[1..]
                || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x == y + 1 => a[1..] == *b,
        (x, y) if x + 1 == y => *a == b[1..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("siphandone", "siphandon"));
        assert!(within_one_edit("siphandone", "sipahndone"));
        assert!(within_one_edit("siphandone", "siphandane"));
        assert!(within_one_edit("abc", "abc"));
        assert!(!within_one_edit("siphandone", "siphand"));
        assert!(!within_one_edit("siphandone", "xiphandane"));
    }

    #[test]
    fn phrase_occurrences_spend_slop_like_tantivy() {
        let text = tokens("khoa học và công nghệ, công nghệ khoa học");
        let phrase = |slop| Pattern {
            steps: vec![
                Step::Word(Form::Folded("khoa".into())),
                Step::Word(Form::Folded("cong".into())),
            ],
            slop,
            boost: 1.0,
        };
        assert_eq!(phrase(0).occurrences(&text), Vec::<usize>::new());
        assert_eq!(phrase(1).occurrences(&text), Vec::<usize>::new());
        assert_eq!(phrase(2).occurrences(&text), vec![0, 3]);
        // "học khoa": khoa should follow học but stands just before it, which costs 2.
        let swapped = |slop| Pattern {
            steps: vec![
                Step::Word(Form::Folded("hoc".into())),
                Step::Word(Form::Folded("khoa".into())),
            ],
            slop,
            boost: 1.0,
        };
        assert_eq!(swapped(1).occurrences(&text), Vec::<usize>::new());
        assert_eq!(swapped(2).occurrences(&text), vec![1, 0, 8, 7]);
    }

    #[test]
    fn forms_and_prefixes() {
        let text = tokens("Hợp tác, cuộc họp");
        let exact = Pattern::single(Step::Word(Form::Exact("hợp".into())));
        assert_eq!(exact.occurrences(&text), vec![0]);
        let folded = Pattern::single(Step::Word(Form::Folded("hop".into())));
        assert_eq!(folded.occurrences(&text), vec![0, 3]);
        let prefix = Pattern::single(Step::Prefix(Form::Exact("tá".into())));
        assert_eq!(prefix.occurrences(&text), vec![1]);
    }
}
