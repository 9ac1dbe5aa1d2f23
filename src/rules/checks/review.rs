//! The checks a strict 党委 reviewer makes beyond counting: 偏 (`off-focus`), 虚
//! (`vague`), 问题不清 (`problem-unclear`), 措施未回应问题 (`measure-unanswered`) and
//! whether each section speaks of the secretary herself (`not-personal`).
//!
//! Every finding quotes the sentence it is about. An error is what a strict reviewer
//! returns a report for; a warning is what she would ask to be improved.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::reading::{Vocabulary, is_han, keywords, quantities, sentences, substance};
use super::{
    CheckSettings, Finding, ProblemMeasures, SectionInput, Severity, char_count, excerpt, finding_at, item_slices,
    section_of,
};
use crate::domain::FocusRole;

/// Work of the unit, not of its 党建: medicine, money, buildings, disciplines, rankings.
static UNIT_WORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"门诊量|门急诊|诊疗人次|诊疗量|住院|出院|手术|床位|病床|业务收入|医疗收入|总收入|营业收入|营收|利润|",
        r"收支|结余|新院区|大楼|综合楼|门诊楼|病房楼|医技楼|建筑面积|平方米|投资|购置|设备|CT|核磁|MRI|DSA|",
        r"学科建设|重点专科|重点学科|三甲|三级甲等|等级医院|等级评审|复审|科研|课题|论文|SCI|专利|药占比|耗材|",
        r"平均住院日|DRG|DIP|绩效考核排名|医保基金|互联网医院|信息化建设|接种率|检测量|检测能力|样本|流调|",
        r"胸痛中心|卒中中心|创伤中心|新技术|新项目|医疗质量|医疗服务能力|业务量|门诊人次|营业额|经济指标|",
        r"公共卫生服务项目|项目资金|预算执行|资金|基建|工程|护理质量|质控|得分|招聘|培训|检验|互认|实验室|",
        r"生物安全|资质|认证|认可|评审|技能竞赛|业务竞赛|指标|病例|患者|病人|就诊|疫苗|预防接种|监测点|报告率|",
        r"消防|演练|安全生产|平安医院|防暴|行政处罚|案件|抽检|执法|任务完成率|监督检查|双随机|许可|审批|",
        r"传染病|法定报告|报告及时率|及时率|合格率|水样|饮用水|监测|流行病|慢病|健康档案|签约率|家庭医生签约"
    ))
    .expect("valid")
});

/// Honours of the unit (an award sentence about 党建 is not off focus).
static HONOUR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"荣获|获评|被评为|被授予|获得.{0,40}(?:称号|奖|荣誉)|获奖|夺得|斩获|入选|排名第|位列").expect("valid")
});

/// What makes a sentence about 党建 work: its activities, not merely 党员 or 支部 as the
/// subject of a sentence about medicine ("支部有3名党员在技能竞赛中获奖" is off focus).
static PARTY_WORK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"党建|党的|党组织|党课|党日|党性|党风|党纪|入党|发展党员|党员教育|党员管理|组织生活|三会一课|第一议题|",
        r"理论学习|政治|意识形态|廉|作风|思想|医德医风|双带头人|双培养|民主生活|谈心谈话|统战|群团|工会|",
        r"团员|团支部|精神文明|志愿|初心|使命|纪律|主题教育|一岗双责|述职|评议|整改|巡察|巡视|先锋|示范岗|",
        r"责任区|突击队|支委|支部委员|支部建设|支部活动|党费|党务|党小组|组织员|积极分子|党支部|总支|党委会|",
        r"集中学习|专题学习|学习研讨|研讨|学用结合|宣讲|警示教育|舆情"
    ))
    .expect("valid")
});

/// Words that put 党建 on work that is still the unit's business ("以党建引领学科建设").
static FIG_LEAF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:以|用)?(?:高质量)?党建(?:工作)?(?:引领|带动|促进|赋能|\+|＋)|党建(?:工作)?(?:与|和)(?:业务|中心工作)(?:工作)?(?:的)?(?:深度)?融合")
        .expect("valid")
});

/// The party's people as the subject of a sentence.
static PARTY_PEOPLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"党员|支部|党委").expect("valid"));

/// True when a passage is about the unit's medicine, money, buildings or honours and not
/// about 党建 work. 党员 at work count as 党建 (managing them is the secretary's duty),
/// but not when the passage only tells of their prizes.
fn off_focus(text: &str) -> bool {
    let plain = FIG_LEAF.replace_all(text, "");
    if PARTY_WORK.is_match(&plain) {
        return false;
    }
    let honour = HONOUR.is_match(&plain);
    honour || (UNIT_WORK.is_match(&plain) && !PARTY_PEOPLE.is_match(&plain))
}

/// True when a sentence of achievements is mostly about the unit's business: its
/// off-focus clauses outweigh twice over those about 党建 work or 党员 ("本人落实
/// “一岗双责”，主持安全生产会议6次，组织消防演练4次…" is about safety).
fn off_focus_sentence(sentence: &str) -> bool {
    let mut off = 0;
    let mut party = 0;
    for clause in sentence.split(['，', ',', '；', ';', '：', ':']) {
        let plain = FIG_LEAF.replace_all(clause, "");
        let chars = han_count(clause);
        if PARTY_WORK.is_match(&plain) || PARTY_PEOPLE.is_match(&plain) && !HONOUR.is_match(&plain) {
            party += chars;
        } else if off_focus(clause) {
            off += chars;
        }
    }
    off > 0 && off >= party * 2
}

/// True when a problem or a measure is about the unit's business: its headline and
/// the whole of it ("（一）推动学用结合。…结合医疗质量管理难题…" is about 学习).
fn off_focus_item(item: &str) -> bool {
    static FIELDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:责任人|责任部门|牵头人|完成时限)[：:][^；;。\n]*").expect("valid"));
    let item = FIELDS.replace_all(item, "");
    off_focus(first_sentence(&item)) && off_focus(&item)
}

/// A claim of success or of praise that says nothing checkable by itself.
static VAGUE_CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"明显成效|显著成效|成效明显|成效显著|初见成效|积极成效|良好成效|取得.{0,6}成效|良好效果|效果明显|效果显著|",
        r"广泛好评|一致好评|普遍好评|高度评价|充分肯定|广泛认可|一致认可|普遍认可|好评|",
        r"(?:更加|日益|不断|进一步|明显|显著|大幅|有效|全面|稳步|持续|逐步|大大|较大)(?:的)?",
        r"(?:提升|提高|增强|加强|扩大|改善|好转|坚定|巩固|深化|规范|完善|健全|凸显|彰显|浓厚|优化|紧密|有力|扎实|活跃)|",
        r"有了.{0,4}(?:提升|提高|改善|增强|进步)|焕然一新|蔚然成风|良好氛围|良好局面|风清气正|",
        r"充分发挥|有力推动|有力保障|有力促进|落地见效|成效突出|大为改观|新台阶|新局面|新成效|新气象|",
        r"反响良好|反响热烈|满意答卷|全面完成|圆满完成|平稳向好|总体平稳|稳中向好|稳中有进|冲锋在前|挺身而出|",
        r"勇挑重担|担当作为|走在前列|显著成绩|明显成绩|突出成绩|较好地?(?:完成|发挥)|有所(?:提高|提升|增强|改善|好转)|",
        r"得到(?:了)?(?:有效|全面|切实|进一步)?(?:加强|提升|落实|巩固|发挥)|",
        r"(?:全部|均已|已经|已|基本)(?:按要求)?(?:整改到位|整改完毕|完成整改|整改落实)|整改到位|",
        r"基本(?:整改)?完成|整改完成|落实到位|全部完成|均已完成|新突破|重大突破|取得突破"
    ))
    .expect("valid")
});

/// A claim is backed by a figure or an example in its own clause, in a clause after it
/// in the same sentence, or in the clause before when the claim is only a few words
/// ("满意度由85%升至92%，提升明显").
fn claims_without_substance(text: &str) -> Vec<&str> {
    let backed = |t: &str| substance(t) > 0;
    let mut claims: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    let all = sentences(text);
    for (at, sentence) in all.iter().enumerate() {
        if !VAGUE_CLAIM.is_match(sentence.text) {
            continue;
        }
        // A short headline claim ("（一）政治建设进一步加强。") is backed by the sentence after it.
        if han_count(sentence.text) <= 14 && all.get(at + 1).is_some_and(|next| backed(next.text)) {
            continue;
        }
        let clauses: Vec<&str> = sentence.text.split(['，', ',', '：', ':']).collect();
        for (index, clause) in clauses.iter().enumerate() {
            if !VAGUE_CLAIM.is_match(clause) || backed(clause) {
                continue;
            }
            let short = han_count(clause) < 8;
            if short && index > 0 && backed(clauses[index - 1]) {
                continue;
            }
            // Evidence told after the claim in the same sentence backs it
            // ("已完成整改：推行…模式，全年开展专题学习40次").
            if clauses[index + 1..].iter().any(|next| backed(next)) {
                continue;
            }
            let quote = if short { sentence.text } else { clause.trim() };
            // One claim is quoted once, whether by its clause or by its sentence.
            if seen.insert(quote) && !claims.iter().any(|c| c.contains(quote) || quote.contains(c)) {
                claims.push(quote);
            }
        }
    }
    claims
}

/// Where a problem's cause begins.
static CAUSE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"原因|根源|根子|究其|归根|由于|之所以|源于|主观上|思想上|说到底|深层次看|反思|加之|客观上")
        .expect("valid")
});

/// A block of causes listed apart from the problems ("原因分析：一是…").
static CAUSE_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^\s*(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|[0-9]+[.、．])?\s*(?:问题产生的原因|产生(?:上述|以上|这些)?问题的原因|(?:主要)?原因分析|存在(?:上述|以上|这些)?问题的(?:主要)?原因|究其原因|深挖根源|剖析根源|根源分析|主要原因)",
    )
    .expect("valid")
});

/// Causes that point away from oneself.
static OUTWARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"人手少|人手不足|人手紧|人员少|人员不足|人员紧张|人少|任务重|任务繁重|任务多|业务繁忙|业务忙|业务工作忙|",
        r"工作忙|工作繁忙|忙于业务|工作量大|时间紧|时间少|精力有限|精力不足|客观|编制|经费|疫情|条件限制|条件有限|",
        r"上级.{0,4}(?:检查|考核|任务|要求)多|要求多|检查多|党员分散|流动性大|倒班|轮班|值班|年龄(?:偏)?大|基础薄弱|历史原因|",
        r"医务人员.{0,4}忙|临床.{0,4}忙|工作性质|检查考核多|考核多|考核任务|挤占|力量薄弱|兼职|",
        r"难以.{0,6}精力|无暇|顾不上|抽不出|分身乏术|人手.{0,2}(?:不足|紧|少)|人员.{0,2}(?:不足|紧张|少)|",
        r"招不来|留不住|流失|人才短缺|地处偏远|偏远|缺编|难以集中|很难集中|很难把|集中难"
    ))
    .expect("valid")
});

/// Causes found in oneself.
static INWARD: LazyLock<Regex> = LazyLock::new(|| {
    // "本人" alone is no reason ("本人工作忙，医院人手少"): what in herself she names is.
    Regex::new(concat!(
        r"主观|思想上|认识上|认识不足|认识不到位|认识不深|重视不够|重视程度|重视不足|责任意识|担当|重业务轻党建|",
        r"重业务、轻党建|站位|不善于|不愿|不敢|畏难|满足于|松懈|懈怠|惯性|缺乏.{0,6}(?:意识|思维|钻研)|",
        r"(?:本人|自身|自己|我)[^。；;，,]{0,24}(?:不够|不足|不强|不深|不严|不到位|不高|不细|不实|欠缺|缺乏|放松|忽视|",
        r"把关|没有|未能|未按|未及时|过问少|关心少|研究少|偏软|偏松|宽松|疏于|不重视|不善|不会|思想|观念|想法|心态)"
    ))
    .expect("valid")
});

/// Words of a problem that concedes nothing: it could be said of any year and any unit.
static SOFT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"不够|有待|还需|仍需|尚需|不足|欠缺|不强|不高|不深|不到位|有差距|差距|不够好").expect("valid")
});

/// Words that show a problem's concrete form.
static CONCRETE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"例如|比如|表现在|表现为|具体表现|未按|从未|没有按|没有开展|没有召开|未开展|未召开|未落实|流于形式|",
        r"走过场|不及时|滞后|不规范|空白|偏低|率低|照本宣科|以会代|以业务会代替|停留在|重形式|缺位|断档|挂名|",
        r"空转|两张皮|缺席|代替|拖延|超期|逾期|漏报|迟报|不按期"
    ))
    .expect("valid")
});

/// Collective and personal voice.
static COLLECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"我们|我院|我委|我局|我中心|我所|我站|我支部|我党委|我总支|我单位|本单位|我科|我部门|我处|院党委|",
        r"(?:党支部|支部|党委|党总支|总支)(?:在|坚持|始终|把|以|将|对|已|积极|认真|结合|按照|围绕|制定|组织|开展|",
        r"召开|建立|通过|不断|切实|扎实|高度|紧紧|严格|全面|深入|工作还|还存在|存在)|",
        r"责任人[：:]\s*(?:党)?(?:支部|总支|党委)(?:委员会)?(?:[；;。，,、\s]|$)"
    ))
    .expect("valid")
});
static PERSONAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"本人|我(?:[^们院委局中所站支党单科部处]|$)").expect("valid"));

/// A sentence with where it starts in its section.
fn offset_in(body: &str, piece: &str) -> usize {
    piece.as_ptr() as usize - body.as_ptr() as usize
}

fn han_count(text: &str) -> usize {
    text.chars().filter(|c| is_han(*c)).count()
}

/// A numbered item that only heads a part ("（一）存在的问题", "原因分析："): no sentence of its own.
fn is_subheading(item: &str) -> bool {
    let body = item.trim().trim_end_matches(['：', ':', '。']);
    han_count(body) <= 12
        && !body.contains(['，', ',', '；', '。'])
        && (body.contains("问题") || body.contains("原因") || body.contains("表现") || body.contains("措施"))
}

/// One problem of the problems section.
pub(crate) struct Problem<'a> {
    /// The whole item as written.
    pub text: &'a str,
    /// What the problem is, before its cause.
    pub statement: &'a str,
    /// Its cause, when it gives one.
    pub cause: Option<&'a str>,
}

/// The problems of the problems section, and causes listed apart from them.
pub(crate) fn problems_of(body: &str) -> (Vec<Problem<'_>>, Vec<&str>, bool) {
    let block = CAUSE_BLOCK.find(body).map(|m| m.start());
    let mut items = item_slices(body);
    if items.is_empty() {
        items = body.split('\n').map(str::trim).filter(|l| han_count(l) >= 6).collect();
    }
    let mut problems = Vec::new();
    let mut causes = Vec::new();
    for item in items {
        let at = offset_in(body, item);
        if is_subheading(item) {
            continue;
        }
        if block.is_some_and(|start| at >= start) {
            causes.push(item);
            continue;
        }
        // An item that runs into the block of causes ends where the block begins.
        let item = match block {
            Some(start) if start > at && start < at + item.len() => item[..start - at].trim(),
            _ => item,
        };
        match CAUSE_MARK.find(item) {
            Some(mark) if mark.start() > 0 => problems.push(Problem {
                text: item,
                statement: &item[..mark.start()],
                cause: Some(&item[mark.start()..]),
            }),
            _ => problems.push(Problem { text: item, statement: item, cause: None }),
        }
    }
    // A block of causes written as a paragraph, with no numbered items of its own.
    if let Some(start) = block
        && causes.is_empty()
    {
        let paragraph = body[start..].trim();
        if han_count(paragraph) >= 6 {
            causes.push(paragraph);
        }
    }
    (problems, causes, block.is_some())
}

/// The measures of the measures section (the whole section when it has no numbered items).
fn measures_of(body: &str) -> Vec<&str> {
    let items: Vec<&str> = item_slices(body).into_iter().filter(|i| !is_subheading(i)).collect();
    if items.is_empty() && han_count(body) > 0 { vec![body.trim()] } else { items }
}

/// The first sentence of a problem or measure, for quoting.
fn first_sentence(text: &str) -> &str {
    sentences(text).first().map_or(text.trim(), |s| s.text)
}

/// `off-focus` (偏): sentences about the unit's medicine, money, buildings and honours
/// instead of the secretary's 党建 duty. Consecutive sentences make one finding.
pub(crate) fn check_off_focus(sections: &[SectionInput<'_>], findings: &mut Vec<Finding>) {
    let off = off_focus_sentence;
    if let Some(section) = section_of(sections, FocusRole::Achievements) {
        let body = section.body;
        let total = char_count(body).max(1);
        let all = sentences(body);
        let mut runs: Vec<(usize, usize)> = Vec::new(); // byte ranges of consecutive off-focus sentences
        let mut previous_off = false;
        for sentence in &all {
            let is_off = off(sentence.text);
            let start = offset_in(body, sentence.text);
            let end = start + sentence.text.len();
            match (is_off, previous_off, runs.last_mut()) {
                (true, true, Some(run)) => run.1 = end,
                (true, _, _) => runs.push((start, end)),
                _ => {}
            }
            previous_off = is_off;
        }
        let off_chars: u32 = runs.iter().map(|(s, e)| char_count(&body[*s..*e])).sum();
        // A reviewer returns a report whose record of the secretary's duty is a fifth
        // or more about the unit's business; a passing sentence she only asks to cut.
        let severity = if off_chars * 5 >= total { Severity::Error } else { Severity::Warning };
        let title = section.focus_point.title.as_str();
        for (start, end) in runs {
            let quote = &body[start..end];
            findings.push(finding_at(
                "off-focus",
                severity,
                title,
                quote,
                format!(
                    "“{}”讲的是单位的业务、收入、基建或荣誉，不是书记本人抓党建的履职情况。\
                     请删去或改写为本人如何以党建引领这项工作：谋划了什么、推动了什么、结果如何。",
                    excerpt(quote)
                ),
            ));
        }
    }
    if let Some(section) = section_of(sections, FocusRole::Problems) {
        let (problems, _, _) = problems_of(section.body);
        for problem in problems.iter().filter(|p| off_focus_item(p.statement)) {
            findings.push(finding_at(
                "off-focus",
                Severity::Error,
                &section.focus_point.title,
                first_sentence(problem.text),
                format!(
                    "问题“{}”是业务工作的问题，不是书记抓基层党建的问题。\
                     请查找本人在履行第一责任人职责、支部建设、党员教育管理等方面的不足。",
                    excerpt(problem.statement)
                ),
            ));
        }
    }
}

/// `vague` (虚): a claim of success or praise with no number, date or example of its own,
/// even when the section has figures elsewhere.
pub(crate) fn check_vague(sections: &[SectionInput<'_>], findings: &mut Vec<Finding>) {
    for section in
        sections.iter().filter(|s| matches!(s.focus_point.role, FocusRole::Achievements | FocusRole::LastYear))
    {
        let claims = claims_without_substance(section.body);
        // Empty claims a reviewer asks to back or cut; a section that leans on many
        // of them (five or more) is 虚 and goes back.
        let severity = if claims.len() >= 5 { Severity::Error } else { Severity::Warning };
        for claim in claims {
            let phrase = VAGUE_CLAIM.find(claim).map_or("", |m| m.as_str());
            findings.push(finding_at(
                "vague",
                severity,
                &section.focus_point.title,
                claim,
                format!(
                    "“{}”说了“{phrase}”，却没有数字、时间或事例可以核实。\
                     请写明是什么变化、由多少到多少、哪个支部或哪件事，或删去这句。",
                    excerpt(claim)
                ),
            ));
        }
    }
}

/// A cause named as the main one ("主要是检测任务量大").
static MAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"主要|首要|根本|最大").expect("valid"));

/// The sentences of a passage that excuse it by outside conditions only.
/// Her own busyness is an outside condition too ("本人工作忙").
static BUSY_SELF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:本人|自己|我)(?:的)?(?:工作|业务|临床|事务)(?:太|较|比较|十分|非常|很)?(?:忙|繁忙|繁重|多)")
        .expect("valid")
});

/// Causes found in oneself, as the cause states them.
fn looks_inward(text: &str) -> bool {
    static OWN_CAUSE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"原因(?:是|在于|主要是)?[：:]?\s*(?:本人|我)").expect("valid"));
    !BUSY_SELF.is_match(text) && (INWARD.is_match(text) || OWN_CAUSE.is_match(text))
}

fn outward_sentences(text: &str) -> Vec<&str> {
    // Conditions inside quotation marks are her own words of an attitude
    // ("存在“业务忙时党建可以缓一缓”的思想"), not an excuse.
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"“[^”]*”").expect("valid"));
    sentences(text)
        .into_iter()
        .map(|s| s.text)
        .filter(|s| {
            let plain = QUOTED.replace_all(s, "");
            (OUTWARD.is_match(&plain) || BUSY_SELF.is_match(&plain)) && !looks_inward(s)
        })
        .collect()
}

/// True when a problem gives no concrete form: its headline concedes only "不够" or
/// "有待", and nothing in it names a figure, a case or a concrete failing.
fn disguised(problem: &Problem<'_>) -> bool {
    SOFT.is_match(first_sentence(problem.statement)) && !CONCRETE.is_match(problem.text) && substance(problem.text) == 0
}

/// A passage quoted whole: trimmed, without its closing full stop.
fn quoted(text: &str) -> &str {
    text.trim().trim_end_matches(['。', '；', ';'])
}

/// `problem-unclear` (问题不清): a problem that concedes nothing concrete, one with no
/// cause, or a cause that points only outward.
pub(crate) fn check_problems_clear(sections: &[SectionInput<'_>], findings: &mut Vec<Finding>) {
    let Some(section) = section_of(sections, FocusRole::Problems) else { return };
    let title = section.focus_point.title.as_str();
    let (problems, causes, has_cause_block) = problems_of(section.body);
    let any_cause = has_cause_block || problems.iter().any(|p| p.cause.is_some());
    for problem in &problems {
        let statement = problem.statement;
        let disguised = disguised(problem);
        let no_cause = problem.cause.is_none() && !has_cause_block;
        if disguised || no_cause {
            let mut asks = Vec::new();
            if disguised {
                asks.push("只说了“不够”“有待”，没有具体表现，读来像在说成绩：请写明在哪些事上、哪个支部、哪次工作中表现出来，有什么后果");
            }
            if no_cause {
                asks.push("没有分析原因：请写明产生这个问题的原因，从书记本人主观上找");
            }
            // A problem that concedes nothing, or a section with no cause at all, goes
            // back; a single problem without its cause the reviewer asks about.
            let severity = if disguised || !any_cause { Severity::Error } else { Severity::Warning };
            findings.push(finding_at(
                "problem-unclear",
                severity,
                title,
                quoted(statement),
                format!("问题“{}”{}。", excerpt(statement), asks.join("；")),
            ));
        }
        // Conditions told as facts of the problem ("支部委员3人均为兼职") are no excuse;
        // given as its cause they are.
        let Some(cause) = problem.cause else { continue };
        let outward = outward_sentences(cause);
        if let Some(sentence) = outward.first() {
            // The excuse is the reason given when the cause finds nothing in oneself, or
            // when it comes first; beside one's own faults it is asked about.
            let excuse = !looks_inward(cause) || MAIN.is_match(sentence);
            findings.push(finding_at(
                "problem-unclear",
                if excuse { Severity::Error } else { Severity::Warning },
                title,
                sentence,
                format!(
                    "问题“{}”把原因归于客观条件（“{}”），没有从本人主观上找。\
                     请剖析本人在思想认识、责任落实、工作方法上的原因。",
                    excerpt(statement),
                    OUTWARD.find(sentence).map_or("", |m| m.as_str())
                ),
            ));
        }
    }
    for cause in causes {
        for (index, sentence) in outward_sentences(cause).into_iter().enumerate() {
            let severity = if !looks_inward(cause) || index == 0 && MAIN.is_match(sentence) {
                Severity::Error
            } else {
                Severity::Warning
            };
            findings.push(finding_at(
                "problem-unclear",
                severity,
                title,
                sentence,
                format!(
                    "原因“{}”讲的是客观条件，没有从本人主观上找。请剖析本人在思想认识、责任落实、工作方法上的原因。",
                    excerpt(sentence)
                ),
            ));
        }
    }
}

/// How many problems and measures are paired at most.
pub(crate) const MAX_PAIRED_ITEMS: usize = 60;

/// `repeated-problem` (反复出现): a problem her post already named in an earlier year.
/// A reviewer asks why it came back after its rectification and what is different now.
pub(crate) fn check_repeated(sections: &[SectionInput<'_>], settings: &CheckSettings, findings: &mut Vec<Finding>) {
    if settings.earlier_problems.is_empty() && settings.decided_repeats.is_empty() {
        return;
    }
    let Some(section) = section_of(sections, FocusRole::Problems) else { return };
    let (problems, _, _) = problems_of(section.body);
    let same = |a: &str, b: &str| super::reading::same_problem(a, "", b, "");
    for problem in problems.iter().take(MAX_PAIRED_ITEMS) {
        let statement = quoted(problem.statement);
        // The organizer's word first: a pair she confirmed stands whatever the words, one
        // she dismissed is not raised again.
        let decided = |earlier: &str, confirmed: bool| {
            settings
                .decided_repeats
                .iter()
                .any(|d| d.confirmed == confirmed && d.earlier == earlier && same(statement, &d.problem))
        };
        let confirmed = settings
            .decided_repeats
            .iter()
            .find(|d| d.confirmed && same(statement, &d.problem))
            .map(|d| (d.earlier_year, d.earlier.as_str()));
        let alike = || {
            settings
                .earlier_problems
                .iter()
                .find(|(_, earlier)| same(statement, earlier) && !decided(earlier, false))
                .map(|(year, earlier)| (*year, earlier.as_str()))
        };
        let Some((year, earlier)) = confirmed.or_else(alike) else {
            continue;
        };
        findings.push(finding_at(
            "repeated-problem",
            Severity::Warning,
            &section.focus_point.title,
            statement,
            format!(
                "问题“{}”与 {year} 年指出的“{}”相同或相近（反复出现）。请写明整改后为什么又出现，这次从根子上怎么改。",
                excerpt(statement),
                excerpt(earlier)
            ),
        ));
    }
}

/// A measure that names the problem it answers by its number ("针对问题（二）", "针对第二个问题").
fn referenced_problem(measure: &str) -> Option<usize> {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"针对(?:问题)?(?:（([一二三四五六七八九十])）|第([一二三四五六七八九十])(?:个|条|项)?问题)")
            .expect("valid")
    });
    let captures = REFERENCE.captures(measure)?;
    let numeral = captures.get(1).or_else(|| captures.get(2))?.as_str();
    "一二三四五六七八九十".chars().position(|c| numeral.starts_with(c))
}

/// `measure-unanswered` (措施未回应问题): problems no measure answers, measures that
/// answer no problem, 点评 points and unfinished last-year items the measures leave out.
pub(crate) fn check_measures_answer(
    sections: &[SectionInput<'_>],
    settings: &CheckSettings,
    findings: &mut Vec<Finding>,
) -> Vec<ProblemMeasures> {
    let Some(measures_section) = section_of(sections, FocusRole::Measures) else { return Vec::new() };
    let mut measures = measures_of(measures_section.body);
    if measures.is_empty() {
        return Vec::new(); // missing-section speaks of it
    }
    let mut problems = section_of(sections, FocusRole::Problems).map(|s| problems_of(s.body).0).unwrap_or_default();
    // Every problem is compared with every measure: a text of thousands of tiny items
    // would take seconds at each keystroke. No report lists more than a few dozen.
    problems.truncate(MAX_PAIRED_ITEMS);
    measures.truncate(MAX_PAIRED_ITEMS);
    let unfinished = unfinished_last_year_items(sections, settings);
    let problem_words: Vec<HashSet<[char; 2]>> = problems.iter().map(|p| keywords(p.text)).collect();
    // What a problem is about is said in its headline ("（三）党员教育方式单一"); its details
    // and causes share many everyday words with unrelated measures.
    let problem_titles: Vec<HashSet<[char; 2]>> =
        problems.iter().map(|p| keywords(first_sentence(p.statement))).collect();
    // A measure of the unit's business answers no problem of 党建, whatever words it shares.
    let business: Vec<bool> = measures.iter().map(|m| off_focus_item(m)).collect();
    let measure_words: Vec<HashSet<[char; 2]>> =
        measures.iter().zip(&business).map(|(m, off)| if *off { HashSet::new() } else { keywords(m) }).collect();
    let comment_words: Vec<HashSet<[char; 2]>> = settings.comments.iter().map(|c| keywords(c)).collect();
    let item_words: Vec<HashSet<[char; 2]>> = unfinished.iter().map(|c| keywords(c)).collect();
    let vocabulary = Vocabulary::new(problem_words.iter().chain(&measure_words));
    let answers_problem = |p: usize, m: &HashSet<[char; 2]>| {
        let title = &problem_titles[p];
        // A short headline ("学习不够深入") is answered by its one word of substance.
        (!title.is_empty() && vocabulary.shared(title, m) >= if title.len() <= 3 { 1 } else { 2 })
            || (vocabulary.rare_shared(title, m) >= 1 && vocabulary.shared(&problem_words[p], m) >= 2)
            || vocabulary.shared(&problem_words[p], m) >= 4
    };
    // Two pairs in common say two passages speak of the same thing; for a short
    // passage (a few words once the common ones are out) one is enough.
    let answers = |a: &HashSet<[char; 2]>, b: &HashSet<[char; 2]>| {
        let needed = if a.len().min(b.len()) <= 6 { 1 } else { 2 };
        vocabulary.shared(a, b) >= needed
    };

    let mut measure_used = vec![false; measures.len()];
    let mut problem_answered = vec![false; problems.len()];
    let mut pairing = Vec::new();
    let measures_title = measures_section.focus_point.title.as_str();
    for (index, problem) in problems.iter().enumerate() {
        let answered = &mut problem_answered[index];
        let mut answering = Vec::new();
        for (m, words) in measure_words.iter().enumerate() {
            // Measures are written in the order of the problems: a measure in the same place
            // that shares a word of its own with the problem, and is concrete or speaks of
            // the problem's headline, answers it.
            let same_place = m == index
                && vocabulary.rare_shared(&problem_words[index], words) >= 1
                && (quantities(measures[m]) > 0 || vocabulary.shared(&problem_titles[index], words) >= 1);
            if answers_problem(index, words) || same_place || referenced_problem(measures[m]) == Some(index) {
                *answered = true;
                measure_used[m] = true;
                answering.push(quoted(measures[m]).to_string());
            }
        }
        pairing.push(ProblemMeasures { problem: Some(quoted(problem.statement).to_string()), measures: answering });
        if !*answered {
            let title =
                section_of(sections, FocusRole::Problems).map_or(measures_title, |s| s.focus_point.title.as_str());
            findings.push(finding_at(
                "measure-unanswered",
                Severity::Error,
                title,
                quoted(problem.statement),
                format!(
                    "问题“{}”在下一步措施中没有对应的措施。措施要逐条回应问题：请为它写明怎么改、谁负责、何时完成。",
                    excerpt(problem.statement)
                ),
            ));
        }
    }
    for (comment, words) in settings.comments.iter().zip(&comment_words) {
        // Answered by a measure of its own, or through a problem that takes it up and is answered.
        let mut answered =
            problems.iter().enumerate().any(|(p, _)| answers(words, &problem_words[p]) && problem_answered[p]);
        for (m, measure) in measure_words.iter().enumerate() {
            if answers(words, measure) {
                answered = true;
                measure_used[m] = true;
            }
        }
        if !answered {
            // Nothing at all in common goes back; a word or two in common may be an
            // answer in other words, and the reviewer asks which measure it is.
            let touched = problem_words.iter().chain(&measure_words).any(|other| vocabulary.shared(words, other) > 0);
            findings.push(finding_at(
                "measure-unanswered",
                if touched { Severity::Warning } else { Severity::Error },
                measures_title,
                comment,
                format!(
                    "上级点评指出的“{}”，下一步措施中看不出回应。请针对这条点评写出具体措施，或写明哪条措施回应它。",
                    excerpt(comment)
                ),
            ));
        }
    }
    for (item, words) in unfinished.iter().zip(&item_words) {
        let mut answered = false;
        for (m, measure) in measure_words.iter().enumerate() {
            if answers(words, measure) {
                answered = true;
                measure_used[m] = true;
            }
        }
        if !answered {
            findings.push(finding_at(
                "measure-unanswered",
                Severity::Warning,
                measures_title,
                item,
                format!(
                    "上年度整改事项“{}”还没有完成，下一步措施没有接着安排。请写明后续措施和完成时限。",
                    excerpt(item)
                ),
            ));
        }
    }
    if problems.is_empty() {
        return pairing; // nothing to answer: problems-too-thin or missing-section speaks of it
    }
    for (measure, off) in measures.iter().zip(&business) {
        if *off {
            findings.push(finding_at(
                "measure-unanswered",
                Severity::Error,
                measures_title,
                quoted(measure),
                format!(
                    "措施“{}”是业务工作目标，不是针对党建问题的整改措施。\
                     请改写为本人抓党建要做的事，或移出述职报告。",
                    excerpt(measure)
                ),
            ));
        }
    }
    for ((measure, used), off) in measures.iter().zip(&measure_used).zip(&business) {
        if !used && !off {
            findings.push(finding_at(
                "measure-unanswered",
                Severity::Warning,
                measures_title,
                quoted(measure),
                format!(
                    "措施“{}”与列出的问题对不上，看不出它要解决哪个问题。\
                     请写明针对哪个问题，或把它要解决的问题写进问题部分。",
                    excerpt(measure)
                ),
            ));
        }
    }
    // The measures that answer no problem, under no problem.
    let loose: Vec<String> =
        measures.iter().zip(&measure_used).filter(|(_, used)| !**used).map(|(m, _)| quoted(m).to_string()).collect();
    if !loose.is_empty() {
        pairing.push(ProblemMeasures { problem: None, measures: loose });
    }
    pairing
}

/// Last year's open items the last-year section reports as not yet finished.
fn unfinished_last_year_items<'a>(sections: &[SectionInput<'_>], settings: &'a CheckSettings) -> Vec<&'a str> {
    static UNFINISHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"未完成|尚未|正在|推进中|持续推进|仍在|仍需|还需|未能|部分完成|基本完成|仍有|尚有|未全部")
            .expect("valid")
    });
    let Some(section) = section_of(sections, FocusRole::LastYear) else { return Vec::new() };
    // The sentences that say something is not finished, read once for all the items.
    let unfinished: Vec<HashSet<[char; 2]>> =
        sentences(section.body).iter().filter(|s| UNFINISHED.is_match(s.text)).map(|s| keywords(s.text)).collect();
    if unfinished.is_empty() {
        return Vec::new();
    }
    settings
        .last_year_open_items
        .iter()
        .filter(|item| {
            let words = keywords(item);
            unfinished.iter().any(|s| s.intersection(&words).count() >= 2)
        })
        .map(String::as_str)
        .collect()
}

/// `not-personal`, per section: a section told in the unit's voice, with the secretary
/// herself nowhere or almost nowhere in it.
pub(crate) fn check_personal(sections: &[SectionInput<'_>], settings: &CheckSettings, findings: &mut Vec<Finding>) {
    // Her own name ("责任人：周慧") is her as much as 本人 is.
    let own_name = settings.secretary_name.as_deref().map(str::trim).filter(|n| n.chars().count() >= 2);
    for section in sections {
        if char_count(section.body) < 80 {
            continue;
        }
        let collective = COLLECTIVE.find_iter(section.body).count();
        let personal =
            PERSONAL.find_iter(section.body).count() + own_name.map_or(0, |name| section.body.matches(name).count());
        // Her duty and her problems must be hers: those sections name her; the others
        // at least where they speak of the unit.
        let names_her_nowhere = personal == 0
            && (collective >= 1 || matches!(section.focus_point.role, FocusRole::Achievements | FocusRole::Problems));
        if !(names_her_nowhere || (collective >= 3 && collective > personal * 2)) {
            continue;
        }
        let quote = sentences(section.body)
            .into_iter()
            .find(|s| COLLECTIVE.is_match(s.text) && !PERSONAL.is_match(s.text))
            .or_else(|| sentences(section.body).into_iter().next())
            .map_or(section.body.trim(), |s| s.text);
        let severity = if names_her_nowhere { Severity::Error } else { Severity::Warning };
        findings.push(finding_at(
            "not-personal",
            severity,
            &section.focus_point.title,
            quote,
            if collective == 0 {
                "本节没有一处讲到书记本人（“我”“本人”）。\
                 述职要突出书记个人：写明本人如何谋划、部署、推动、督导，本人的问题和责任。"
                    .to_string()
            } else {
                format!(
                    "本节以单位口吻叙述（“我们”“我院”“支部”“党委”等 {collective} 处），讲书记本人（“我”“本人”）只有 {personal} 处。\
                     述职要突出书记个人：写明本人如何谋划、部署、推动、督导，本人的问题和责任。"
                )
            },
        ));
    }
}
