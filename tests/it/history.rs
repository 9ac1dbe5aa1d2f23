//! 历年对比 on three years lived one after the other: the sample year, and two years
//! made from it by 沿用上一年度, each voted and closed; the post of 郑晓燕 (机关第三党支部
//! of the sample) rated 好, then 一般 twice, and held by someone else in the third year.

use chrono::NaiveDate;
use shuzhi::Store;
use shuzhi::domain::Grade;
use shuzhi::history::{campaigns_history, organization_history, secretary_history};
use shuzhi::lists::items::{MeasureInput, ProblemInput, add_measure, add_problem, problem_items};
use shuzhi::meeting;
use shuzhi::planning::{CampaignInput, create_campaign};
use shuzhi::store::organizations;

use crate::SAMPLE_ID;

/// The post followed through the years: the sample's 郑晓燕.
const POST_SECRETARY: &str = "sec-jg";
const TODAY: &str = "2026-12-04";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// The organization (name, unit) of the followed post.
fn post(store: &Store) -> (String, String) {
    let secretary = organizations::list_secretaries(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|s| s.id == POST_SECRETARY)
        .unwrap();
    let org = organizations::list_organizations(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|o| o.id == secretary.organization_id)
        .unwrap();
    (org.name, org.unit)
}

/// The secretary holding the post in a campaign.
fn holder(store: &Store, campaign_id: &str) -> String {
    let (name, unit) = post(store);
    let org = organizations::list_organizations(store.conn(), campaign_id)
        .unwrap()
        .into_iter()
        .find(|o| o.name == name && o.unit == unit)
        .unwrap();
    organizations::list_secretaries(store.conn(), campaign_id)
        .unwrap()
        .into_iter()
        .find(|s| s.organization_id == org.id)
        .unwrap()
        .id
}

/// Every printed sheet marks everyone 好 and the post `mark`; the vote is closed.
fn vote(store: &mut Store, campaign_id: &str, mark: char) {
    let (name, unit) = post(store);
    let org_id = organizations::list_organizations(store.conn(), campaign_id)
        .unwrap()
        .into_iter()
        .find(|o| o.name == name && o.unit == unit)
        .unwrap()
        .id;
    vote_holder(store, campaign_id, &org_id, mark);
}

fn next_year(store: &mut Store, year: i32, from: &str) -> String {
    let input = CampaignInput {
        year,
        title: format!("市卫健委党委{year}年度基层党组织书记抓基层党建工作述职评议"),
        organizer: "中共市卫生健康委员会委员会".into(),
        meeting_date: String::new(),
        earlier_year_confirmed: false,
    };
    create_campaign(store, &input, Some(from), "测试").unwrap().campaign_id
}

/// Three years: 2023 好; 2024 一般; 2025 一般 under a new secretary, with a problem of her
/// own whose two measures are one signed off in time and one open past its deadline.
fn three_years() -> (Store, String, String) {
    three_years_with(None)
}

/// The three years, the post's organization renamed `renamed` in the third when given (as
/// an organization renamed between two meetings is).
fn three_years_with(renamed: Option<&str>) -> (Store, String, String) {
    let mut store = crate::sample_store();
    // A problem of the post in the first year, never given a measure: carried on each year.
    add_problem(
        &mut store,
        POST_SECRETARY,
        &ProblemInput {
            category: "组织建设".into(),
            description: "本人督促检查不够，全年只检查2次".into(),
            cause: "重部署轻检查".into(),
        },
        "测试",
    )
    .unwrap();
    vote(&mut store, SAMPLE_ID, '1');
    let second = next_year(&mut store, 2024, SAMPLE_ID);
    vote(&mut store, &second, '3');
    let third = next_year(&mut store, 2025, &second);
    let new_holder = holder(&store, &third);
    let renamed_org = renamed.map(|name| {
        let org_id = organizations::list_secretaries(store.conn(), &third)
            .unwrap()
            .into_iter()
            .find(|s| s.id == new_holder)
            .unwrap()
            .organization_id;
        let org = organizations::list_organizations(store.conn(), &third)
            .unwrap()
            .into_iter()
            .find(|o| o.id == org_id)
            .unwrap();
        let input = shuzhi::planning::OrganizationInput {
            name: name.to_string(),
            kind: org.kind,
            unit: org.unit,
            parent_id: org.parent_id,
        };
        shuzhi::planning::update_organization(&mut store, &org_id, &input, "测试").unwrap();
        org_id
    });
    let title = organizations::list_secretaries(store.conn(), &third)
        .unwrap()
        .into_iter()
        .find(|s| s.id == new_holder)
        .unwrap()
        .title;
    shuzhi::planning::update_secretary(
        &mut store,
        &new_holder,
        &shuzhi::planning::SecretaryInput { name: "林小梅".into(), title },
        "测试",
    )
    .unwrap();
    let problem = add_problem(
        &mut store,
        &new_holder,
        &ProblemInput {
            category: "组织建设".into(),
            description: "本人督促检查不够".into(),
            cause: "重部署轻检查".into(),
        },
        "测试",
    )
    .unwrap();
    let measure = |text: &str, due: &str| MeasureInput {
        measure: text.into(),
        target: "每季度检查1次".into(),
        owner: "林小梅".into(),
        due: due.into(),
    };
    add_measure(&mut store, &problem, &measure("建立督查台账", "2025-06-30"), "测试").unwrap();
    add_measure(&mut store, &problem, &measure("每季度专项检查", "2025-09-30"), "测试").unwrap();
    let measures = problem_items(&store, &new_holder).unwrap()[0].measures.clone();
    shuzhi::lists::sign_off(&mut store, &measures[0].rectification_id, "2025-06-20", "孟晓东", "督查台账", "测试")
        .unwrap();
    match renamed_org {
        // The vote reads the post by its name: the renamed one is voted by its id.
        Some(org_id) => vote_holder(&mut store, &third, &org_id, '3'),
        None => vote(&mut store, &third, '3'),
    }
    (store, second, third)
}

/// `vote`, the followed post known by its organization's id.
fn vote_holder(store: &mut Store, campaign_id: &str, org_id: &str, mark: char) {
    let sheets = meeting::ensure_sheets(store, campaign_id, "测试").unwrap();
    let followed = organizations::list_secretaries(store.conn(), campaign_id)
        .unwrap()
        .into_iter()
        .find(|s| s.organization_id == org_id)
        .unwrap()
        .id;
    let (agenda, _) = meeting::agenda(store, campaign_id).unwrap();
    let marks: String = agenda.iter().map(|a| if a.secretary_id == followed { mark } else { '1' }).collect();
    for sheet in &sheets {
        meeting::enter_ballot(store, campaign_id, &crate::meeting::ballot(&sheet.serial, &marks), "测试").unwrap();
    }
    meeting::close_vote(store, campaign_id, "测试", None).unwrap();
}

#[test]
fn a_posts_years_are_side_by_side_whoever_held_it() {
    let (store, _, third) = three_years();
    let history = secretary_history(&store, &holder(&store, &third), today()).unwrap();
    let years: Vec<i32> = history.years.iter().map(|y| y.year).collect();
    assert_eq!(years, vec![2023, 2024, 2025]);
    let names: Vec<&str> = history.years.iter().map(|y| y.secretary_name.as_deref().unwrap()).collect();
    assert_eq!(names, vec!["郑晓燕", "郑晓燕", "林小梅"], "the post, across a change of secretary");
    let grades: Vec<Option<Grade>> = history.years.iter().map(|y| y.grade).collect();
    assert_eq!(grades, vec![Some(Grade::Good), Some(Grade::Fair), Some(Grade::Fair)]);
    // Every valid vote 好 in 2023, none in the two years after.
    let good: Vec<Option<f64>> = history.years.iter().map(|y| y.good_percent).collect();
    assert_eq!(good, vec![Some(100.0), Some(0.0), Some(0.0)]);
    // The third year's own problem: two measures, one signed off before its deadline, one
    // open and past it (2025-09-30 before 2026-12-04).
    let third_year = &history.years[2];
    // Her own problem, and the first year's carried on through the second.
    assert_eq!(third_year.problems.self_review, 2);
    assert_eq!(third_year.problems.total(), 2);
    // Her own one names again what the post named in 2023: 反复出现. The carried one is
    // the same problem still open, not a repeat.
    let repeated: Vec<u32> = history.years.iter().map(|y| y.repeated).collect();
    assert_eq!(repeated, vec![0, 0, 1]);
    let r = &third_year.rectified;
    assert_eq!((r.measures, r.closed_on_time, r.closed_late, r.open, r.overdue), (2, 1, 0, 1, 1));
    // The carried problem has no measure: an open item, as the overview counts it. One of
    // three items finished.
    assert_eq!(r.no_measure, 1);
    assert_eq!(r.completion_percent, Some(33.3));
    // The report of the sample year is checked; the later years have none yet.
    assert!(history.years[0].report_chars.is_some());
    assert_eq!((history.years[1].report_chars, history.years[2].report_chars), (None, None));
    // The organization gives the same years.
    let by_organization = organization_history(&store, &third_year.organization_id, today()).unwrap();
    assert_eq!(by_organization, history);
}

#[test]
fn the_campaign_across_years_counts_grades_and_finds_the_posts_that_slip() {
    let (store, _, _) = three_years();
    let history = campaigns_history(&store, "中共市卫生健康委员会委员会", today()).unwrap();
    let grades: Vec<Vec<u32>> = history.years.iter().map(|y| y.grades.clone()).collect();
    // Ten secretaries a year, everyone 好 but the followed post in 2024 and 2025.
    assert_eq!(grades, vec![vec![10, 0, 0, 0], vec![9, 0, 1, 0], vec![9, 0, 1, 0]]);
    let shares: Vec<Option<f64>> = history.years.iter().map(|y| y.good_share_percent).collect();
    assert_eq!(shares, vec![Some(100.0), Some(90.0), Some(90.0)]);
    let (name, unit) = post(&store);
    assert_eq!(history.slipping.len(), 1);
    assert_eq!(
        (history.slipping[0].organization.as_str(), history.slipping[0].unit.as_str()),
        (name.as_str(), unit.as_str())
    );
    let years: Vec<(i32, Grade)> = history.slipping[0].years.iter().map(|y| (y.year, y.grade)).collect();
    assert_eq!(years, vec![(2024, Grade::Fair), (2025, Grade::Fair)]);
    // The third year's measures include the two of the new secretary's problem.
    let third = &history.years[2];
    assert!(third.rectified.measures >= 2 && third.rectified.closed_on_time >= 1);
    // Overdue, each open measure once: the sample's four still open (due in 2024), carried
    // through 2024 into 2025 and counted only where they go on, and the new secretary's
    // (due 2025-09-30, 430 days before the day asked).
    let o = &history.overdue;
    assert_eq!((o.up_to_30_days, o.up_to_90_days, o.up_to_180_days, o.over_180_days), (0, 0, 0, 5));
    // Each year's completion is the overview's and the lists', to the decimal (长期坚持
    // finished, a problem without a measure open): one rate, never 67% on the overview
    // beside 67.7% here.
    for year in &history.years {
        let dashboard = shuzhi::dashboard::campaign_dashboard(&store, &year.campaign_id, today()).unwrap();
        let rate = year.rectified.completion_percent.unwrap_or(0.0);
        assert_eq!(dashboard.completion_percent, rate, "{} 年", year.year);
        let lists = shuzhi::lists::build_lists(&store, &year.campaign_id, None, today()).unwrap();
        assert_eq!(lists.completion_percent, rate, "{} 年", year.year);
    }
}

#[test]
fn a_year_not_yet_closed_shows_no_grade() {
    // No count, score or grade leaves the program before closing.
    let store = crate::sample_store();
    let history = secretary_history(&store, POST_SECRETARY, today()).unwrap();
    assert_eq!(history.years.len(), 1);
    let year = &history.years[0];
    assert_eq!((year.grade, year.good_percent, year.score, year.rank), (None, None, None, None));
    assert_eq!(year.result, "测评未结束");
    let campaigns = campaigns_history(&store, "中共市卫生健康委员会委员会", today()).unwrap();
    assert_eq!(campaigns.years[0].grades, vec![0, 0, 0, 0]);
    assert!(!campaigns.years[0].results_final);
}

#[test]
fn a_problem_named_again_is_found_with_both_years_wording() {
    let (store, second, third) = three_years();
    let found = shuzhi::history::repeated_problems(&store, &third).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].description, "本人督促检查不够");
    let earlier: Vec<(i32, &str)> = found[0].earlier.iter().map(|e| (e.year, e.description.as_str())).collect();
    assert_eq!(earlier, vec![(2023, "本人督促检查不够，全年只检查2次")]);
    assert!(shuzhi::history::repeated_problems(&store, &second).unwrap().is_empty(), "carried is not repeated");
    let history = campaigns_history(&store, "中共市卫生健康委员会委员会", today()).unwrap();
    let repeated: Vec<u32> = history.years.iter().map(|y| y.repeated).collect();
    assert_eq!(repeated, vec![0, 0, 1]);
    // Her report's check says so, quoting her problem and the 2023 wording.
    let mut store = store;
    let her = holder(&store, &third);
    let report = shuzhi::report::start_report(&mut store, &her, "林小梅").unwrap();
    shuzhi::report::rewrite_sections_from_items(&mut store, &report, "林小梅").unwrap();
    let check = shuzhi::report::check_stored_report(&store, &report).unwrap();
    let repeat: Vec<&shuzhi::rules::checks::Finding> =
        check.findings.iter().filter(|f| f.rule == "repeated-problem").collect();
    assert!(
        repeat
            .iter()
            .any(|f| f.quote.as_deref().is_some_and(|q| q.ends_with("本人督促检查不够"))
                && f.message.contains("2023 年")),
        "{:?}",
        check.findings
    );
}

/// The 历年对比 PDF and workbook carry the figures of the page: the grades of each year,
/// the share of 好, the slipping post and the overdue measures; a year not closed shows 待定.
#[test]
fn the_campaign_across_years_exports_the_same_figures_as_pdf_and_excel() {
    use calamine::{Data, Reader, Xlsx};
    let (store, _, _) = three_years();
    let history = campaigns_history(&store, "中共市卫生健康委员会委员会", today()).unwrap();
    let pdf = shuzhi::history::export::campaigns_history_pdf(&history, today()).unwrap();
    assert_eq!(pdf.file_name, "中共市卫生健康委员会委员会历年述职评议对比.pdf");
    let text = crate::pdf_text::pdf_text(&pdf.bytes, crate::pdf_text::Layout::Raw);
    let flat: String = text.split_whitespace().collect();
    for expected in ["历年述职评议对比", "截至2026年12月4日", "100.0%", "90.0%", "2024年一般2025年一般", "一、等次分布"]
    {
        assert!(flat.contains(expected), "{expected} in the PDF: {flat}");
    }
    let (name, _) = post(&store);
    assert!(flat.contains(&name.split_whitespace().collect::<String>()), "the slipping post named");

    let workbook = shuzhi::history::export::campaigns_history_xlsx(&history, today()).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(workbook.bytes)).unwrap();
    let grades = book.worksheet_range("等次分布").unwrap();
    let rows: Vec<Vec<String>> = grades
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[1], ["2023", "10", "0", "0", "0", "100", "0"]);
    assert_eq!(rows[2][..6], ["2024", "9", "0", "1", "0", "90"]);
    let overdue = book.worksheet_range("逾期").unwrap();
    assert_eq!(overdue.get((1, 3)), Some(&Data::Float(5.0)), "five open past 180 days");

    // Before the first year's vote is closed: 待定, no figure.
    let store = crate::sample_store();
    let open = campaigns_history(&store, "中共市卫生健康委员会委员会", today()).unwrap();
    let pdf = shuzhi::history::export::campaigns_history_pdf(&open, today()).unwrap();
    let flat: String = crate::pdf_text::pdf_text(&pdf.bytes, crate::pdf_text::Layout::Raw).split_whitespace().collect();
    assert!(flat.contains("2023待定"), "{flat}");
}

/// The organizer's word on a pair: dismissed, the likeness of words is flagged nowhere
/// (lists, history, the campaign across years, her report's check); taken back, it is
/// flagged again; confirmed, a pair whose words differ is flagged. Each decision is logged.
#[test]
fn the_organizer_confirms_or_dismisses_a_repeat_and_every_view_follows() {
    use shuzhi::domain::RepeatDecision;
    let (mut store, _, third) = three_years();
    let her = holder(&store, &third);
    let found = shuzhi::history::repeated_problems(&store, &third).unwrap();
    let (mine, earlier) = (found[0].problem_id.clone(), found[0].earlier[0].problem_id.clone());
    assert_eq!((found[0].stands, found[0].earlier[0].decision), (true, None));
    assert_eq!(found[0].secretary_name, "林小梅");
    let report = shuzhi::report::start_report(&mut store, &her, "林小梅").unwrap();
    shuzhi::report::rewrite_sections_from_items(&mut store, &report, "林小梅").unwrap();
    let flagged = |store: &Store| {
        shuzhi::report::check_stored_report(store, &report)
            .unwrap()
            .findings
            .iter()
            .filter(|f| f.rule == "repeated-problem")
            .count()
    };
    let counts = |store: &Store| {
        let post: Vec<u32> =
            secretary_history(store, &her, today()).unwrap().years.iter().map(|y| y.repeated).collect();
        let campaign: Vec<u32> = campaigns_history(store, "中共市卫生健康委员会委员会", today())
            .unwrap()
            .years
            .iter()
            .map(|y| y.repeated)
            .collect();
        (post, campaign)
    };
    assert_eq!(flagged(&store), 1);

    shuzhi::history::decide_repeat(&mut store, &mine, &earlier, Some(RepeatDecision::Dismissed), "王建华").unwrap();
    let found = shuzhi::history::repeated_problems(&store, &third).unwrap();
    assert_eq!(found.len(), 1, "kept, marked, so the decision can be taken back");
    assert_eq!((found[0].stands, found[0].earlier[0].decision), (false, Some(RepeatDecision::Dismissed)));
    assert_eq!(counts(&store), (vec![0, 0, 0], vec![0, 0, 0]));
    assert_eq!(flagged(&store), 0, "the check no longer raises it");
    let history = secretary_history(&store, &her, today()).unwrap();
    assert_eq!(history.repeats.len(), 1);
    assert!(!history.repeats[0].stands);

    shuzhi::history::decide_repeat(&mut store, &mine, &earlier, None, "王建华").unwrap();
    assert_eq!(counts(&store), (vec![0, 0, 1], vec![0, 0, 1]));
    assert_eq!(flagged(&store), 1);

    // A problem in other words, which the organizer knows is the 2023 one named again.
    let other = add_problem(
        &mut store,
        &her,
        &ProblemInput {
            category: "阵地建设".into(), description: "党员活动室长期闲置".into(), cause: "无".into()
        },
        "测试",
    )
    .unwrap();
    assert_eq!(shuzhi::history::repeated_problems(&store, &third).unwrap().len(), 1, "the words are not alike");
    shuzhi::history::decide_repeat(&mut store, &other, &earlier, Some(RepeatDecision::Confirmed), "王建华").unwrap();
    let found = shuzhi::history::repeated_problems(&store, &third).unwrap();
    let confirmed = found.iter().find(|r| r.problem_id == other).expect("confirmed, flagged");
    assert_eq!(confirmed.earlier[0].decision, Some(RepeatDecision::Confirmed));
    assert_eq!(counts(&store), (vec![0, 0, 2], vec![0, 0, 2]));
    shuzhi::report::rewrite_sections_from_items(&mut store, &report, "林小梅").unwrap();
    assert_eq!(flagged(&store), 2, "the check raises the confirmed one too");

    // Refused: the pair the wrong way round, and a pair of two posts.
    let refused =
        shuzhi::history::decide_repeat(&mut store, &earlier, &mine, Some(RepeatDecision::Confirmed), "王建华")
            .unwrap_err()
            .to_string();
    assert!(refused.contains("反复出现要与往年的问题相比"), "{refused}");
    // A 2023 problem of another post.
    let stranger = shuzhi::store::lists::list_problems(store.conn(), SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|p| p.secretary_id != POST_SECRETARY)
        .expect("the sample names problems of other posts")
        .id;
    let refused =
        shuzhi::history::decide_repeat(&mut store, &mine, &stranger, Some(RepeatDecision::Confirmed), "王建华")
            .unwrap_err()
            .to_string();
    assert!(refused.contains("不属于同一党组织"), "{refused}");
    // Nothing to take back: refused, not logged.
    let refused = shuzhi::history::decide_repeat(&mut store, &other, &mine, None, "王建华");
    assert!(refused.is_err());
    let refused = shuzhi::history::decide_repeat(&mut store, &mine, &earlier, None, "王建华").unwrap_err().to_string();
    assert!(refused.contains("还没有确认或排除过"), "{refused}");
    let logged: Vec<String> = shuzhi::store::audit::list_for_campaign(store.conn(), &third)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "history.repeat")
        .map(|e| e.detail)
        .collect();
    assert_eq!(logged.len(), 3, "{logged:?}");
    assert!(logged[0].starts_with("已排除（不是反复出现）：2025 年“本人督促检查不够”与 2023 年"), "{logged:?}");

    // A year deleted takes its decisions with it.
    shuzhi::planning::delete_campaign(&mut store, &third, 2025, "测试").unwrap();
    let decisions: u32 = store.conn().query_row("SELECT count(*) FROM repeat_decisions", [], |r| r.get(0)).unwrap();
    assert_eq!(decisions, 0);
}

/// A renamed organization: the years under the old name are another post until the
/// organizer links them; then its history, the repeats and the posts that slip read it as
/// one, under its latest name; a link that would make two organizations of one year one
/// post is refused; taken back, the years part again.
#[test]
fn a_renamed_organization_is_linked_to_its_earlier_years_and_the_link_is_logged() {
    let (mut store, _, third) = three_years_with(Some("机关第三党支部（更名）"));
    let (old_name, unit) = post(&store);
    let org_of = |store: &Store, name: &str| {
        organizations::list_organizations(store.conn(), &third).unwrap().into_iter().find(|o| o.name == name).unwrap()
    };
    let renamed = org_of(&store, "机关第三党支部（更名）");
    let her = organizations::list_secretaries(store.conn(), &third)
        .unwrap()
        .into_iter()
        .find(|s| s.organization_id == renamed.id)
        .unwrap()
        .id;
    let years = |store: &Store| -> Vec<(i32, String)> {
        secretary_history(store, &her, today()).unwrap().years.into_iter().map(|y| (y.year, y.organization)).collect()
    };
    assert_eq!(years(&store), vec![(2025, "机关第三党支部（更名）".to_string())], "not linked yet");
    let slipping = |store: &Store| campaigns_history(store, "中共市卫生健康委员会委员会", today()).unwrap().slipping;
    assert!(slipping(&store).is_empty(), "一般 once under each name");

    // The old name is offered; the organizations that still exist in 2025 are not.
    let offered = shuzhi::history::posts::post_links(&store, &renamed.id).unwrap();
    assert_eq!(offered.candidates.len(), 1, "{:?}", offered.candidates);
    assert_eq!(
        (offered.candidates[0].name.as_str(), offered.candidates[0].years.clone()),
        (old_name.as_str(), vec![2023, 2024])
    );

    let link = shuzhi::history::posts::link_post(&mut store, &renamed.id, &old_name, &unit, "王建华").unwrap();
    assert_eq!(
        years(&store),
        vec![(2023, old_name.clone()), (2024, old_name.clone()), (2025, "机关第三党支部（更名）".to_string())]
    );
    let history = secretary_history(&store, &her, today()).unwrap();
    let repeated: Vec<u32> = history.years.iter().map(|y| y.repeated).collect();
    assert_eq!(repeated, vec![0, 0, 1], "her problem repeats the 2023 one of the old name");
    let slipping = slipping(&store);
    assert_eq!(slipping.len(), 1);
    assert_eq!(slipping[0].organization, "机关第三党支部（更名）", "shown by its latest name");
    assert_eq!(slipping[0].years.len(), 2);
    assert_eq!(shuzhi::history::posts::post_links(&store, &renamed.id).unwrap().links.len(), 1);

    // Refused: again, itself, a name no earlier year had, an organization of 2025 too.
    let refuse = |store: &mut Store, name: &str, unit: &str| {
        shuzhi::history::posts::link_post(store, &renamed.id, name, unit, "王建华").unwrap_err().to_string()
    };
    assert!(refuse(&mut store, &old_name, &unit).contains("已关联为同一党组织"));
    assert!(refuse(&mut store, "机关第三党支部（更名）", &unit).contains("就是这个党组织本身"));
    assert!(refuse(&mut store, "不存在的支部", &unit).contains("年以前的述职评议中没有"));
    let other = organizations::list_organizations(store.conn(), &third)
        .unwrap()
        .into_iter()
        .find(|o| o.id != renamed.id)
        .unwrap();
    let both = refuse(&mut store, &other.name, &other.unit);
    assert!(both.contains("是两个党组织，不能关联为同一个"), "{both}");

    // Reproduces: another organization of 2025 renamed afterwards to the old name made two
    // organizations of 2025 one post (the link was checked only when it was made). Now the
    // link goes out of effect, says why, and joins nothing.
    let input = shuzhi::planning::OrganizationInput {
        name: old_name.clone(),
        kind: other.kind,
        unit: unit.clone(),
        parent_id: other.parent_id.clone(),
    };
    shuzhi::planning::update_organization(&mut store, &other.id, &input, "测试").unwrap();
    assert_eq!(years(&store).len(), 1, "never two organizations of 2025 in one post");
    let shown = shuzhi::history::posts::post_links(&store, &renamed.id).unwrap();
    assert!(
        shown.links[0].out_of_effect.as_deref().is_some_and(|why| why.contains("2025 年同时有")),
        "{:?}",
        shown.links
    );
    let input = shuzhi::planning::OrganizationInput {
        name: other.name.clone(),
        kind: other.kind,
        unit: other.unit.clone(),
        parent_id: other.parent_id.clone(),
    };
    shuzhi::planning::update_organization(&mut store, &other.id, &input, "测试").unwrap();
    assert_eq!(years(&store).len(), 3, "in effect again once the names part");

    shuzhi::history::posts::unlink_post(&mut store, &link, "王建华").unwrap();
    assert_eq!(years(&store).len(), 1);
    let logged: Vec<String> = shuzhi::store::audit::list_for_campaign(store.conn(), &third)
        .unwrap()
        .into_iter()
        .filter(|e| e.action.starts_with("history."))
        .map(|e| e.detail)
        .collect();
    assert_eq!(logged.len(), 2, "{logged:?}");
    assert!(logged[0].contains("关联往年的“") && logged[1].starts_with("取消 2025 年"), "{logged:?}");

    // Reproduces: a year deleted left its links behind (without their log), and a file
    // imported later with the same ids took them over.
    shuzhi::history::posts::link_post(&mut store, &renamed.id, &old_name, &unit, "王建华").unwrap();
    shuzhi::planning::delete_campaign(&mut store, &third, 2025, "测试").unwrap();
    let links: u32 = store.conn().query_row("SELECT count(*) FROM post_links", [], |r| r.get(0)).unwrap();
    assert_eq!(links, 0, "the year's links go with it");
}

/// An earlier year from the organizer's Excel (here CSV, as WPS saves it): the 评议结果汇总表
/// with a title row above the header, and the 整改清单 with one problem over two rows.
fn paper_files(store: &Store) -> (String, String) {
    let (name, unit) = post(store);
    let results = format!(
        "2021年度基层党组织书记述职评议结果汇总表\n\
         单位,党组织,书记姓名,职务,好,较好,一般,差,综合得分,名次,评议等次\n\
         市中医院,中共市中医院委员会,李秀兰,党委书记,40,8,2,0,93.5,1,好\n\
         {unit},{name},郑晓燕,支部书记,10,20,15,5,71.2,2,一 般\n\
         市妇幼保健院,妇幼保健院党支部,周红,支部书记,,,,,,,未参加测评\n"
    );
    let lists = format!(
        "单位,党组织,存在问题,问题来源,类别,整改措施,责任人,完成时限,整改状态,销号日期\n\
         {unit},{name},本人督促检查不够，全年只检查1次,自查,组织建设,建立督查台账,郑晓燕,2021-06-30,已销号,2021-06-20\n\
         {unit},{name},本人督促检查不够，全年只检查1次,自查,组织建设,每季度专项检查,郑晓燕,2021/9/30,整改中,\n\
         市中医院,中共市中医院委员会,理论学习以读文件为主,上级点评,思想建设,,,,,\n"
    );
    (results, lists)
}

/// The 2021 year kept on paper, read row by row, imported whole, and read by 历年对比 as a
/// year of the post beside the years of this program — figures as the sheets give them.
#[test]
fn an_earlier_year_kept_on_paper_is_previewed_row_by_row_and_starts_the_history() {
    use shuzhi::history::paper::{PaperFile, import_paper_year, preview_paper_year};
    let mut store = crate::sample_store();
    add_problem(
        &mut store,
        POST_SECRETARY,
        &ProblemInput {
            category: "组织建设".into(),
            description: "本人督促检查不够，全年只检查2次".into(),
            cause: "无".into(),
        },
        "测试",
    )
    .unwrap();
    let (results, lists) = paper_files(&store);
    let results = PaperFile { name: "2021汇总表.csv", bytes: results.as_bytes() };
    let lists = PaperFile { name: "2021整改清单.csv", bytes: lists.as_bytes() };
    let preview = preview_paper_year(&store, SAMPLE_ID, 2021, &results, Some(&lists)).unwrap();
    assert_eq!(preview.wrong_rows, 0, "{:?}", preview.rows);
    assert_eq!(preview.refused, None);
    assert_eq!((preview.secretaries, preview.problems, preview.measures), (3, 2, 2));
    assert_eq!(preview.grades, vec![1, 0, 1, 0], "未参加测评 is no grade");
    assert_eq!(preview.rows.len(), 6, "every row shown");
    assert_eq!((preview.rows[1].line, preview.rows[1].subject.as_str()), (4, "郑晓燕"), "lines as in the file");
    assert!(preview.rows[1].detail.contains("一般") && preview.rows[1].detail.contains("好 10 较好 20 一般 15 差 5"));
    let before = shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().len();

    let imported = import_paper_year(&mut store, SAMPLE_ID, 2021, &results, Some(&lists), "王建华").unwrap();
    assert_eq!(shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().len(), before + 1);
    let history = secretary_history(&store, POST_SECRETARY, today()).unwrap();
    let years: Vec<i32> = history.years.iter().map(|y| y.year).collect();
    assert_eq!(years, vec![2021, 2023]);
    let paper = &history.years[0];
    assert_eq!(paper.grade, Some(Grade::Fair));
    assert_eq!(paper.result, "一般");
    // 好 10 of 50 votes; the score and rank as the sheet wrote them, of the two ranked.
    assert_eq!((paper.good_percent, paper.score, paper.rank, paper.ranked), (Some(20.0), Some(71.2), Some(2), 2));
    assert_eq!(paper.secretary_name.as_deref(), Some("郑晓燕"));
    assert_eq!(paper.problems.self_review, 1);
    let r = &paper.rectified;
    // One measure 销号 on 2021-06-20 before its 2021-06-30 deadline, one still open past 2021-09-30.
    assert_eq!((r.measures, r.closed_on_time, r.closed_late, r.open, r.overdue), (2, 1, 0, 1, 1));
    assert_eq!(r.completion_percent, Some(50.0));
    // Her 2023 problem names the 2021 one again.
    let found = shuzhi::history::repeated_problems(&store, SAMPLE_ID).unwrap();
    let earlier: Vec<i32> = found.iter().flat_map(|r| r.earlier.iter().map(|e| e.year)).collect();
    assert!(earlier.contains(&2021), "{found:?}");
    let campaigns = campaigns_history(&store, "中共市卫生健康委员会委员会", today()).unwrap();
    assert_eq!(campaigns.years[0].year, 2021);
    assert!(campaigns.years[0].results_final);
    assert_eq!(campaigns.years[0].grades, vec![1, 0, 1, 0]);
    let board = shuzhi::dashboard::campaign_dashboard(&store, &imported.campaign_id, today()).unwrap();
    assert!(board.kept_on_paper);
    let zheng = board.rows.iter().find(|r| r.secretary_name == "郑晓燕").unwrap();
    assert_eq!(zheng.grade_text, "一般");

    // A year kept on paper takes no ballot and no closing, whatever path tries: the
    // database itself refuses, in words.
    for (what, sql) in [
        (
            "closing",
            "INSERT INTO vote_closures (campaign_id, closed_at, closed_by, fingerprint, rules_version)
             VALUES (?1, '2022-01-01', '测试', '0000000000000000000000000000000000000000000000000000000000000000', 1)",
        ),
        (
            "ballot",
            "INSERT INTO ballots (id, campaign_id, position, serial, category_id, suggestions) VALUES ('b', ?1, 0, '1', 'c', '')",
        ),
        ("sheet", "INSERT INTO ballot_sheets (campaign_id, serial, category_id, position) VALUES (?1, '1', 'c', 0)"),
        ("code", "INSERT INTO ballot_codes (campaign_id, code, category_id, position) VALUES (?1, 'ABCD', 'c', 0)"),
        (
            "double entry",
            "INSERT INTO ballot_checks (id, campaign_id, position, serial, category_id, entries, suggestions)
             VALUES ('bc', ?1, 0, '1-001', 'c', '[]', '')",
        ),
    ] {
        let raw = store.conn().execute(sql, [&imported.campaign_id]).unwrap_err();
        let said = shuzhi::error::Error::from(raw).to_string();
        assert!(said.contains("由往年纸质记录导入的年度"), "{what}: {said}");
    }
    // Nor is its meeting set up again: agenda, panel, 书面述职, rules and 点评 are each
    // refused in words, and nothing of the meeting is written.
    let year = imported.campaign_id.clone();
    let someone = board.rows[0].secretary_id.clone();
    let panel = vec![shuzhi::meeting::CategoryInput {
        id: None,
        name: "委员".into(),
        weight_percent: 100,
        planned_size: 9,
        ballot_channel: Default::default(),
    }];
    let rules = shuzhi::rules::scoring::presets().remove(0).rules;
    let comment = shuzhi::meeting::CommentInput {
        commenter: "王建国".into(),
        shortcomings: vec!["支部换届不及时".into()],
        direction: "按期换届".into(),
        responsibility: "书记本人".into(),
    };
    let attempts: Vec<(&str, shuzhi::Result<()>)> = vec![
        ("agenda", shuzhi::meeting::set_agenda(&mut store, &year, std::slice::from_ref(&someone), "王建华")),
        ("panel", shuzhi::meeting::save_panel(&mut store, &year, &panel, "王建华")),
        (
            "written",
            shuzhi::meeting::set_reporting_mode(&mut store, &year, std::slice::from_ref(&someone), true, "王建华"),
        ),
        ("rules", shuzhi::meeting::save_rules(&mut store, &year, &rules, "王建华").map(|_| ())),
        ("comment", shuzhi::meeting::save_comment(&mut store, &someone, &comment, "王建华").map(|_| ())),
        (
            "settings",
            shuzhi::meeting::save_settings(
                &mut store,
                &year,
                &shuzhi::meeting::MeetingSettings {
                    speaking_minutes: 9,
                    dimensions: vec![],
                    double_entry: true,
                    written_rated: true,
                    on_site_every_years: None,
                },
                "王建华",
            ),
        ),
        ("sheets", shuzhi::meeting::ensure_sheets(&mut store, &year, "王建华").map(|_| ())),
        ("reopen", shuzhi::meeting::reopen_vote(&mut store, &year, "重新测评", "王建华")),
        ("new round", shuzhi::meeting::start_new_round(&mut store, &year, "重新测评", "王建华").map(|_| ())),
        ("codes", shuzhi::meeting::phone::issue_codes(&mut store, &year, "王建华").map(|_| ())),
    ];
    for (what, attempt) in attempts {
        let said = attempt.unwrap_err().to_string();
        assert!(said.contains("由往年纸质记录导入的年度") && said.contains("点评"), "{what}: {said}");
    }
    for table in ["agenda", "rater_categories", "written_reports", "vote_rounds"] {
        let held: i64 = store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table} WHERE campaign_id = ?1"), [&year], |r| r.get(0))
            .unwrap();
        assert_eq!(held, 0, "{table}");
    }
    let comments = shuzhi::meeting::meeting_view(&store, &year).unwrap();
    assert!(comments.comments.is_empty() && comments.categories.is_empty());
    let versions: i64 = store
        .conn()
        .query_row("SELECT count(*) FROM scoring_rule_versions WHERE campaign_id = ?1", [&year], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 1, "the organizer's rules as imported, no new version");
    // Not twice.
    let again =
        import_paper_year(&mut store, SAMPLE_ID, 2021, &results, Some(&lists), "王建华").unwrap_err().to_string();
    assert!(again.contains("已有") && again.contains("2021"), "{again}");
    let logged = shuzhi::store::audit::list_for_campaign(store.conn(), &imported.campaign_id).unwrap();
    assert!(
        logged
            .iter()
            .any(|e| e.action == "history.paper_year" && e.detail.contains("3 位书记、2 个问题、2 条整改措施"))
    );
}

/// Every wrong row is shown with what to do, and while any is wrong nothing is imported.
#[test]
fn a_wrong_row_of_an_earlier_year_is_said_and_nothing_is_imported() {
    use shuzhi::history::paper::{PaperFile, import_paper_year, preview_paper_year};
    let mut store = crate::sample_store();
    let (results, lists) = paper_files(&store);
    let results = results.replace(",93.5,1,好", ",93.5,1,优秀");
    let lists = format!("{lists}市口腔医院,口腔医院党支部,不在汇总表里,自查,,措施,,六月底,,\n");
    let results = PaperFile { name: "2021汇总表.csv", bytes: results.as_bytes() };
    let lists = PaperFile { name: "2021整改清单.csv", bytes: lists.as_bytes() };
    let preview = preview_paper_year(&store, SAMPLE_ID, 2021, &results, Some(&lists)).unwrap();
    let wrong: Vec<(u32, String)> = preview.rows.iter().filter_map(|r| Some((r.line, r.problem.clone()?))).collect();
    assert_eq!(preview.wrong_rows, 2, "{wrong:?}");
    assert!(wrong[0].1.contains("等次“优秀”不是好、较好、一般、差之一"), "{wrong:?}");
    assert!(
        wrong[1].1.contains("不在评议结果汇总表中") && wrong[1].1.contains("完成时限“六月底”不是日期"),
        "{wrong:?}"
    );
    let before = shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().len();
    let refused =
        import_paper_year(&mut store, SAMPLE_ID, 2021, &results, Some(&lists), "王建华").unwrap_err().to_string();
    assert!(refused.contains("有 2 行需要改正，没有导入任何内容"), "{refused}");
    assert_eq!(shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().len(), before);
    // A file that is not a 汇总表 at all, and a year to come.
    let other = PaperFile { name: "x.csv", bytes: "姓名,电话\n张三,123\n".as_bytes() };
    let refused = preview_paper_year(&store, SAMPLE_ID, 2021, &other, None).unwrap_err().to_string();
    assert!(refused.contains("没有同时写有") && refused.contains("等次"), "{refused}");
    let later = preview_paper_year(&store, SAMPLE_ID, 2030, &results, None).unwrap();
    assert!(later.refused.is_some_and(|why| why.contains("2030 年不行")));
}

/// Reproduces what an attack on the import of an earlier year found: each is refused, said
/// on its row or for the whole, before anything is written.
#[test]
fn what_an_attack_on_an_earlier_year_found_is_refused_before_anything_is_written() {
    use shuzhi::history::paper::{PaperFile, import_paper_year, preview_paper_year};
    let mut store = crate::sample_store();
    let (name, unit) = post(&store);
    let head = "单位,党组织,书记姓名,好,较好,一般,差,名次,等次\n";
    let preview_of = |store: &Store, results: &str, lists: Option<&str>| {
        let results = PaperFile { name: "r.csv", bytes: results.as_bytes() };
        let lists = lists.map(|text| PaperFile { name: "l.csv", bytes: text.as_bytes() });
        preview_paper_year(store, SAMPLE_ID, 2021, &results, lists.as_ref())
    };
    let wrong = |results: &str, lists: Option<&str>| -> Vec<String> {
        preview_of(&store, results, lists).unwrap().rows.into_iter().filter_map(|r| r.problem).collect()
    };
    // A blank grade was taken as 未参加测评; 未参加测评 with votes passed; a rank past the people.
    let found = wrong(
        &format!(
            "{head}{unit},{name},郑晓燕,1,0,0,0,,\n市中医院,中共市中医院委员会,李秀兰,3,0,0,0,,未参加测评\n\
             市妇幼保健院,妇幼保健院党支部,周红,,,,,99999,好\n"
        ),
        None,
    );
    assert!(found[0].contains("没有填等次"), "{found:?}");
    assert!(found[1].contains("写了“未参加测评”，却有票数"), "{found:?}");
    assert!(found[2].contains("名次 99999 大于表中的人数 3"), "{found:?}");
    // In the 整改清单: a 责任人 with an invisible character, 未完成 with a 销号日期, 已销号 without
    // one, a date in the year 10000.
    let results = format!("{head}{unit},{name},郑晓燕,1,0,0,0,1,好\n");
    let lists = format!(
        "单位,党组织,问题,整改措施,责任人,完成时限,整改状态,销号日期\n\
         {unit},{name},问题一,措施一,张\u{200b}三,2021-06-30,,\n\
         {unit},{name},问题二,措施二,张三,2021-06-30,未完成,2021-06-01\n\
         {unit},{name},问题三,措施三,张三,2021-06-30,已销号,\n\
         {unit},{name},问题四,措施四,张三,10000-01-01,整改中,\n"
    );
    let found = wrong(&results, Some(&lists));
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found[0].contains("责任人"), "{found:?}");
    assert!(found[1].contains("整改状态写“未完成”，却有销号日期"), "{found:?}");
    assert!(found[2].contains("写了“已销号”却没有销号日期"), "{found:?}");
    assert!(found[3].contains("完成时限“10000-01-01”不是日期"), "{found:?}");
    // Two columns of one heading: which one?
    let refused = preview_of(&store, &format!("单位,党组织,书记姓名,等次,等次\n{unit},{name},郑晓燕,好,差\n"), None)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("“等次”一栏出现了 2 次"), "{refused}");
    // Where the files say nothing, the preview says what the import assumes.
    let notes =
        preview_of(&store, &format!("单位,党组织,书记姓名,等次\n{unit},{name},郑晓燕,好\n"), Some("党组织,问题\n"))
            .unwrap()
            .notes;
    assert!(
        notes.iter().any(|n| n.contains("没有票数")) && notes.iter().any(|n| n.contains("问题都记为“自查”")),
        "{notes:?}"
    );

    // Imported, the year stays what it is: not exported as a campaign file (which would make
    // it a year open to a vote elsewhere), not doubled by a file of the same year, not moved
    // to another year, and without a 年度考核 of its own.
    let results_file = PaperFile { name: "r.csv", bytes: results.as_bytes() };
    let imported = import_paper_year(&mut store, SAMPLE_ID, 2021, &results_file, None, "王建华").unwrap();
    let refused = shuzhi::exchange::export_campaign(&store, &imported.campaign_id).unwrap_err().to_string();
    assert!(refused.contains("不能导出为年度数据文件"), "{refused}");
    let mut same_year = shuzhi::exchange::export_campaign(&store, SAMPLE_ID).unwrap();
    same_year.campaign.year = 2021;
    let refused =
        shuzhi::exchange::import_document(&mut store, "2021.json", &same_year, "王建华").unwrap_err().to_string();
    assert!(refused.contains("已由往年纸质记录导入本数据库"), "{refused}");
    let refused = shuzhi::planning::rename_campaign(&mut store, &imported.campaign_id, 2030, "改", "王建华")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("年度（2021）不能修改"), "{refused}");
    let refused = shuzhi::assess::campaign::assessment_view(&store, &imported.campaign_id).unwrap_err().to_string();
    assert!(refused.contains("由往年纸质记录导入"), "{refused}");
}
