//! The same story, once: collapsing near-duplicate articles in the ranking.
//!
//! An aggregator carries one agency story under several papers' names. Each article's
//! [`Fingerprint`] is stored with its passages at index time; here the ranking is walked best
//! first, and an article that is a near duplicate of one already shown is folded into it: it
//! is listed in that article's duplicates instead of taking a place of its own. The best-ranked
//! copy is the one shown, so collapsing never changes which story comes first, and a page is
//! a slice of one collapsed ordering, whatever the offset.
//!
//! Only the articles that can reach the page are walked in order; the rest of the gathered
//! articles are compared with the shown ones only, to list their copies. By relevance the
//! gathered articles are those that can rank among a margin of best ones
//! ([`super::gather::Walk::best`]), so a copy ranked far below its story is listed only by the
//! pages whose margin reaches it.

use tantivy::{DocAddress, DocId, SegmentReader};

use super::articles::{best_first, better_article, RankedArticle};
use super::order::FirstValue;
use crate::index::names;
use crate::ingest::Fingerprint;

/// An article of the collapsed ranking, with the other copies of its story, best first.
#[derive(Debug, Clone)]
pub struct Group {
    pub article: RankedArticle,
    pub duplicates: Vec<RankedArticle>,
}

impl Group {
    /// An article shown on its own (collapsing off, or no copy found).
    pub fn alone(article: RankedArticle) -> Self {
        Group {
            article,
            duplicates: Vec::new(),
        }
    }

    /// The address of the best passage of each other copy, for reading their ids.
    pub fn duplicate_addresses(&self) -> Vec<DocAddress> {
        self.duplicates
            .iter()
            .map(|d| d.evidence.first_address())
            .collect()
    }
}

/// The fingerprint columns of one segment (none in an index built before fingerprints,
/// where nothing is collapsed).
pub struct Prints(Option<[FirstValue; 2]>);

impl Prints {
    pub fn open(segment: &SegmentReader) -> Prints {
        let fast = segment.fast_fields();
        let [low, high] = names::FINGERPRINT;
        Prints(match (fast.u64(low), fast.u64(high)) {
            (Ok(low), Ok(high)) => Some([FirstValue::new(low), FirstValue::new(high)]),
            _ => None,
        })
    }

    /// The fingerprint of the article of passage `doc`.
    pub fn read(&self, doc: DocId) -> Option<Fingerprint> {
        let [low, high] = self.0.as_ref()?;
        Fingerprint::from_words([low.get(doc)?, high.get(doc)?])
    }
}

/// The first `wanted` groups of the collapsed ranking of `articles` (fewer when there are not
/// enough), each with every copy among `articles`. The first `ordered` articles must already be
/// best first; more are put in order as the walk needs them.
pub fn collapse(articles: &mut [RankedArticle], mut ordered: usize, wanted: usize) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // The fingerprints of the shown articles, with their group: what every other article is
    // compared with.
    let mut shown: Vec<(usize, Fingerprint)> = Vec::new();
    let mut next = 0;
    while groups.len() < wanted && next < articles.len() {
        if next == ordered {
            // Copies took places: order as many more again (sorting all of a broad query's
            // articles would cost more than the whole search).
            let more = ordered.max(16).min(articles.len() - ordered);
            best_first(&mut articles[ordered..], more);
            ordered += more;
        }
        let article = articles[next];
        match copy_of(&shown, &article) {
            Some(group) => groups[group].duplicates.push(article),
            None => {
                if let Some(print) = article.evidence.print() {
                    shown.push((groups.len(), print));
                }
                groups.push(Group::alone(article));
            }
        }
        next += 1;
    }
    // The copies further down the ranking, in its order.
    let mut rest: Vec<(RankedArticle, usize)> = if shown.is_empty() {
        Vec::new()
    } else {
        articles[next..]
            .iter()
            .filter_map(|article| Some((*article, copy_of(&shown, article)?)))
            .collect()
    };
    rest.sort_unstable_by(|a, b| better_article(&a.0, &b.0));
    for (article, group) in rest {
        groups[group].duplicates.push(article);
    }
    groups
}

/// The first group, among the `shown` prints (each with its group), whose article `article`
/// is a near duplicate of.
fn copy_of(shown: &[(usize, Fingerprint)], article: &RankedArticle) -> Option<usize> {
    let print = article.evidence.print()?;
    shown
        .iter()
        .find(|(_, shown)| shown.is_near_duplicate(print))
        .map(|&(group, _)| group)
}
