//! Years of a large campaign, made up: what 历年对比 looks like after ten years of two
//! hundred secretaries, and what the scale benchmark measures.
//!
//! The first year is written as a campaign file would be imported; every later year is
//! made by 沿用上一年度 (so open items carry over as they do for people), then filled in
//! one transaction per year: each secretary's report, her problems with their measures
//! and the measures' progress, one file of evidence; then the paper ballots are entered
//! sheet by sheet and the vote is closed, through the same functions the meeting uses.
//! Everything is drawn from a seeded sequence: the same input gives the same database.

use serde::Serialize;

use crate::domain::{
    Evidence, FocusRole, Organization, Problem, ProblemSource, Rater, RaterCategory, Rectification,
    RectificationStatus, Report, ReportStatus, Responsibility, Secretary, Section, SignOff,
};
use crate::error::{Error, Result};
use crate::exchange;
use crate::meeting::{self, BallotInput};
use crate::planning::{CampaignInput, create_campaign};
use crate::rules::scoring::{Grade, Mark};
use crate::store::{self, Store, campaigns, lists, organizations, reports};

/// How much to make.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScaleInput {
    pub years: u32,
    pub secretaries: u32,
    /// The panel: raters who fill a paper ballot each year.
    pub raters: u32,
    /// Evidence stored per year, in megabytes (one file per secretary).
    pub evidence_megabytes: u32,
    /// The first year; the last is `first_year + years - 1`.
    pub first_year: i32,
}

impl ScaleInput {
    /// Ten years of 200 secretaries, 60 raters and 20 MB of evidence a year, ending last year.
    pub fn ten_years(this_year: i32) -> ScaleInput {
        ScaleInput { years: 10, secretaries: 200, raters: 60, evidence_megabytes: 20, first_year: this_year - 10 }
    }
}

/// What was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScaleSummary {
    /// The campaigns, oldest first.
    pub campaign_ids: Vec<String>,
    pub problems: u32,
    pub measures: u32,
    pub ballots: u32,
    pub evidence_files: u32,
}

const MAX_YEARS: u32 = 30;
const MAX_SECRETARIES: u32 = 1000;
const MAX_RATERS: u32 = 300;
const MAX_EVIDENCE_MEGABYTES: u32 = 200;

const ORGANIZER: &str = "中共市卫生健康委员会委员会";

fn check_input(input: &ScaleInput) -> Result<()> {
    let within = |value: u32, max: u32, what: &str| -> Result<()> {
        if value == 0 && what != "每年佐证材料（MB）" || value > max {
            return Err(Error::Invalid {
                message: format!("{what}为 {value}，超出范围：请填写 1 到 {max} 之间的整数（佐证材料可为 0）。"),
            });
        }
        Ok(())
    };
    within(input.years, MAX_YEARS, "年数")?;
    within(input.secretaries, MAX_SECRETARIES, "书记人数")?;
    within(input.raters, MAX_RATERS, "测评人数")?;
    within(input.evidence_megabytes, MAX_EVIDENCE_MEGABYTES, "每年佐证材料（MB）")?;
    if !(2000..=2100).contains(&input.first_year) {
        return Err(Error::Invalid {
            message: format!("起始年度 {} 无效，请填写 2000 到 2100 之间的年份。", input.first_year),
        });
    }
    Ok(())
}

/// A seeded sequence (SplitMix64): the same years every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
];
const GIVEN: [&str; 30] = [
    "建华", "秀兰", "志强", "海燕", "国平", "丽娟", "卫东", "晓红", "文杰", "春梅", "振宇", "慧敏", "立新", "雪梅",
    "永刚", "桂芳", "明辉", "静怡", "德胜", "玉兰", "宏伟", "晓燕", "俊峰", "美玲", "红军", "淑珍", "家豪", "燕萍",
    "少华", "月娥",
];

fn person(n: usize) -> String {
    format!("{}{}", SURNAMES[n % SURNAMES.len()], GIVEN[(n / SURNAMES.len() + n * 7) % GIVEN.len()])
}

/// The units: hospitals, township health centres, public-health institutes and the
/// commission's own branches, in turn.
fn unit_of(n: usize) -> (String, String, String) {
    let number = n / 4 + 1;
    match n % 4 {
        0 => (format!("中共市第{number}人民医院委员会"), format!("市第{number}人民医院"), "党委书记".into()),
        1 => (format!("中共第{number}卫生院支部委员会"), format!("第{number}乡镇卫生院"), "党支部书记".into()),
        2 => (format!("中共市第{number}专科医院总支部委员会"), format!("市第{number}专科医院"), "党总支书记".into()),
        _ => (format!("市卫健委机关第{number}党支部"), "市卫生健康委员会机关".into(), "机关党支部书记".into()),
    }
}

/// The problems a secretary may name (category, what, her own cause), each with the
/// measures that answer it.
const PROBLEMS: [(&str, &str, &str); 12] = [
    ("组织建设", "对支部“三会一课”督促检查不够，全年有{n}个支部组织生活记录不全", "本人重部署轻检查，督导停留在听汇报"),
    ("思想建设", "理论学习中心组学习研讨不深，{n}次集中学习以读文件为主", "本人对学习质量把关不严，满足于完成次数"),
    (
        "党建与业务融合",
        "党建与业务融合不紧，{n}个临床科室党支部主题党日与业务脱节",
        "本人抓融合的思路办法不多，研究具体措施少",
    ),
    ("党风廉政", "医药领域廉洁风险排查不细，{n}个重点岗位风险点未更新", "本人落实“一岗双责”有松懈，日常监督不够"),
    ("作风建设", "深入支部调研不够，全年到联系点仅{n}次", "本人存在以会议落实会议的倾向"),
    ("组织建设", "发展党员工作不均衡，{n}个支部连续两年未发展党员", "本人对高知群体发展党员工作研究不够"),
    ("组织建设", "支部书记培训覆盖不全，{n}名新任支部书记未参加轮训", "本人对支部书记队伍建设谋划不够"),
    ("思想建设", "意识形态工作责任制落实不到位，{n}次风险研判流于形式", "本人对意识形态工作重要性认识不足"),
    ("党风廉政", "对关键少数监督不够有力，约谈提醒仅{n}人次", "本人抹不开面子，存在老好人思想"),
    ("作风建设", "为基层减负措施落实不到位，{n}项报表仍重复填报", "本人对形式主义问题整治不坚决"),
    ("党建与业务融合", "党员先锋岗作用发挥不明显，{n}个岗位未开展服务承诺", "本人对党员示范作用的考核激励不够"),
    ("组织建设", "党费收缴使用管理不规范，{n}个支部党费台账不完整", "本人对基础工作重视不够，检查不细"),
];

const MEASURES: [(&str, &str); 3] = [
    ("制定专项整改方案，逐支部建立问题台账，每季度督查一次", "问题台账全部销号"),
    ("本人每季度到联系支部参加组织生活，现场指导整改", "全年到联系支部不少于4次"),
    ("将整改情况纳入支部书记述职评议和年度考核", "考核结果通报全委"),
];

const OWNERS: [&str; 4] = ["党委办公室主任", "组织科科长", "纪检监察室主任", "支部书记"];

const ACHIEVEMENTS: [&str; 8] = [
    "本人认真履行抓基层党建第一责任人职责，全年主持召开党委会{a}次，专题研究党建工作{b}次，审定“三重一大”事项{c}项。",
    "坚持书记带头讲党课，本人全年讲党课{a}次，到联系支部参加组织生活{b}次，开展谈心谈话{c}人次。",
    "推进“党支部建在科室上”，支部由{a}个调整为{b}个，“双带头人”比例提高到{c}%。",
    "组织开展党员先锋岗创建，设立党员示范岗{a}个，组建党员服务队{b}支，开展义诊{c}场。",
    "落实全面从严治党主体责任，签订党风廉政建设责任书{a}份，约谈提醒{b}人次，整改问题{c}个。",
    "抓实发展党员工作，全年发展党员{a}名，其中高知群体{b}名，培养入党积极分子{c}名。",
    "开展支部书记轮训{a}期，培训{b}人次，组织支部书记抓党建述职{c}人。",
    "推动党建与业务融合，确定党建引领业务攻坚项目{a}个，完成{b}个，群众满意度达到{c}%。",
];

fn fill(template: &str, draw: &mut Draw) -> String {
    let mut text = template.to_string();
    for key in ["{a}", "{b}", "{c}", "{n}"] {
        if text.contains(key) {
            text = text.replacen(key, &(2 + draw.below(60)).to_string(), 1);
        }
    }
    text
}

const CHINESE_NUMBERS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// Makes `input` in an empty database: every year's campaign, filled, voted and closed.
pub fn generate(store: &mut Store, input: &ScaleInput, actor: &str) -> Result<ScaleSummary> {
    check_input(input)?;
    crate::workstation::refuse_unless_organizer(store.conn(), "生成规模示例")?;
    if !campaigns::list_campaigns(store.conn())?.is_empty() {
        return Err(Error::Conflict {
            message: "数据库中已有年度述职评议：规模示例只生成在新的数据库文件中，以免与真实数据混在一起。\
                      请用 --db 指定一个新文件后再运行。"
                .into(),
        });
    }
    let mut draw = Draw(0x5EED_2026 ^ u64::from(input.secretaries) << 20 ^ u64::from(input.years));
    // How well each post does, drifting from year to year.
    let mut quality: Vec<f64> = (0..input.secretaries).map(|_| draw.unit()).collect();
    let mut summary =
        ScaleSummary { campaign_ids: Vec::new(), problems: 0, measures: 0, ballots: 0, evidence_files: 0 };
    for k in 0..input.years {
        let year = input.first_year + k as i32;
        let campaign_id = match summary.campaign_ids.last() {
            None => first_year(store, input, year, actor)?,
            Some(previous) => {
                let made = create_campaign(
                    store,
                    &CampaignInput {
                        year,
                        title: title(year),
                        organizer: ORGANIZER.into(),
                        meeting_date: format!("{}-01-18", year + 1),
                        earlier_year_confirmed: true,
                    },
                    Some(previous),
                    actor,
                )?;
                made.campaign_id
            }
        };
        let last = k + 1 == input.years;
        fill_year(store, &campaign_id, year, last, input, &mut draw, &mut summary)?;
        for q in &mut quality {
            *q = (*q + (draw.unit() - 0.5) * 0.3).clamp(0.0, 1.0);
        }
        summary.ballots += vote(store, &campaign_id, &quality, &mut draw, actor)?;
        summary.campaign_ids.push(campaign_id);
    }
    Ok(summary)
}

fn title(year: i32) -> String {
    format!("市卫健委党委{year}年度基层党组织书记抓基层党建工作述职评议")
}

/// The first year: the sample's settings and panel categories, the posts and the raters,
/// written as an imported campaign file (checked whole by the same reading).
fn first_year(store: &mut Store, input: &ScaleInput, year: i32, actor: &str) -> Result<String> {
    let mut document = exchange::parse_document("sample", super::SAMPLE_CAMPAIGN_JSON.as_bytes())?;
    let id = format!("scale-{year}");
    document.campaign.id = id.clone();
    document.campaign.year = year;
    document.campaign.title = title(year);
    document.campaign.meeting_date = Some(format!("{}-01-18", year + 1));
    document.campaign.created_at = format!("{year}-11-20T09:00:00+08:00");
    for point in &mut document.campaign.focus_points {
        point.id = point.id.replace("2023", &year.to_string());
    }
    let root = Organization { id: format!("{id}-root"), ..document.organizations[0].clone() };
    document.organizations = vec![root.clone()];
    document.secretaries.clear();
    for n in 0..input.secretaries as usize {
        let (name, unit, post) = unit_of(n);
        let org_id = format!("{id}-org-{n}");
        document.organizations.push(Organization {
            id: org_id.clone(),
            parent_id: Some(root.id.clone()),
            name,
            kind: document.organizations[0].kind,
            unit,
        });
        document.secretaries.push(Secretary {
            id: format!("{id}-sec-{n}"),
            organization_id: org_id,
            name: person(n),
            title: post,
        });
    }
    // The panel: the sample's categories, sized in proportion to their weights.
    let categories = document.rater_categories.clone();
    let total_weight: u32 = categories.iter().map(|c| c.weight_percent).sum::<u32>().max(1);
    let mut left = input.raters;
    document.rater_categories = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let size = if i + 1 == categories.len() {
                left
            } else {
                (input.raters * c.weight_percent / total_weight).max(1).min(left)
            };
            left -= size;
            RaterCategory { id: format!("{id}-{}", c.id), planned_size: size, ..c.clone() }
        })
        .collect();
    document.raters = document
        .rater_categories
        .iter()
        .flat_map(|c| {
            (0..c.planned_size).map(|n| Rater {
                id: format!("{}-{n}", c.id),
                category_id: c.id.clone(),
                name: person(n as usize * 11 + 3),
                affiliation: c.name.clone(),
            })
        })
        .collect();
    for version in &mut document.rules_versions {
        version.created_at = document.campaign.created_at.clone();
    }
    document.keep_only_settings();
    // Through the file reading, so the made-up year passes the checks a real file passes.
    let bytes = serde_json::to_vec(&document).map_err(|e| Error::Invalid { message: e.to_string() })?;
    let document = exchange::parse_document("规模示例", &bytes)?;
    exchange::import_document(store, "规模示例", &document, actor)?;
    Ok(id)
}

/// A date `days` after (or before) `date`.
fn shifted(date: &str, days: i64) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| (d + chrono::Duration::days(days)).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| date.to_string())
}

/// One year's reports, problems, measures, their progress and evidence, in one transaction.
fn fill_year(
    store: &mut Store,
    campaign_id: &str,
    year: i32,
    last: bool,
    input: &ScaleInput,
    draw: &mut Draw,
    summary: &mut ScaleSummary,
) -> Result<()> {
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let secretaries = organizations::list_secretaries(store.conn(), campaign_id)?;
    let carried = lists::list_rectifications(store.conn(), campaign_id)?;
    let carried_problems = lists::list_problems(store.conn(), campaign_id)?;
    let point = |role: FocusRole| {
        campaign.focus_points.iter().find(|p| p.role == role).map(|p| p.id.clone()).unwrap_or_default()
    };
    let evidence_size = (u64::from(input.evidence_megabytes) << 20) / u64::from(input.secretaries).max(1);
    let levels = campaign.review_levels.len() as u32;
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    let tx = store.begin_write()?;
    // Carried measures: most are finished late this year, the rest go on.
    for measure in &carried {
        if measure.due.as_deref().is_some_and(|due| due < today.as_str()) && draw.unit() < 0.7 {
            lists::sign_off(
                &tx,
                &measure.id,
                &SignOff {
                    date: format!("{}-{:02}-15", year + 1, 1 + draw.below(6)),
                    verifier: "委党办".into(),
                    evidence: "整改台账及现场抽查记录".into(),
                },
            )?;
        }
    }
    let mut problem_position = store::next_position(&tx, store::Positioned::Problems)?;
    let mut measure_position = store::next_position(&tx, store::Positioned::Rectifications)?;
    let mut responsibility_position = store::next_position(&tx, store::Positioned::Responsibilities)?;
    for (n, secretary) in secretaries.iter().enumerate() {
        // A new holder of the post now and then.
        if year > input.first_year && draw.unit() < 0.08 {
            organizations::update_secretary(
                &tx,
                &secretary.id,
                &person(n + 37 * (year as usize % 17)),
                &secretary.title,
            )?;
        }
        let mut problems_text = String::new();
        let mut measures_text = String::new();
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < 5 {
            let p = draw.below(PROBLEMS.len());
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        for (i, p) in chosen.iter().enumerate() {
            let (category, what, cause) = PROBLEMS[*p];
            let description = fill(what, draw);
            let source = match i {
                0..=2 => ProblemSource::SelfReview,
                3 => ProblemSource::SuperiorComment,
                _ => *draw.pick(&[ProblemSource::PanelReview, ProblemSource::ReviewComment]),
            };
            let problem_id = format!("{campaign_id}-p-{n}-{i}");
            lists::insert_problem(
                &tx,
                problem_position,
                &Problem {
                    id: problem_id.clone(),
                    secretary_id: secretary.id.clone(),
                    source,
                    category: category.into(),
                    description: description.clone(),
                    cause: cause.into(),
                    created_at: format!("{year}-12-{:02}T10:00:00+08:00", 5 + i),
                    origin: None,
                },
            )?;
            problem_position += 1;
            lists::insert_responsibility(
                &tx,
                responsibility_position,
                &Responsibility {
                    id: format!("{problem_id}-r"),
                    problem_id: problem_id.clone(),
                    owner: secretary.name.clone(),
                    leader: secretary.name.clone(),
                    department: (*draw.pick(&["党委办公室", "组织科", "纪检监察室"])).into(),
                },
            )?;
            responsibility_position += 1;
            problems_text.push_str(&format!("（{}）{}。主要原因：{}。\n", CHINESE_NUMBERS[i], description, cause));
            for (j, (measure, target)) in MEASURES.iter().enumerate() {
                let due = format!("{}-{}", year + 1, ["03-31", "06-30", "12-31"][j]);
                let owner = *draw.pick(&OWNERS);
                let roll = draw.unit();
                // Measures due after today are still being worked on; those due before
                // were mostly finished, some late, some not at all.
                let (status, sign_off) = if due.as_str() > today.as_str() {
                    match roll {
                        r if r < 0.2 => (RectificationStatus::Done, None),
                        r if r < 0.7 => (RectificationStatus::InProgress, None),
                        _ => (RectificationStatus::NotStarted, None),
                    }
                } else {
                    match roll {
                        r if r < 0.68 => (
                            RectificationStatus::Done,
                            Some(SignOff {
                                date: shifted(&due, -(draw.below(60) as i64) - 1),
                                verifier: "委党办".into(),
                                evidence: "整改台账".into(),
                            }),
                        ),
                        r if r < 0.8 => (
                            RectificationStatus::Done,
                            Some(SignOff {
                                date: shifted(&due, draw.below(90) as i64 + 1),
                                verifier: "委党办".into(),
                                evidence: "整改台账".into(),
                            }),
                        ),
                        r if r < 0.87 => (RectificationStatus::Done, None),
                        r if r < 0.93 => (RectificationStatus::Ongoing, None),
                        _ => (RectificationStatus::InProgress, None),
                    }
                };
                lists::insert_rectification(
                    &tx,
                    measure_position,
                    &Rectification {
                        id: format!("{problem_id}-m-{j}"),
                        problem_id: problem_id.clone(),
                        measure: (*measure).into(),
                        target: (*target).into(),
                        owner: owner.into(),
                        due: Some(due.clone()),
                        status,
                        sign_off,
                    },
                )?;
                measure_position += 1;
                measures_text.push_str(&format!(
                    "{}.针对第{}个问题，{}，目标：{}，责任人：{}，{}前完成。\n",
                    i * 3 + j + 1,
                    CHINESE_NUMBERS[i],
                    measure,
                    target,
                    owner,
                    due
                ));
            }
            summary.problems += 1;
            summary.measures += 3;
        }
        let mut achievements = format!("{year}年，");
        for template in ACHIEVEMENTS.iter().skip(draw.below(3)).take(6) {
            achievements.push_str(&fill(template, draw));
            achievements.push('\n');
        }
        let mine: Vec<&Problem> = carried_problems.iter().filter(|p| p.secretary_id == secretary.id).collect();
        let last_year = if year == input.first_year {
            "上年度未开展述职评议，无反馈问题。".to_string()
        } else if mine.is_empty() {
            format!("上年度反馈问题{}条，已全部整改销号，整改台账已报委党办备案。", 3 + draw.below(3))
        } else {
            format!(
                "上年度反馈问题中，仍有{}条未整改完成，已转入本年度问题清单持续整改：{}。",
                mine.len(),
                mine.iter().map(|p| p.description.as_str()).collect::<Vec<_>>().join("；")
            )
        };
        let status = if !last {
            ReportStatus::Approved
        } else {
            *draw.pick(&[ReportStatus::Approved, ReportStatus::Approved, ReportStatus::Submitted, ReportStatus::Draft])
        };
        let report_id = format!("{campaign_id}-rep-{n}");
        reports::insert_report(
            &tx,
            &Report {
                id: report_id.clone(),
                secretary_id: secretary.id.clone(),
                status,
                review_level: if status == ReportStatus::Approved { levels.saturating_sub(1) } else { 0 },
                updated_at: format!("{year}-12-20T16:00:00+08:00"),
                sections: vec![
                    Section { focus_point_id: point(FocusRole::Achievements), body: achievements },
                    Section { focus_point_id: point(FocusRole::Problems), body: problems_text },
                    Section { focus_point_id: point(FocusRole::Measures), body: measures_text },
                    Section { focus_point_id: point(FocusRole::LastYear), body: last_year },
                ],
            },
        )?;
        if evidence_size > 0 {
            // Not compressible, as a scanned record is not; different in every file.
            let mut bytes = b"%PDF-1.4\n%".to_vec();
            bytes.reserve(evidence_size as usize);
            while (bytes.len() as u64) < evidence_size {
                bytes.extend_from_slice(&draw.next().to_le_bytes());
            }
            bytes.truncate(evidence_size as usize);
            let sha256 = crate::report::evidence::sha256_hex(&bytes);
            crate::report::evidence::write_evidence(
                &tx,
                &Evidence {
                    id: format!("{report_id}-e"),
                    report_id: report_id.clone(),
                    focus_point_id: Some(point(FocusRole::Achievements)),
                    problem_id: None,
                    file_name: format!("{year}年度党委会会议记录.pdf"),
                    media_type: "application/pdf".into(),
                    size_bytes: evidence_size,
                    sha256,
                    description: "全年党委会议题和决定事项".into(),
                    added_at: format!("{year}-12-10T15:00:00+08:00"),
                },
                &bytes,
            )?;
            summary.evidence_files += 1;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Prints the year's sheets, enters one paper ballot per sheet and closes the vote;
/// returns how many ballots were entered.
fn vote(store: &mut Store, campaign_id: &str, quality: &[f64], draw: &mut Draw, actor: &str) -> Result<u32> {
    let sheets = meeting::ensure_sheets(store, campaign_id, actor)?;
    let (agenda, _) = meeting::agenda(store, campaign_id)?;
    let secretaries = organizations::list_secretaries(store.conn(), campaign_id)?;
    let place: std::collections::HashMap<&str, usize> =
        secretaries.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    for sheet in &sheets {
        let marks = agenda
            .iter()
            .map(|item| {
                let q = place.get(item.secretary_id.as_str()).and_then(|i| quality.get(*i)).copied().unwrap_or(0.5);
                let roll = draw.unit();
                // The weakest posts draw mostly 较好 and 一般; the rest mostly 好 and 较好.
                let (good, fairly_good, fair) = if q < 0.1 { (0.05, 0.45, 0.92) } else { (0.15 + 0.8 * q, 0.9, 0.99) };
                Mark::Grade(if roll < good {
                    Grade::Good
                } else if roll < fairly_good {
                    Grade::FairlyGood
                } else if roll < fair {
                    Grade::Fair
                } else {
                    Grade::Poor
                })
            })
            .collect();
        meeting::enter_ballot(
            store,
            campaign_id,
            &BallotInput {
                serial: sheet.serial.clone(),
                category_id: None,
                marks,
                dimension_marks: Vec::new(),
                suggestions: String::new(),
                duplicate: false,
            },
            actor,
        )?;
    }
    meeting::close_vote(store, campaign_id, actor, None)?;
    Ok(sheets.len() as u32)
}
