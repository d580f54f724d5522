//! Running the plan: counting, ranking articles ([`super::articles`]) from the evidence of
//! their passages, and paging.
//!
//! One pass over the matching passages counts them and keeps, per article, how many match and
//! the best [`super::articles::COUNTED_PASSAGES`] of them; by relevance, only the articles
//! that can still rank among the best 2 × max(offset + limit, [`RESCORE_POOL`]) are kept. Articles are ranked by the score of that evidence;
//! by relevance, the plan's boosts (words adjacent, words in the title) are then added to the
//! kept passages of the best [`RESCORE_POOL`] articles and those are ranked again (boosts
//! only add, so they stay ahead of the others). Each article contributes its best passages,
//! at most `per_article` (0: all), in its own order; a page is a slice of that one ordering,
//! whatever the offset. Passages beyond the kept ones are read, by the article key, only for
//! the articles of the page that need them.
//!
//! By relevance, the best [`RESCORE_POOL`] articles also get what they are about: the BM25 of
//! the query's words over the whole article ([`super::topic`]).
//!
//! Near-duplicate articles (the same story under several papers' names) are collapsed into
//! the best-ranked copy ([`super::duplicates`]) unless the options say not to.
//!
//! `-word` excludes whole articles: an article with the word in any passage is left out,
//! not only its passages that contain it.

use std::collections::HashSet;

use tantivy::collector::Count;
use tantivy::query::Weight;
use tantivy::{DocAddress, Searcher};

use super::article_passages::ArticlePassages;
use super::articles::{within, RankedArticle};
use super::gather::{excluded_articles, gather, Walk};
use super::leaf::{Probe, ProbeWeight};
use super::order::{self, Keys, Ranked, RESCORE_POOL};
use super::plan::Plan;
use super::rank::Ranking;
use super::stats::Stats;
use super::{SearchOptions, SortOrder};
use crate::index::Fields;
use crate::Result;

/// Matching passages before grouping, and the passages of the requested page.
pub struct Page {
    pub total: usize,
    pub hits: Vec<PageHit>,
}

/// A passage of the page with the score of its article and the other copies of its story.
#[derive(Debug, Clone)]
pub struct PageHit {
    pub passage: Ranked,
    pub article_score: f32,
    /// The best passage of each near-duplicate article folded into this one, best first.
    pub duplicates: Vec<DocAddress>,
}

/// Runs the plan (scored with `stats`) and returns the page `options` asks for; `grouped`
/// says every article's passages are consecutive in one segment ([`gather`]).
pub fn collect(
    stats: &Stats<'_>,
    plan: &Plan,
    options: &SearchOptions,
    fields: &Fields,
    grouped: bool,
) -> Result<Page> {
    let key_field = fields.article_key;
    let searcher = stats.searcher();
    if options.limit == 0 && plan.excluded.is_none() {
        return Ok(Page {
            total: searcher.search(plan.core.as_ref(), &Count)?,
            hits: Vec::new(),
        });
    }
    let by_date = options.sort == SortOrder::Date;
    // By date, the boosts count for every passage (one query); by relevance, the core orders
    // and the boosts only refine the pool.
    let (weight, boosts) = if by_date {
        (plan.combined().weight(stats.scoring())?, Vec::new())
    } else {
        let boosts = plan
            .boosts
            .iter()
            .map(|b| ProbeWeight::new(b.as_ref(), stats.scoring()))
            .collect::<tantivy::Result<Vec<_>>>()?;
        (plan.core.weight(stats.scoring())?, boosts)
    };
    let excluded = match &plan.excluded {
        Some(query) => excluded_articles(searcher, query.weight(stats.scoring())?.as_ref())?,
        None => HashSet::new(),
    };
    let wanted = options.offset.saturating_add(options.limit);
    // Every article shows at least one passage: the page lies within the first `wanted`
    // articles, and only those (and the pool) need to be in order, and gathered.
    let needed = wanted.max(RESCORE_POOL);
    let mut walk = Walk {
        by_date,
        with_prints: options.collapse,
        excluded: &excluded,
        grouped,
        best: Some(if options.collapse {
            needed.saturating_mul(COLLAPSE_MARGIN)
        } else {
            needed
        }),
    };
    let ranking = Ranking {
        stats,
        plan,
        fields,
        boosts: &boosts,
        by_date,
        grouped,
    };
    let mut gathered = gather(searcher, weight.as_ref(), &walk)?;
    let mut groups = ranking.groups(&mut gathered.articles, needed, wanted, options.collapse)?;
    if groups.len() < wanted && gathered.pruned {
        // Copies took more places than the margin: gather every article and rank again.
        walk.best = None;
        gathered = gather(searcher, weight.as_ref(), &walk)?;
        groups = ranking.groups(&mut gathered.articles, needed, wanted, options.collapse)?;
    }
    let total = gathered.total;
    let mut hits = Vec::new();
    let mut covered = 0usize;
    let mut finder = ArticlePassages::new(searcher, key_field, grouped);
    for group in groups {
        if covered >= wanted {
            break;
        }
        let article = &group.article;
        let matches = usize::try_from(article.evidence.matches).unwrap_or(usize::MAX);
        let shown = if options.per_article == 0 {
            matches
        } else {
            matches.min(options.per_article)
        };
        let skip = options.offset.saturating_sub(covered).min(shown);
        covered += shown;
        if skip == shown {
            continue;
        }
        let mut passages = article.evidence.best();
        if shown > passages.len() {
            // Passages read now get the boosts their article's kept ones got.
            let more = rest_of_article(
                searcher,
                &mut finder,
                weight.as_ref(),
                if article.boosted { &boosts } else { &[] },
                article,
                by_date,
            )?;
            passages.extend(more);
            passages.sort_unstable_by(within);
        }
        let duplicates = group.duplicate_addresses();
        hits.extend(
            passages
                .into_iter()
                .take(shown)
                .skip(skip)
                .map(|passage| PageHit {
                    passage,
                    article_score: article.score,
                    duplicates: duplicates.clone(),
                }),
        );
    }
    hits.truncate(options.limit);
    Ok(Page { total, hits })
}

/// With collapsing, articles that can be among `needed` × this many best are gathered: copies
/// folded into a shown article free places that the next articles take. On the shared
/// archive's bench queries (many agency stories carried by several papers) twice as many was
/// always enough; when it is not, every article is gathered again.
const COLLAPSE_MARGIN: usize = 2;

/// The matching passages of `article` other than its kept ones, scored by `weight` plus
/// `boosts`.
fn rest_of_article(
    searcher: &Searcher,
    finder: &mut ArticlePassages<'_>,
    weight: &dyn Weight,
    boosts: &[ProbeWeight],
    article: &RankedArticle,
    by_date: bool,
) -> Result<Vec<Ranked>> {
    let kept: HashSet<DocAddress> = article.evidence.best().iter().map(|p| p.address).collect();
    let mut more = Vec::new();
    for (ord, mut docs) in finder.of(article)? {
        docs.retain(|&doc| !kept.contains(&DocAddress::new(ord, doc)));
        if docs.is_empty() {
            continue;
        }
        let segment = searcher.segment_reader(ord);
        let keys = Keys::open(segment, by_date)?;
        let mut probe = Probe::new(weight.scorer(segment, 1.0)?);
        for doc in docs {
            if let Some(score) = probe.score_at(doc) {
                more.push(keys.ranked(ord, doc, score, keys.day(doc)));
            }
        }
    }
    order::rescore(searcher, boosts, more)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::ingest::Article;
    use crate::search::articles::better_article;
    use crate::search::rank::boost;
    use crate::search::stats::LengthTotals;
    use crate::search::{plan, query, AccentMode};

    /// An article of `passages` (tests of the modules that rank articles).
    pub(in crate::search) fn article(n: usize, title: &str, passages: &[&str]) -> Article {
        Article {
            id: format!("a{n}"),
            title: title.to_string(),
            date: None,
            source: None,
            url: None,
            passages: passages.iter().map(|p| p.to_string()).collect(),
            raw: passages.join("\n\n"),
            origin: format!("a{n}.txt"),
        }
    }

    /// The two-phase ranking (core scores, boosts refine the pool) gives every kept passage
    /// exactly the score it has under the one-phase query (core + boosts as SHOULD clauses).
    #[test]
    fn rescoring_equals_the_combined_query() {
        let passages = [
            "Hai nước tăng cường hợp tác khoa học và công nghệ.",
            "Hợp đồng được ký; tác giả bài báo dự họp.",
            "Khoa học công nghệ là động lực của hợp tác quốc tế.",
            "Tác động của hợp tác đến kinh tế số.",
            "Bài không liên quan đến chủ đề.",
            "Hai nước tăng cường hợp tác khoa học và công nghệ.",
        ];
        let articles: Vec<Article> = passages
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let title = if n == 3 {
                    "Hợp tác quốc tế"
                } else {
                    "Tin tức"
                };
                article(n, title, &[text])
            })
            .collect();
        let (index, fields) = crate::index::index_in_ram(&articles).unwrap();
        let searcher = index.reader().unwrap().searcher();
        let lengths = LengthTotals::default();
        let mut stats = Stats::new(&searcher, &lengths);
        let parsed = query::parse("hop tac khoa hoc").unwrap();
        let options = SearchOptions::new("hop tac khoa hoc");
        let planned = plan::plan(&parsed, AccentMode::Auto, &options, &mut stats, &fields).unwrap();
        assert!(!planned.boosts.is_empty());
        let none = HashSet::new();
        let combined = planned.combined().weight(stats.scoring()).unwrap();
        let one = gather(&searcher, combined.as_ref(), &Walk::every(&none, true)).unwrap();
        let (total, mut one_phase) = (one.total, one.articles);
        one_phase.sort_unstable_by(better_article);
        let core = planned.core.weight(stats.scoring()).unwrap();
        let boosts: Vec<ProbeWeight> = planned
            .boosts
            .iter()
            .map(|b| ProbeWeight::new(b.as_ref(), stats.scoring()).unwrap())
            .collect();
        let two = gather(&searcher, core.as_ref(), &Walk::every(&none, false)).unwrap();
        let (two_total, mut two_phase) = (two.total, two.articles);
        two_phase.sort_unstable_by(better_article);
        boost(&searcher, &boosts, &mut two_phase).unwrap();
        two_phase.sort_unstable_by(better_article);
        assert_eq!((total, two_total), (3, 3));
        let view = |articles: &[RankedArticle]| {
            articles
                .iter()
                .map(|a| (a.evidence.key(), a.score.to_bits()))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&two_phase), view(&one_phase));
        // The two copies of one passage tie, and their article keys order them.
        let tied: Vec<&[RankedArticle]> = two_phase
            .windows(2)
            .filter(|w| w[0].score == w[1].score)
            .collect();
        assert!(!tied.is_empty());
        assert!(tied
            .iter()
            .all(|w| w[0].evidence.key() < w[1].evidence.key()));
    }

    fn page(searcher: &crate::Searcher, query: &str, per_article: usize) -> Vec<String> {
        let mut options = SearchOptions::new(query);
        options.per_article = per_article;
        searcher
            .search(&options)
            .unwrap()
            .hits
            .iter()
            .map(|h| format!("{}#{}", h.article_id, h.passage))
            .collect()
    }

    #[test]
    fn an_article_about_the_subject_beats_a_passing_mention() {
        let articles = [
            // A short passage that mentions the subject once, in a piece about something else.
            article(
                0,
                "Giá rau tăng mạnh",
                &[
                    "Chợ đầu mối ghi nhận giá rau xanh tăng gấp đôi sau mưa lớn.",
                    "Ô nhiễm môi trường cũng được nhắc đến.",
                    "Tiểu thương mong thời tiết sớm ổn định để hàng về đều.",
                ],
            ),
            // An article about pollution: the phrase in several longer passages.
            article(
                1,
                "Khu công nghiệp xả thải",
                &[
                    "Người dân phản ánh tình trạng ô nhiễm môi trường kéo dài quanh khu công nghiệp, nước thải chảy thẳng ra kênh.",
                    "Cơ quan chức năng đã lấy mẫu nước để xác định mức độ ô nhiễm môi trường và nguồn xả thải.",
                    "Doanh nghiệp vi phạm có thể bị đình chỉ nếu tiếp tục gây ô nhiễm môi trường.",
                ],
            ),
        ];
        let searcher = crate::Searcher::in_memory(&articles).unwrap();
        let hits = page(&searcher, "\"ô nhiễm môi trường\"", 1);
        assert_eq!(hits[0].split('#').next(), Some("a1"), "{hits:?}");
        // Each article still shows its own best passage first, with the article's score.
        let results = searcher
            .search(&SearchOptions::new("\"ô nhiễm môi trường\""))
            .unwrap();
        let first = &results.hits[0];
        assert!(first.score > first.passage_score);
    }

    #[test]
    fn an_excluded_word_leaves_out_the_whole_article() {
        let articles = [
            article(
                0,
                "Hợp tác nghề cá",
                &[
                    "Hai tỉnh ven biển ký thỏa thuận hợp tác nghề cá.",
                    "Ngư dân được hỗ trợ tàu thuyền và bảo hiểm.",
                ],
            ),
            article(
                1,
                "Hợp tác giáo dục",
                &["Các trường đại học mở rộng hợp tác đào tạo."],
            ),
        ];
        let searcher = crate::Searcher::in_memory(&articles).unwrap();
        // "bảo hiểm" is in a0's second passage only, not in the passage that matches.
        let hits = page(&searcher, "hop tac -\"bao hiem\"", 2);
        assert_eq!(hits, ["a1#0"]);
        let results = searcher
            .search(&SearchOptions::new("hop tac -\"bao hiem\""))
            .unwrap();
        assert_eq!(results.total_hits, 1);
        assert_eq!(page(&searcher, "hop tac", 2).len(), 2);
    }
}
