//! Deterministic generator of a Vietnamese press corpus of any size.
//!
//! Articles are shaped like the seeds: a title line, a blank line, paragraphs whose lead
//! states a date (spread over 20 years) and a place, photo captions now and then, and a
//! closing `Nguồn: …` line. Sentences mix Zipf-distributed words of the [`Lexicon`] with real
//! phrases of the seeds, person names, numbers, dates and abbreviations.
//!
//! Layout: `txt/NNNNN/NNNNNNNN.txt` (at most 1000 files a directory) and/or
//! `jsonl/part-NNNNN.jsonl` (1000 articles a file; fields `id`, `title`, `date`
//! (`YYYY-MM-DD`), `source`, `url`, `text` with paragraphs separated by blank lines).
//! A `manifest.json` written last records the parameters: a directory holding a manifest with
//! the same parameters is reused as it is.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

use super::rng::Rng;
use super::vocab::{
    capitalize, Lexicon, ABBREVIATIONS, FAMILY_NAMES, MIDDLE_NAMES, PLACES, SOURCES,
};
use crate::{Error, Result};

/// Bumped whenever the generator's output changes, so old caches are not reused.
const GENERATOR_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const PER_DIRECTORY: usize = 1000;

/// How the generated articles are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CorpusFormat {
    /// One `.txt` file per article.
    #[default]
    Txt,
    /// JSON lines.
    Jsonl,
    /// Alternating: even articles as `.txt`, odd ones as JSON lines.
    Both,
}

/// What [`generate`] produced (or found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorpusInfo {
    pub generator_version: u32,
    pub mb: u64,
    pub seed: u64,
    pub format: CorpusFormat,
    /// Articles written.
    pub articles: usize,
    /// Bytes of article files written.
    pub bytes: u64,
    /// Distinct word forms of the vocabulary the corpus was drawn from.
    pub vocabulary: usize,
}

/// Generates (or reuses) a corpus of about `mb` megabytes (10^6 bytes) in `dir`.
pub fn generate(dir: &Path, mb: u64, seed: u64, format: CorpusFormat) -> Result<CorpusInfo> {
    let manifest = dir.join(MANIFEST);
    if let Ok(text) = fs::read_to_string(&manifest) {
        if let Ok(info) = serde_json::from_str::<CorpusInfo>(&text) {
            if info.generator_version == GENERATOR_VERSION
                && (info.mb, info.seed, info.format) == (mb, seed, format)
            {
                return Ok(info);
            }
        }
    }
    for stale in [MANIFEST, "txt", "jsonl"] {
        let path = dir.join(stale);
        let removed = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        match removed {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(path, e)),
            _ => {}
        }
    }
    let lexicon = Lexicon::build(seed);
    let mut writer = CorpusWriter::new(dir, format);
    let mut rng = Rng::new(seed);
    let target = mb.saturating_mul(1_000_000);
    let mut number = 0;
    while writer.bytes < target || number == 0 {
        let article = Writer::new(&lexicon, &mut rng).article(number);
        writer.write(&article)?;
        number += 1;
    }
    writer.finish()?;
    let info = CorpusInfo {
        generator_version: GENERATOR_VERSION,
        mb,
        seed,
        format,
        articles: number,
        bytes: writer.bytes,
        vocabulary: lexicon.distinct_forms(),
    };
    let json = serde_json::to_string_pretty(&info)?;
    fs::write(&manifest, json).map_err(|e| Error::io(&manifest, e))?;
    Ok(info)
}

/// One generated article before it is written out.
#[derive(Debug, Clone)]
pub struct GeneratedArticle {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub source: String,
    pub url: String,
    pub paragraphs: Vec<String>,
}

impl GeneratedArticle {
    /// The article as a seed-shaped `.txt` file.
    pub fn to_txt(&self) -> String {
        let mut out = format!("{}\n\n", self.title);
        for paragraph in &self.paragraphs {
            out.push_str(paragraph);
            out.push_str("\n\n");
        }
        out.push_str(&format!("Nguồn {}: {}\n", self.source, self.url));
        out
    }

    /// The article as one JSON line (without the newline).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "id": self.id,
            "title": self.title,
            "date": format!("{:04}-{:02}-{:02}", self.date.year(), self.date.month() as u8, self.date.day()),
            "source": self.source,
            "url": self.url,
            "text": self.paragraphs.join("\n\n"),
        })
        .to_string()
    }
}

/// Writes articles into the corpus layout, counting bytes.
struct CorpusWriter {
    dir: PathBuf,
    format: CorpusFormat,
    bytes: u64,
    txt_files: usize,
    jsonl_lines: usize,
    jsonl: Option<BufWriter<fs::File>>,
}

impl CorpusWriter {
    fn new(dir: &Path, format: CorpusFormat) -> CorpusWriter {
        CorpusWriter {
            dir: dir.to_path_buf(),
            format,
            bytes: 0,
            txt_files: 0,
            jsonl_lines: 0,
            jsonl: None,
        }
    }

    fn write(&mut self, article: &GeneratedArticle) -> Result<()> {
        let as_txt = match self.format {
            CorpusFormat::Txt => true,
            CorpusFormat::Jsonl => false,
            CorpusFormat::Both => self.txt_files <= self.jsonl_lines,
        };
        if as_txt {
            let sub = self
                .dir
                .join("txt")
                .join(format!("{:05}", self.txt_files / PER_DIRECTORY));
            if self.txt_files % PER_DIRECTORY == 0 {
                fs::create_dir_all(&sub).map_err(|e| Error::io(&sub, e))?;
            }
            let path = sub.join(format!("{}.txt", article.id));
            let text = article.to_txt();
            fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
            self.bytes += text.len() as u64;
            self.txt_files += 1;
        } else {
            let path = self.dir.join("jsonl").join(format!(
                "part-{:05}.jsonl",
                self.jsonl_lines / PER_DIRECTORY
            ));
            if self.jsonl_lines % PER_DIRECTORY == 0 {
                self.finish()?;
                let parent = self.dir.join("jsonl");
                fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
                let file = fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
                self.jsonl = Some(BufWriter::new(file));
            }
            let line = article.to_json();
            if let Some(out) = self.jsonl.as_mut() {
                writeln!(out, "{line}").map_err(|e| Error::io(&path, e))?;
            }
            self.bytes += line.len() as u64 + 1;
            self.jsonl_lines += 1;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        if let Some(mut out) = self.jsonl.take() {
            out.flush().map_err(|e| Error::io(&self.dir, e))?;
        }
        Ok(())
    }
}

/// Composes one article from the lexicon.
struct Writer<'a> {
    lexicon: &'a Lexicon,
    rng: &'a mut Rng,
}

impl<'a> Writer<'a> {
    fn new(lexicon: &'a Lexicon, rng: &'a mut Rng) -> Writer<'a> {
        Writer { lexicon, rng }
    }

    fn article(&mut self, number: usize) -> GeneratedArticle {
        let date = self.date();
        let (source, domain) = *self.rng.pick(SOURCES).unwrap_or(&SOURCES[0]);
        let title_words = self.rng.range(7, 16);
        let title = capitalize(&self.words(title_words));
        let mut paragraphs = vec![self.lead(date)];
        for _ in 0..self.rng.range(3, 16) {
            if self.rng.chance(0.08) {
                // A photo caption, as press pages leave them in the text.
                let caption_words = self.rng.range(5, 14);
                let caption = capitalize(&self.words(caption_words));
                paragraphs.push(format!("{caption}. Ảnh: {}", self.person()));
            } else {
                paragraphs.push(self.paragraph());
            }
        }
        GeneratedArticle {
            id: format!("{number:08}"),
            url: format!(
                "https://{domain}/{}-post{}.html",
                slug(&title),
                100_000 + number
            ),
            title,
            date,
            source: source.to_string(),
            paragraphs,
        }
    }

    /// A date between 2005-01-01 and 2024-12-31.
    fn date(&mut self) -> Date {
        let start = Date::from_calendar_date(2005, Month::January, 1).unwrap_or(Date::MIN);
        start + Duration::days(self.rng.below(7305) as i64)
    }

    /// The lead paragraph: when and where, then ordinary sentences.
    fn lead(&mut self, date: Date) -> String {
        let when = ["Ngày", "Sáng", "Chiều", "Tối"][self.rng.below(4)];
        let place = self.rng.pick(PLACES).copied().unwrap_or("Hà Nội");
        let mut lead = format!(
            "{when} {}/{}/{}, tại {place}, {}",
            date.day(),
            date.month() as u8,
            date.year(),
            self.sentence_body()
        );
        lead.push('.');
        for _ in 0..self.rng.range(0, 2) {
            lead.push(' ');
            lead.push_str(&self.sentence());
        }
        lead
    }

    fn paragraph(&mut self) -> String {
        let count = self.rng.range(1, 5);
        (0..count)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn sentence(&mut self) -> String {
        let mut sentence = capitalize(&self.sentence_body());
        sentence.push(if self.rng.chance(0.03) { '?' } else { '.' });
        sentence
    }

    /// 8–40 words of chunks: seed phrases, names, figures, abbreviations, Zipf words.
    fn sentence_body(&mut self) -> String {
        let length = 6 + self.rng.below(18) + self.rng.below(16);
        let mut out = String::new();
        let mut words = 0;
        while words < length {
            if !out.is_empty() {
                out.push_str(if self.rng.chance(0.08) { ", " } else { " " });
            }
            let roll = self.rng.unit();
            let chunk = if roll < 0.22 {
                let phrase = self
                    .rng
                    .pick(&self.lexicon.phrases)
                    .cloned()
                    .unwrap_or_default();
                phrase.join(" ")
            } else if roll < 0.26 {
                self.person()
            } else if roll < 0.29 {
                self.figure()
            } else if roll < 0.31 {
                self.rng
                    .pick(ABBREVIATIONS)
                    .copied()
                    .unwrap_or("GDP")
                    .to_string()
            } else if roll < 0.32 {
                self.rng.pick(PLACES).copied().unwrap_or("Huế").to_string()
            } else {
                self.lexicon.word(self.rng).to_string()
            };
            words += chunk.split_whitespace().count().max(1);
            out.push_str(&chunk);
        }
        out
    }

    fn words(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| self.lexicon.word(self.rng).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A Vietnamese person name: family, middle and given names.
    fn person(&mut self) -> String {
        let family = self.rng.pick(FAMILY_NAMES).copied().unwrap_or("Nguyễn");
        let middle = self.rng.pick(MIDDLE_NAMES).copied().unwrap_or("Văn");
        let given = capitalize(self.lexicon.word(self.rng));
        format!("{family} {middle} {given}")
    }

    /// A number, percentage, amount, year or date as the press writes them.
    fn figure(&mut self) -> String {
        match self.rng.below(6) {
            0 => format!("{}", self.rng.range(2, 999)),
            1 => format!("{},{}%", self.rng.range(1, 99), self.rng.below(10)),
            2 => format!(
                "{}.{:03} tỷ đồng",
                self.rng.range(1, 99),
                self.rng.below(1000)
            ),
            3 => format!("năm {}", self.rng.range(1945, 2030)),
            4 => format!("ngày {}/{}", self.rng.range(1, 28), self.rng.range(1, 12)),
            _ => format!(
                "{}-{}",
                self.rng.range(2005, 2024),
                self.rng.range(2025, 2035)
            ),
        }
    }
}

/// An ASCII URL slug of a title, as Vietnamese news sites make them.
fn slug(title: &str) -> String {
    let folded = deunicode::deunicode(&title.replace(['đ', 'Đ'], "d")).to_lowercase();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(10)
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_under(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                out.extend(files_under(&path));
            } else {
                out.push(path);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn generation_is_deterministic_seed_shaped_and_cached() -> Result<()> {
        let (a, b) = (
            tempfile::tempdir().map_err(|e| Error::io("tmp", e))?,
            tempfile::tempdir().map_err(|e| Error::io("tmp", e))?,
        );
        let info = generate(a.path(), 0, 9, CorpusFormat::Txt)?;
        generate(b.path(), 0, 9, CorpusFormat::Txt)?;
        assert_eq!(info.articles, 1);
        let (fa, fb) = (files_under(a.path()), files_under(b.path()));
        assert_eq!(fa.len(), 2, "one article and the manifest");
        let text = fs::read_to_string(&fa[1]).map_err(|e| Error::io(&fa[1], e))?;
        assert_eq!(
            text,
            fs::read_to_string(&fb[1]).map_err(|e| Error::io(&fb[1], e))?
        );
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            !lines[0].is_empty() && lines[1].is_empty(),
            "title, then a blank line"
        );
        assert!(lines.iter().any(|l| l.starts_with("Nguồn ")));
        assert!(text.contains(", tại "), "the lead says where");
        // A second call finds the manifest and writes nothing.
        fs::remove_file(&fa[1]).map_err(|e| Error::io(&fa[1], e))?;
        assert_eq!(generate(a.path(), 0, 9, CorpusFormat::Txt)?, info);
        assert_eq!(files_under(a.path()).len(), 1);
        Ok(())
    }

    #[test]
    fn both_format_alternates_txt_and_json_lines() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tmp", e))?;
        let info = generate(dir.path(), 1, 5, CorpusFormat::Both)?;
        assert!(info.bytes >= 1_000_000 && info.articles > 50);
        let jsonl = fs::read_to_string(dir.path().join("jsonl/part-00000.jsonl"))
            .map_err(|e| Error::io("jsonl", e))?;
        let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap_or(""))?;
        assert_eq!(first["id"], "00000001");
        assert!(first["date"].as_str().is_some_and(|d| d.len() == 10));
        assert!(dir.path().join("txt/00000/00000000.txt").exists());
        Ok(())
    }

    #[test]
    fn slug_is_ascii_and_folds_d_stroke() {
        assert_eq!(slug("Đổi mới sáng tạo: 2024!"), "doi-moi-sang-tao-2024");
    }
}
