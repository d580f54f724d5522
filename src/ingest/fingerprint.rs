//! Near-duplicate fingerprints: the same story under several papers' names.
//!
//! An aggregator carries one agency story several times, with different headlines, bylines
//! and page chrome. Cleaning removes the chrome; what stays is (nearly) the same body. A
//! [`Fingerprint`] is a 128-bit b-bit MinHash (Broder's resemblance, with Li & König's b-bit
//! storage) of the article's body as a set of shingles: runs of [`SHINGLE_SYLLABLES`] folded
//! syllables. Two fingerprints estimate the Jaccard resemblance of the two bodies
//! ([`Fingerprint::resemblance`]); articles at or above [`NEAR_DUPLICATE_RESEMBLANCE`] are
//! the same story.
//!
//! The title is left out on purpose: copies are retitled. Folded forms make old-style tone
//! placement and typography differences irrelevant.

use crate::ingest::fnv::Fnv1a;
use crate::text::{WordAnalyzer, Words};

/// Syllables per shingle. Vietnamese words are one to three syllables: five syllables is
/// a phrase of two or three words, specific enough that two different stories on one subject
/// share few shingles (on the archive, 90% of pairs are estimated below 0.1), short enough that
/// a copy with a changed sentence keeps most of them.
pub const SHINGLE_SYLLABLES: usize = 5;

/// Fewest shingles an article needs for a fingerprint (about two sentences). Shorter texts
/// (a photo caption, a one-line brief) resemble each other by accident too easily.
pub const MIN_SHINGLES: usize = 30;

/// Resemblance at or above which two articles are the same story. Read on the shared archive
/// (`examples/near_duplicates.rs`): pairs estimated at 0.6 or more were all one story told
/// from one source text (an agency dispatch or a press release, retitled, with a sentence
/// added or cut); between 0.5 and 0.6 half were different stories on one event (a follow-up,
/// another angle) sharing quoted paragraphs. With 64 two-bit samples the estimate's standard
/// deviation is about 0.08 around 0.6, and two unrelated texts (true resemblance near 0)
/// reach 0.6 with probability below 10^-9 per pair.
pub const NEAR_DUPLICATE_RESEMBLANCE: f32 = 0.6;

/// Independent hash functions (min-wise permutations); each keeps [`BITS_PER_SAMPLE`] bits.
const SAMPLES: usize = 64;
/// Bits kept of each minimum: two bits agree by chance with probability 1/4.
const BITS_PER_SAMPLE: usize = 2;

/// A 128-bit b-bit MinHash of an article's body; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u64; 2]);

impl Fingerprint {
    /// The fingerprint of an article's passages, or `None` when they hold fewer than
    /// 30 shingles (`MIN_SHINGLES`).
    pub fn of_passages<S: AsRef<str>>(passages: &[S]) -> Option<Fingerprint> {
        crate::text::with_memoized(|analyzer| {
            let mut shingles = Shingles::default();
            for passage in passages {
                shingles.add_text(passage.as_ref(), analyzer);
            }
            shingles.fingerprint()
        })
    }

    /// The two words stored in the index (never both zero).
    pub fn to_words(self) -> [u64; 2] {
        self.0
    }

    /// A fingerprint read back from the index; `[0, 0]` (an article too short for one) is
    /// `None`.
    pub fn from_words(words: [u64; 2]) -> Option<Fingerprint> {
        (words != [0, 0]).then_some(Fingerprint(words))
    }

    /// Estimated Jaccard resemblance of the two articles' shingle sets, in `[0, 1]`.
    ///
    /// Each sample's two bits agree when the minima agree (probability: the resemblance `r`)
    /// or by chance (1/4 of the rest): `P(agree) = r + (1 - r) / 4`, solved for `r`.
    pub fn resemblance(self, other: Fingerprint) -> f32 {
        let agree = self.agreeing(other) as f32 / SAMPLES as f32;
        ((agree - 0.25) / 0.75).clamp(0.0, 1.0)
    }

    /// Whether the two articles are copies of one story: [`Self::resemblance`] at least
    /// [`NEAR_DUPLICATE_RESEMBLANCE`], decided on the count of agreeing samples (search
    /// compares every matching article with the ones shown).
    pub fn is_near_duplicate(self, other: Fingerprint) -> bool {
        self.agreeing(other) >= MIN_AGREEING
    }

    /// Samples whose two bits agree.
    ///
    /// One bit per sample that differs, the samples of the second word between those of the
    /// first, so that one population count serves both words (on baseline x86-64 it is a
    /// dozen instructions, and collapsing compares every matching article with the shown ones).
    fn agreeing(self, other: Fingerprint) -> u32 {
        const LOW_BITS: u64 = 0x5555_5555_5555_5555;
        let differing = |a: u64, b: u64| {
            let differ = a ^ b;
            (differ | (differ >> 1)) & LOW_BITS
        };
        let both = differing(self.0[0], other.0[0]) | (differing(self.0[1], other.0[1]) << 1);
        SAMPLES as u32 - both.count_ones()
    }
}

/// Agreeing samples of a resemblance of [`NEAR_DUPLICATE_RESEMBLANCE`]: the least integer
/// at or above `SAMPLES · (1/4 + 3/4 · r)`.
const MIN_AGREEING: u32 = {
    let exact = SAMPLES as f32 * (0.25 + 0.75 * NEAR_DUPLICATE_RESEMBLANCE);
    let floor = exact as u32;
    if (floor as f32) < exact {
        floor + 1
    } else {
        floor
    }
};

/// Multipliers and offsets of the [`SAMPLES`] hash functions `h(x) = a·x + b (mod 2^64)`,
/// fixed (SplitMix64 from a constant seed) so fingerprints are the same on every build.
const PERMUTATIONS: [(u64, u64); SAMPLES] = permutations();

const fn split_mix(state: u64) -> (u64, u64) {
    let state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    (state, z ^ (z >> 31))
}

const fn permutations() -> [(u64, u64); SAMPLES] {
    let mut out = [(0u64, 0u64); SAMPLES];
    let mut state = 0x766e_7365_6172_6368; // "vnsearch"
    let mut i = 0;
    while i < SAMPLES {
        let (next, a) = split_mix(state);
        let (next, b) = split_mix(next);
        state = next;
        out[i] = (a | 1, b);
        i += 1;
    }
    out
}

/// The running minima of a text's shingles under each hash function.
struct Shingles {
    minima: [u64; SAMPLES],
    count: usize,
    /// Hashes of the last syllables, oldest first (a shingle never spans passages).
    window: [u64; SHINGLE_SYLLABLES],
    filled: usize,
}

impl Default for Shingles {
    fn default() -> Self {
        Shingles {
            minima: [u64::MAX; SAMPLES],
            count: 0,
            window: [0; SHINGLE_SYLLABLES],
            filled: 0,
        }
    }
}

impl Shingles {
    fn add_text(&mut self, text: &str, analyzer: &mut WordAnalyzer) {
        self.filled = 0;
        for (start, end) in Words::new(text) {
            analyzer.analyze_folded(&text[start..end]);
            let mut hash = Fnv1a::new();
            hash.write(analyzer.folded().as_bytes());
            self.push(hash.finish());
        }
    }

    fn push(&mut self, syllable: u64) {
        self.window.copy_within(1.., 0);
        self.window[SHINGLE_SYLLABLES - 1] = syllable;
        self.filled += 1;
        if self.filled < SHINGLE_SYLLABLES {
            return;
        }
        let mut shingle = 0u64;
        for &h in &self.window {
            shingle = split_mix(shingle ^ h).1;
        }
        self.count += 1;
        for (minimum, &(a, b)) in self.minima.iter_mut().zip(&PERMUTATIONS) {
            *minimum = (*minimum).min(a.wrapping_mul(shingle).wrapping_add(b));
        }
    }

    fn fingerprint(&self) -> Option<Fingerprint> {
        if self.count < MIN_SHINGLES {
            return None;
        }
        let mut words = [0u64; 2];
        let per_word = 64 / BITS_PER_SAMPLE;
        for (i, &minimum) in self.minima.iter().enumerate() {
            // The minimum's top bits are biased towards zero; a mix of it is not.
            let bits = split_mix(minimum).1 & 0b11;
            words[i / per_word] |= bits << ((i % per_word) * BITS_PER_SAMPLE);
        }
        if words == [0, 0] {
            words[0] = 1; // 2^-128: `[0, 0]` means "no fingerprint" in the index.
        }
        Some(Fingerprint(words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: [&str; 4] = [
        "Chiều 12/3, Ủy ban nhân dân tỉnh Quảng Nam tổ chức họp báo công bố kế hoạch phát triển du lịch ven biển giai đoạn tới, với trọng tâm là các khu nghỉ dưỡng sinh thái.",
        "Theo kế hoạch, tỉnh sẽ kêu gọi đầu tư vào hạ tầng giao thông kết nối các điểm du lịch, đồng thời hỗ trợ người dân làm dịch vụ lưu trú tại nhà.",
        "Đại diện Sở Văn hóa, Thể thao và Du lịch cho biết lượng khách quốc tế đến tỉnh năm ngoái tăng gần gấp đôi so với năm trước đó.",
        "Các doanh nghiệp lữ hành đề nghị tỉnh sớm hoàn thiện quy hoạch bãi tắm công cộng để giữ không gian biển cho cộng đồng.",
    ];

    #[test]
    fn a_copy_with_other_typography_and_a_cut_sentence_is_the_same_story() {
        let original = Fingerprint::of_passages(&STORY).expect("long enough");
        // Unaccented, with old-style marks, and without the last paragraph.
        let copy: Vec<String> = STORY[..3]
            .iter()
            .map(|p| p.replace("Hóa", "Hoá").replace("Ủy", "Uỷ"))
            .collect();
        let copy = Fingerprint::of_passages(&copy).expect("long enough");
        assert!(
            original.resemblance(copy) >= 0.6,
            "{}",
            original.resemblance(copy)
        );
        assert!(original.is_near_duplicate(copy));
        assert_eq!(original.resemblance(original), 1.0);
    }

    #[test]
    fn another_story_on_the_same_subject_is_not() {
        let original = Fingerprint::of_passages(&STORY).expect("long enough");
        let other = [
            "Sáng 20/4, tỉnh Quảng Nam khai mạc tuần lễ du lịch biển với nhiều hoạt động văn hóa, thể thao và ẩm thực dành cho du khách trong và ngoài nước.",
            "Ban tổ chức cho biết các khách sạn ven biển đã kín phòng trong những ngày cuối tuần, nhiều doanh nghiệp lữ hành tung ra gói giảm giá.",
            "Người dân địa phương mong muốn du lịch phát triển gắn với bảo vệ môi trường và giữ gìn bãi tắm sạch đẹp cho cộng đồng.",
        ];
        let other = Fingerprint::of_passages(&other).expect("long enough");
        assert!(
            original.resemblance(other) < 0.3,
            "{}",
            original.resemblance(other)
        );
        assert!(!original.is_near_duplicate(other));
    }

    #[test]
    fn the_threshold_is_decided_on_agreeing_samples() {
        // 0.6 → 64 · (0.25 + 0.45) = 44.8: 45 agreeing samples.
        assert_eq!(MIN_AGREEING, 45);
        let a = Fingerprint([0, 0]);
        let agreeing = |n: u32| {
            // The first 64 - n samples disagree (bits 01 instead of 00).
            let mut words = [0u64; 2];
            for i in 0..(64 - n) as usize {
                words[i / 32] |= 1 << ((i % 32) * 2);
            }
            Fingerprint(words)
        };
        assert!(a.is_near_duplicate(agreeing(45)));
        assert!(!a.is_near_duplicate(agreeing(44)));
        assert!(a.resemblance(agreeing(45)) >= NEAR_DUPLICATE_RESEMBLANCE);
        assert!(a.resemblance(agreeing(44)) < NEAR_DUPLICATE_RESEMBLANCE);
    }

    #[test]
    fn short_texts_have_no_fingerprint_and_words_round_trip() {
        assert_eq!(
            Fingerprint::of_passages(&["Ảnh: Reuters. Hà Nội mưa to."]),
            None
        );
        let print = Fingerprint::of_passages(&STORY).expect("long enough");
        assert_eq!(Fingerprint::from_words(print.to_words()), Some(print));
        assert_eq!(Fingerprint::from_words([0, 0]), None);
    }

    #[test]
    fn fingerprints_are_stable_across_builds() {
        // The index stores fingerprints: changing the hash functions silently would make
        // old and new articles incomparable. This value changes only with the algorithm.
        let print = Fingerprint::of_passages(&STORY).expect("long enough");
        assert_eq!(
            print.to_words(),
            [0xd621_b28b_d8c3_ada5, 0x3aac_a88a_e7fd_8e75]
        );
    }
}
