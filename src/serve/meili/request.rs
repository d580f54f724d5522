//! Meilisearch search parameters (POST body or GET query string) → engine options and hit
//! format. Every parameter Meilisearch 1.x defines is either mapped or refused with its own
//! error code; unknown ones are refused like Meilisearch does.

use serde_json::{Map, Value};
use vnsearch::{SearchOptions, SortOrder};

use super::filter::Filter;
use super::format::{Format, ATTRIBUTES};
use crate::serve::errors::{ApiError, Flavor};
use crate::serve::native::{check_query_length, MAX_LIMIT, MAX_OFFSET};
use crate::serve::params::Params;

/// Meilisearch's default page size.
const DEFAULT_LIMIT: usize = 20;
/// Meilisearch's default crop length, in words.
const DEFAULT_CROP_LENGTH: usize = 10;
/// Longest highlight tag or crop marker: they are repeated in every hit.
const MAX_TAG_CHARS: usize = 100;

/// Parameters that are mapped.
const SUPPORTED: [&str; 18] = [
    "q",
    "offset",
    "limit",
    "page",
    "hitsPerPage",
    "filter",
    "sort",
    "distinct",
    "attributesToRetrieve",
    "attributesToHighlight",
    "attributesToCrop",
    "cropLength",
    "cropMarker",
    "highlightPreTag",
    "highlightPostTag",
    "showMatchesPosition",
    "facets",
    "matchingStrategy",
];
/// Parameters of Meilisearch 1.x that vnsearch does not implement.
const UNSUPPORTED: [&str; 8] = [
    "showRankingScore",
    "showRankingScoreDetails",
    "rankingScoreThreshold",
    "attributesToSearchOn",
    "hybrid",
    "vector",
    "retrieveVectors",
    "locales",
];

/// A parsed search request.
#[derive(Debug, Clone)]
pub struct MeiliSearch {
    pub options: SearchOptions,
    /// `Some((page, hitsPerPage))` in page mode.
    pub page: Option<(usize, usize)>,
    pub format: Format,
}

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(Flavor::Meili, code, message)
}

/// `invalid_search_crop_length` from `cropLength`.
fn code_for(name: &str) -> &'static str {
    match name {
        "q" => "invalid_search_q",
        "offset" => "invalid_search_offset",
        "limit" => "invalid_search_limit",
        "page" => "invalid_search_page",
        "hitsPerPage" => "invalid_search_hits_per_page",
        "filter" => "invalid_search_filter",
        "sort" => "invalid_search_sort",
        "distinct" => "invalid_search_distinct",
        "attributesToRetrieve" => "invalid_search_attributes_to_retrieve",
        "attributesToHighlight" => "invalid_search_attributes_to_highlight",
        "attributesToCrop" => "invalid_search_attributes_to_crop",
        "cropLength" => "invalid_search_crop_length",
        "cropMarker" => "invalid_search_crop_marker",
        "highlightPreTag" => "invalid_search_highlight_pre_tag",
        "highlightPostTag" => "invalid_search_highlight_post_tag",
        "showMatchesPosition" => "invalid_search_show_matches_position",
        "facets" => "invalid_search_facets",
        "matchingStrategy" => "invalid_search_matching_strategy",
        "showRankingScore" => "invalid_search_show_ranking_score",
        "showRankingScoreDetails" => "invalid_search_show_ranking_score_details",
        "rankingScoreThreshold" => "invalid_search_ranking_score_threshold",
        "attributesToSearchOn" => "invalid_search_attributes_to_search_on",
        "hybrid" | "vector" => "invalid_search_vector",
        "retrieveVectors" => "invalid_search_retrieve_vectors",
        "locales" => "invalid_search_locales",
        _ => "bad_request",
    }
}

/// The JSON object of a GET query string: numbers, booleans and comma-separated lists
/// converted to what the POST body would hold.
pub fn object_from_params(params: &Params, names: &[&str]) -> Map<String, Value> {
    let mut object = Map::new();
    for name in SUPPORTED.iter().chain(UNSUPPORTED.iter()).chain(names) {
        let Some(value) = params.get(name) else {
            continue;
        };
        let converted = match *name {
            "offset" | "limit" | "page" | "hitsPerPage" | "cropLength" => value
                .parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(value)),
            "showMatchesPosition"
            | "showRankingScore"
            | "showRankingScoreDetails"
            | "retrieveVectors" => match value {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => Value::from(other),
            },
            "attributesToRetrieve"
            | "attributesToHighlight"
            | "attributesToCrop"
            | "sort"
            | "facets"
            | "attributesToSearchOn"
            | "locales" => Value::Array(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(Value::from)
                    .collect(),
            ),
            _ => Value::from(value),
        };
        object.insert(name.to_string(), converted);
    }
    object
}

/// The names a GET search accepts (for `Params::only`).
pub fn known_names() -> Vec<&'static str> {
    SUPPORTED
        .iter()
        .chain(UNSUPPORTED.iter())
        .copied()
        .collect()
}

/// Parses a search request. `extra` names keys the caller handles itself (`indexUid`).
pub fn parse(object: &Map<String, Value>, extra: &[&str]) -> Result<MeiliSearch, ApiError> {
    for key in object.keys() {
        if UNSUPPORTED.contains(&key.as_str()) {
            return Err(bad(
                code_for(key),
                format!(
                    "`{key}` is not supported by vnsearch (see the README's compatibility table)"
                ),
            ));
        }
        if !SUPPORTED.contains(&key.as_str()) && !extra.contains(&key.as_str()) {
            return Err(bad(
                "bad_request",
                format!(
                    "Unknown field `{key}`: expected one of {}",
                    SUPPORTED.join(", ")
                ),
            ));
        }
    }
    let get = |name: &str| object.get(name).filter(|v| !v.is_null());
    let number = |name: &'static str, default: usize, max: usize| -> Result<usize, ApiError> {
        match get(name) {
            None => Ok(default),
            Some(v) => v
                .as_u64()
                .map(|n| usize::try_from(n).unwrap_or(usize::MAX).min(max))
                .ok_or_else(|| {
                    bad(
                        code_for(name),
                        format!("`{name}` must be a positive integer"),
                    )
                }),
        }
    };
    let string = |name: &'static str, default: &str| -> Result<String, ApiError> {
        match get(name) {
            None => Ok(default.to_string()),
            Some(Value::String(s)) if s.chars().count() <= MAX_TAG_CHARS => Ok(s.clone()),
            Some(_) => Err(bad(
                code_for(name),
                format!("`{name}` must be a string of at most {MAX_TAG_CHARS} characters"),
            )),
        }
    };
    let list = |name: &'static str| -> Result<Option<Vec<String>>, ApiError> {
        match get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(Some)
                .ok_or_else(|| {
                    bad(
                        code_for(name),
                        format!("`{name}` must be an array of strings"),
                    )
                }),
            Some(_) => Err(bad(
                code_for(name),
                format!("`{name}` must be an array of strings"),
            )),
        }
    };

    let query = match get("q") {
        None => String::new(),
        Some(Value::String(q)) => q.clone(),
        Some(_) => return Err(bad("invalid_search_q", "`q` must be a string")),
    };
    check_query_length(&query, Flavor::Meili)?;

    let page_mode = get("page").is_some() || get("hitsPerPage").is_some();
    let (limit, offset, page) = if page_mode {
        let page = number("page", 1, MAX_OFFSET)?;
        let per_page = number("hitsPerPage", DEFAULT_LIMIT, MAX_LIMIT)?;
        let offset = page.saturating_sub(1).saturating_mul(per_page);
        if offset > MAX_OFFSET {
            return Err(bad(
                "invalid_search_page",
                format!("pages past hit {MAX_OFFSET} are not served"),
            ));
        }
        // Page 0 is valid in Meilisearch and returns no hits.
        let limit = if page == 0 { 0 } else { per_page };
        (limit, offset, Some((page, per_page)))
    } else {
        // Meilisearch caps `limit` at maxTotalHits (1000) rather than refusing it.
        (
            number("limit", DEFAULT_LIMIT, MAX_LIMIT)?,
            number("offset", 0, usize::MAX)?,
            None,
        )
    };
    if offset > MAX_OFFSET {
        return Err(bad(
            "invalid_search_offset",
            format!("`offset` must be at most {MAX_OFFSET}"),
        ));
    }

    let filter = get("filter")
        .map(Filter::parse)
        .transpose()
        .map_err(|e| bad("invalid_search_filter", e))?
        .unwrap_or_default();
    let sort = match list("sort")?.as_deref() {
        None | Some([]) => SortOrder::Relevance,
        Some([only]) if only == "date:desc" => SortOrder::Date,
        Some(other) => {
            return Err(bad(
                "invalid_search_sort",
                format!(
                    "vnsearch sorts by relevance (no `sort`) or `[\"date:desc\"]`, not {other:?}"
                ),
            ))
        }
    };
    let per_article = match get("distinct") {
        None => 0,
        Some(Value::String(attr)) if attr == "article_id" => 1,
        Some(_) => {
            return Err(bad(
                "invalid_search_distinct",
                "`distinct` can only be \"article_id\" (one passage per article)",
            ))
        }
    };
    match list("facets")?.as_deref() {
        None | Some([]) => {}
        Some(_) => {
            return Err(bad(
                "invalid_search_facets",
                "facets are not supported by vnsearch",
            ))
        }
    }
    match get("matchingStrategy") {
        None => {}
        Some(Value::String(s)) if s == "all" || s == "last" => {}
        Some(_) => {
            return Err(bad(
                "invalid_search_matching_strategy",
                "vnsearch matches all query words (`matchingStrategy` \"all\" or \"last\")",
            ))
        }
    }

    let expand = |names: Vec<String>| -> Vec<String> {
        if names.iter().any(|n| n == "*") {
            ATTRIBUTES.iter().map(|a| a.to_string()).collect()
        } else {
            names
        }
    };
    let retrieve = list("attributesToRetrieve")?
        .map(expand)
        .unwrap_or_else(|| ATTRIBUTES.iter().map(|a| a.to_string()).collect());
    let highlight = list("attributesToHighlight")?
        .map(expand)
        .unwrap_or_default();
    let crop_length = number("cropLength", DEFAULT_CROP_LENGTH, 10_000)?;
    let mut crop = Vec::new();
    for entry in list("attributesToCrop")?.unwrap_or_default() {
        let (name, length) = match entry.rsplit_once(':') {
            Some((name, n)) => (
                name.to_string(),
                super::super::params::parse_number(n, 10_000).ok_or_else(|| {
                    bad(
                        "invalid_search_attributes_to_crop",
                        format!("bad crop length in `{entry}`"),
                    )
                })?,
            ),
            None => (entry.clone(), crop_length),
        };
        if name == "*" {
            crop.extend(ATTRIBUTES.iter().map(|a| (a.to_string(), length)));
        } else {
            crop.push((name, length));
        }
    }
    let show_matches_position = match get("showMatchesPosition") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(bad(
                "invalid_search_show_matches_position",
                "`showMatchesPosition` must be a boolean",
            ))
        }
    };
    let format = Format {
        retrieve,
        highlight,
        crop,
        crop_marker: string("cropMarker", "…")?,
        pre_tag: string("highlightPreTag", "<em>")?,
        post_tag: string("highlightPostTag", "</em>")?,
        show_matches_position,
    };
    let options = SearchOptions {
        query,
        limit,
        offset,
        per_article,
        sort,
        from: filter.from,
        to: filter.to,
        source: filter.source,
        ..SearchOptions::default()
    };
    Ok(MeiliSearch {
        options,
        page,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_json(value: Value) -> Result<MeiliSearch, ApiError> {
        let Value::Object(object) = value else {
            return Err(bad("bad_request", "not an object"));
        };
        parse(&object, &[])
    }

    #[test]
    fn maps_paging_sort_filter_and_format() {
        let search = parse_json(json!({
            "q": "hop tac", "hitsPerPage": 5, "page": 3, "sort": ["date:desc"],
            "filter": "date >= \"2024-01-01\"", "attributesToCrop": ["text:8"],
            "attributesToHighlight": ["*"], "highlightPreTag": "<b>", "distinct": "article_id"
        }))
        .expect("parses");
        assert_eq!((search.options.limit, search.options.offset), (5, 10));
        assert_eq!(search.page, Some((3, 5)));
        assert_eq!(search.options.sort, SortOrder::Date);
        assert_eq!(search.options.per_article, 1);
        assert_eq!(search.format.crop, vec![("text".to_string(), 8)]);
        assert_eq!(search.format.highlight.len(), ATTRIBUTES.len());
        assert_eq!(search.format.pre_tag, "<b>");
        assert_eq!(
            search.options.from.map(|d| d.to_string()).as_deref(),
            Some("2024-01-01")
        );
        let big = parse_json(json!({"q": "x", "limit": 1_000_000_000_000u64})).expect("parses");
        assert_eq!(big.options.limit, MAX_LIMIT);
    }

    #[test]
    fn refuses_what_it_does_not_do() {
        for (request, code) in [
            (json!({"q": 5}), "invalid_search_q"),
            (json!({"limit": -1}), "invalid_search_limit"),
            (json!({"limit": "10"}), "invalid_search_limit"),
            (json!({"offset": 20000}), "invalid_search_offset"),
            (json!({"sort": ["date:asc"]}), "invalid_search_sort"),
            (json!({"sort": "date:desc"}), "invalid_search_sort"),
            (json!({"facets": ["source"]}), "invalid_search_facets"),
            (
                json!({"showRankingScore": true}),
                "invalid_search_show_ranking_score",
            ),
            (json!({"filter": "title = x"}), "invalid_search_filter"),
            (json!({"nope": 1}), "bad_request"),
            (
                json!({"highlightPreTag": "x".repeat(200)}),
                "invalid_search_highlight_pre_tag",
            ),
        ] {
            let error = parse_json(request.clone()).expect_err("refused");
            assert_eq!(error.code, code, "{request}: {}", error.message);
        }
    }
}
