//! Snippets: an excerpt of at most [`SNIPPET_CHARS`] characters cropped around the highlights,
//! at word boundaries, with `…` where text was cut; rendered as escaped HTML with `<mark>`, or
//! by the terminal renderer from the same [`Excerpt`].

/// Longest excerpt, in characters (not bytes), without the `…` markers.
pub const SNIPPET_CHARS: usize = 300;

/// A cropped part of a passage and the highlighted runs inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt<'a> {
    text: &'a str,
    /// Byte range of the excerpt in `text`.
    start: usize,
    end: usize,
    /// Highlighted byte ranges inside the excerpt; words separated only by spaces are merged
    /// into one run (`[hợp tác]`, not `[hợp] [tác]`).
    runs: Vec<(usize, usize)>,
    /// Whether text was cut before / after the excerpt.
    pub cut_start: bool,
    pub cut_end: bool,
}

impl<'a> Excerpt<'a> {
    /// Crops `text` to at most `max_chars` characters around the densest group of `highlights`
    /// (byte ranges of words, sorted).
    pub fn new(text: &'a str, highlights: &[[usize; 2]], max_chars: usize) -> Excerpt<'a> {
        let highlights: Vec<[usize; 2]> = highlights
            .iter()
            .copied()
            .filter(|[s, e]| {
                s < e && *e <= text.len() && text.is_char_boundary(*s) && text.is_char_boundary(*e)
            })
            .collect();
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let chars = bytes.len() - 1;
        let char_of = |byte: usize| bytes.partition_point(|&b| b < byte);
        let (mut start, mut end) = (0, chars);
        if chars > max_chars {
            let (first, last) = densest(&highlights, max_chars, &char_of);
            let span = last - first;
            start = first.saturating_sub(max_chars.saturating_sub(span) / 2);
            end = (start + max_chars).min(chars);
            start = end.saturating_sub(max_chars);
            let is_space = |c: usize| text[bytes[c]..].starts_with(char::is_whitespace);
            // Snap to word boundaries without cutting into the chosen highlights.
            let (hard_start, hard_end) = (start, end);
            while start > 0 && start < first && !is_space(start - 1) {
                start += 1;
            }
            while end < chars && end > last && !is_space(end) {
                end -= 1;
            }
            // One endless word: cut inside it rather than show nothing.
            if end <= start {
                (start, end) = (hard_start, hard_end);
            }
        }
        let (mut start, mut end) = (bytes[start], bytes[end]);
        let cut_start = start > 0;
        let cut_end = end < text.len();
        start += text[start..end].len() - text[start..end].trim_start().len();
        end -= text[start..end].len() - text[start..end].trim_end().len();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &[s, e] in highlights.iter().filter(|[s, e]| *s >= start && *e <= end) {
            match runs.last_mut() {
                Some(run) if run.1 <= s && text[run.1..s].chars().all(char::is_whitespace) => {
                    run.1 = e
                }
                _ => runs.push((s, e)),
            }
        }
        Excerpt {
            text,
            start,
            end,
            runs,
            cut_start,
            cut_end,
        }
    }

    /// The excerpt as consecutive pieces, each flagged `true` when highlighted.
    pub fn pieces(&self) -> Vec<(&'a str, bool)> {
        let mut out = Vec::new();
        let mut at = self.start;
        for &(s, e) in &self.runs {
            if at < s {
                out.push((&self.text[at..s], false));
            }
            out.push((&self.text[s..e], true));
            at = e;
        }
        if at < self.end {
            out.push((&self.text[at..self.end], false));
        }
        out
    }

    /// HTML: text escaped, highlights in `<mark>…</mark>`, `…` where the passage was cut.
    pub fn to_html(&self) -> String {
        let mut html = String::new();
        if self.cut_start {
            html.push('…');
        }
        for (piece, marked) in self.pieces() {
            if marked {
                html.push_str("<mark>");
                escape_html_into(piece, &mut html);
                html.push_str("</mark>");
            } else {
                escape_html_into(piece, &mut html);
            }
        }
        if self.cut_end {
            html.push('…');
        }
        html
    }
}

/// Character range (first start, last end) of the window of highlights ending within
/// `max_chars` of its first one that holds the most highlights; (0, 0) without highlights.
fn densest(
    highlights: &[[usize; 2]],
    max_chars: usize,
    char_of: &dyn Fn(usize) -> usize,
) -> (usize, usize) {
    let spans: Vec<(usize, usize)> = highlights
        .iter()
        .map(|[s, e]| (char_of(*s), char_of(*e)))
        .collect();
    let mut best = (0, 0, 0); // (count, first, last)
    for (i, &(first, _)) in spans.iter().enumerate() {
        let inside: Vec<usize> = spans[i..]
            .iter()
            .take_while(|(_, e)| e - first <= max_chars)
            .map(|(_, e)| *e)
            .collect();
        let last = inside.last().copied().unwrap_or(first);
        if inside.len() > best.0 {
            best = (inside.len(), first, last);
        }
    }
    (best.1, best.2)
}

/// Appends `text` with `&`, `<`, `>`, `"` and `'` escaped.
pub fn escape_html_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str, word: &str) -> [usize; 2] {
        let s = text.find(word).unwrap();
        [s, s + word.len()]
    }

    #[test]
    fn short_passage_is_whole_and_escaped() {
        let text = "Hợp tác <script>alert('x')</script> & đổi mới";
        let excerpt = Excerpt::new(text, &[range(text, "Hợp"), range(text, "tác")], 300);
        assert_eq!(
            excerpt.to_html(),
            "<mark>Hợp tác</mark> &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; đổi mới"
        );
    }

    #[test]
    fn long_passage_is_cropped_around_matches_at_word_boundaries() {
        let filler = "văn bản dài ".repeat(60);
        let text = format!("{filler}Việt Nam hợp tác với Lào {filler}");
        let hl = [range(&text, "hợp"), range(&text, "tác")];
        let excerpt = Excerpt::new(&text, &hl, 100);
        let html = excerpt.to_html();
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>hợp tác</mark>"));
        let inner = html.trim_matches('…');
        assert!(inner.chars().count() <= 100 + "<mark></mark>".len());
        // Cropped at word boundaries: every cut word is whole.
        for word in inner
            .replace("<mark>", "")
            .replace("</mark>", "")
            .split_whitespace()
        {
            assert!(
                ["văn", "bản", "dài", "Việt", "Nam", "hợp", "tác", "với", "Lào"].contains(&word),
                "{word}"
            );
        }
    }
}
