//! How the checks read Chinese report text: sentences, the quantities and named
//! examples that give a claim substance, and the words two passages share.
//!
//! No dictionary and no segmenter: a claim is judged by small lists of the words
//! reviewers look for, and two passages are compared by the character pairs
//! (bigrams) they share — the usual way of matching Chinese text without word
//! boundaries, and as good as segmentation for telling whether a measure speaks of
//! the same thing as a problem. See the README for why no segmenter is used.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

/// A sentence of a section: its text, trimmed, exactly as it stands in the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
}

/// The sentences of a text, split at 。！？；, at line ends and before a numbered item.
/// Each is an exact slice of `text`, trimmed of white space and closing punctuation.
pub fn sentences(text: &str) -> Vec<Sentence<'_>> {
    let mut found = Vec::new();
    let mut start = 0;
    for (index, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';' | '\n') {
            push_sentence(text, start, index, &mut found);
            start = index + c.len_utf8();
        }
    }
    push_sentence(text, start, text.len(), &mut found);
    found
}

fn push_sentence<'a>(text: &'a str, start: usize, end: usize, found: &mut Vec<Sentence<'a>>) {
    let piece = text[start..end].trim().trim_end_matches(['，', ',', '：', ':']);
    if piece.chars().filter(|c| is_han(*c)).count() >= 2 {
        found.push(Sentence { text: piece });
    }
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Names that hold a numeral but count nothing: a document, a rule, a meeting or a slogan.
const NAMES_WITH_NUMERALS: &[&str] = &[
    "八项规定",
    "三会一课",
    "两学一做",
    "十四五",
    "十三五",
    "十五五",
    "二十大",
    "十九大",
    "二十届",
    "一岗双责",
    "双带头人",
    "双培养",
    "第一议题",
    "第一责任人",
    "第一书记",
    "四风",
    "三重一大",
    "两个维护",
    "两个确立",
    "四个意识",
    "四个自信",
    "一盘棋",
    "一把手",
    "一述一评",
    "两代表一委员",
    "四项措施",
    "九不准",
    "四史",
    "五星",
    "七一",
    "五四",
    "一支部一品牌",
    "一支部一特色",
    "一院一品",
    "一科一品",
    "一线",
    "一体",
    "一起",
    "一致",
    "一定",
    "一些",
    "一批",
    "一步",
    "统一",
    "之一",
];

/// The text with quoted names (“…”《…》「…」) and the known names that hold numerals blanked out.
fn without_names(text: &str) -> String {
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"“[^”]{0,40}”|《[^》]{0,60}》|「[^」]{0,40}」|‘[^’]{0,40}’|"[^"]{0,40}""#).expect("valid")
    });
    let mut plain = QUOTED.replace_all(text, "□").into_owned();
    for name in NAMES_WITH_NUMERALS {
        if plain.contains(name) {
            plain = plain.replace(name, "□");
        }
    }
    plain
}

/// Quantities in a text: numbers with a unit (人、次、个、项、%、万元…) and dates
/// (2023年、5月、12日); numerals inside names of documents, meetings and slogans
/// (中央八项规定、“三会一课”、“1+N”) are not quantities.
pub fn quantities(text: &str) -> usize {
    static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"[0-9０-９]+(?:[.．][0-9０-９]+)?\s*(?:余|多)?\s*",
            r"(?:%|％|‰|个百分点|[万亿千百]?(?:人次|元|人|名|次|个|项|场|篇|期|家|所|件|条|份|户|批|本|节|堂|课|天|小时|学时|处|例|台|张|支|类|轮|届|位|分|年|月|日|周|床|间|平方米|公里|万|倍|岁|对|组|门|家|镇|村))",
            r"|[一二三四五六七八九十百千万两]+(?:余|多)?(?:个|次|项|名|人|场|篇|期|家|所|件|条|批|轮|位|年|倍|支部|名党员)",
        ))
        .expect("valid")
    });
    let plain = without_names(text);
    QUANTITY.find_iter(&plain).count()
}

/// Quantities that are data: a year alone ("2023年，本人…") dates the report, it measures nothing.
pub fn data_quantities(text: &str) -> usize {
    static BARE_YEAR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9０-９]{4}年(?:度)?(?:[^0-9０-９]|$)").expect("valid"));
    quantities(text).saturating_sub(BARE_YEAR.find_iter(&without_names(text)).count())
}

/// Named examples: a branch, a department, a village named as the place something
/// happened ("病理药学党小组", "内科第一党支部"), or an example introduced as one (例如、
/// 比如). The name of a brand is not one: a reviewer asks what the brand did.
pub fn named_examples(text: &str) -> usize {
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\p{Han}{1,6}(?:第[一二三四五六七八九十]+)?(?:党支部|党小组|病区|卫生院|卫生室|村委会|村)")
            .expect("valid")
    });
    static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"例如|比如|譬如|如在").expect("valid"));
    static GENERIC_PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:各|全院|全体|所属|基层|各个|下属|我院|本院|医院|我们|所有|党员|各级|部分|个别|相关|有关|有的|该|本|每个|多个|个别|少数)")
            .expect("valid")
    });
    let places = PLACE.find_iter(text).filter(|m| !GENERIC_PLACE.is_match(m.as_str())).count();
    places + EXAMPLE.find_iter(text).count()
}

/// The substance of a text: its quantities and named examples.
pub fn substance(text: &str) -> usize {
    quantities(text) + named_examples(text)
}

/// Function words and the verbs every report uses: they say nothing about what a
/// passage is about and are left out when two passages are compared.
const COMMON_WORDS: &[&str] = &[
    "进一步",
    "加强",
    "强化",
    "提高",
    "提升",
    "不断",
    "持续",
    "切实",
    "全面",
    "深入",
    "工作",
    "问题",
    "本人",
    "原因",
    "存在",
    "不够",
    "有待",
    "还需",
    "仍需",
    "方面",
    "情况",
    "推动",
    "推进",
    "落实",
    "开展",
    "实现",
    "做好",
    "确保",
    "通过",
    "以及",
    "进行",
    "要求",
    "主要",
    "及时",
    "认真",
    "严格",
    "积极",
    "有效",
    "全年",
    "年度",
    "完成",
    "时限",
    "责任人",
    "责任",
    "负责",
    "牵头",
    "之前",
    "年底",
    "月底",
    "针对",
    "结合",
    "建立",
    "健全",
    "完善",
    "不足",
    "措施",
    "整改",
    "目标",
    "今年",
    "明年",
    "每月",
    "每季度",
    "年内",
    "以上",
    "以下",
    "同时",
    "其中",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "对于",
    "关于",
    "自己",
    "我们",
    "书记",
    "作为",
    "一些",
    "有的",
    "部分",
    "个别",
    "导致",
    "造成",
    "由于",
    "因为",
    "主观",
    "客观",
    "思想",
    "认识",
    "重视",
    "程度",
    "没有",
    "缺乏",
    "比较",
    "较为",
    "相对",
    "一定",
    "下一步",
    "上年度",
    "本年度",
    "专项",
    "具体",
    "重点",
    "突出",
    "水平",
    "能力",
    "意识",
    "党建",
    "党员",
    "支部",
    "党支部",
    "党委",
    "基层",
    "形成",
    "机制",
    "制度",
    "定期",
    "经常",
    "日常",
    // How a problem falls short says nothing of what it is about: two problems "落实不到位"
    // are not one problem named again.
    "不到位",
    "不规范",
    "不完整",
    "不明显",
    "不均衡",
    "不及时",
    "不全",
    "流于形式",
];

/// The character pairs that stand for what a passage is about: pairs of Han
/// characters next to each other, less those made only of common words' characters
/// ("责任区运行" keeps 任区 though 责任 is common, so it still meets "责任区"; "本人负责"
/// gives no pair at all, so "专人负责" does not meet it).
pub fn keywords(text: &str) -> HashSet<[char; 2]> {
    static COMMON: LazyLock<Regex> = LazyLock::new(|| {
        let mut words: Vec<&str> = COMMON_WORDS.to_vec();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        Regex::new(&words.join("|")).expect("valid")
    });
    let mut covered = vec![false; text.len()];
    for found in COMMON.find_iter(text) {
        covered[found.start()..found.end()].iter_mut().for_each(|c| *c = true);
    }
    let mut pairs = HashSet::new();
    let mut previous: Option<(char, bool)> = None;
    for (at, c) in text.char_indices() {
        // Particles, and the measure words after a number ("14个支部", "38次风险"), join nothing.
        if is_han(c)
            && !matches!(
                c,
                '的' | '了' | '和' | '与' | '及' | '在' | '是' | '等' | '对' | '把' | '为' | '中' | '个' | '次'
            )
        {
            let common = covered[at];
            if let Some((p, p_common)) = previous
                && !(p_common && common)
            {
                pairs.insert([p, c]);
            }
            previous = Some((c, common));
        } else {
            previous = None;
        }
    }
    pairs
}

/// True when two problems of one post speak of the same thing (反复出现): they share three
/// pairs of characters of substance, or half of the shorter one's, or one in the same category.
pub fn same_problem(a: &str, a_category: &str, b: &str, b_category: &str) -> bool {
    same_keywords(&keywords(a), a_category, &keywords(b), b_category)
}

/// [`same_problem`] on the problems' [`keywords`], read once by a caller that compares
/// each problem with many.
pub fn same_keywords(x: &HashSet<[char; 2]>, a_category: &str, y: &HashSet<[char; 2]>, b_category: &str) -> bool {
    let shared = x.intersection(y).count();
    let shorter = x.len().min(y.len());
    shared >= 3
        || (shared >= 1 && shared * 2 >= shorter)
        || (shared >= 1 && !a_category.trim().is_empty() && a_category.trim() == b_category.trim())
}

/// For passages compared with one another: each pair's weight, lower for pairs most passages share.
pub struct Vocabulary {
    passages: usize,
    frequency: HashMap<[char; 2], usize>,
}

impl Vocabulary {
    pub fn new<'a>(passages: impl IntoIterator<Item = &'a HashSet<[char; 2]>>) -> Vocabulary {
        let mut frequency = HashMap::new();
        let mut count = 0;
        for passage in passages {
            count += 1;
            for pair in passage {
                *frequency.entry(*pair).or_insert(0) += 1;
            }
        }
        Vocabulary { passages: count, frequency }
    }

    /// The pairs two passages share that no more than one other passage has: a name
    /// of their own ("责任区" in a problem and in the measure that answers it).
    pub fn rare_shared(&self, a: &HashSet<[char; 2]>, b: &HashSet<[char; 2]>) -> usize {
        a.intersection(b).filter(|pair| self.frequency.get(*pair).copied().unwrap_or(0) <= 2).count()
    }

    /// How much two passages share: the number of pairs in both that are not in most passages.
    pub fn shared(&self, a: &HashSet<[char; 2]>, b: &HashSet<[char; 2]>) -> usize {
        let common_limit = (self.passages * 3 / 5).max(3);
        a.intersection(b).filter(|pair| self.frequency.get(*pair).copied().unwrap_or(0) <= common_limit).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_in_names_are_no_quantities() {
        assert_eq!(quantities("严格落实中央八项规定精神和“三会一课”制度，推行“1+N”工作机制"), 0);
        assert_eq!(quantities("全年召开支委会12次，覆盖党员86人，占比95.6%，2023年5月完成"), 5);
        assert_eq!(quantities("发展党员三名，开展主题党日十二次"), 2);
    }

    #[test]
    fn sentences_are_exact_slices() {
        let text = "（一）本人主持会议12次。二是抓学习；三是抓作风\n四是抓廉洁";
        let found: Vec<&str> = sentences(text).iter().map(|s| s.text).collect();
        assert_eq!(found, vec!["（一）本人主持会议12次", "二是抓学习", "三是抓作风", "四是抓廉洁"]);
    }

    #[test]
    fn passages_about_the_same_thing_share_pairs() {
        let problem = keywords("支部设置不合理，行政后勤支部党员分散在多个科室");
        let answer = keywords("调整支部设置，将行政后勤支部按楼层重新划分");
        let other = keywords("加强理论学习，每月开展一次集中学习");
        let vocabulary = Vocabulary::new([&problem, &answer, &other]);
        assert!(vocabulary.shared(&problem, &answer) >= 2);
        assert_eq!(vocabulary.shared(&problem, &other), 0);
    }

    #[test]
    fn a_problem_is_named_again_by_what_it_is_about_not_by_how_it_falls_short() {
        // Reproduces: two problems alike only in "落实不到位", or in "不全" and the measure
        // word of "43个支部", were flagged 反复出现 — most pairs of a three-year list were such.
        assert!(!same_problem(
            "意识形态工作责任制落实不到位，38次风险研判流于形式",
            "思想建设",
            "为基层减负措施落实不到位，31项报表仍重复填报",
            "作风建设"
        ));
        assert!(!same_problem(
            "支部书记培训覆盖不全，40名新任支部书记未参加轮训",
            "组织建设",
            "对支部“三会一课”督促检查不够，全年有43个支部组织生活记录不全",
            "组织建设"
        ));
        assert!(!same_problem(
            "发展党员工作不均衡，14个支部连续两年未发展党员",
            "组织建设",
            "党费收缴使用管理不规范，9个支部党费台账不完整",
            "组织建设"
        ));
        // The same problem in other figures, or in other words of one subject, still is.
        assert!(same_problem(
            "发展党员工作不均衡，14个支部连续两年未发展党员",
            "组织建设",
            "发展党员工作不均衡，52个支部连续两年未发展党员",
            "组织建设"
        ));
        assert!(same_problem("本人督促检查不够", "组织建设", "本人督促检查不够，全年只检查2次", "组织建设"));
    }
}
