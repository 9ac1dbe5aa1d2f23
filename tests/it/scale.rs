//! The made-up years of `shuzhi demo --years N`: what the scale benchmark and a demo of
//! 历年对比 stand on. Small here (three years of twelve posts), checked figure by figure.

use chrono::NaiveDate;
use shuzhi::Store;
use shuzhi::history::{campaigns_history, secretary_history};
use shuzhi::sample::scale::{ScaleInput, generate};
use shuzhi::store::{campaigns, lists, organizations};

const INPUT: ScaleInput = ScaleInput { years: 3, secretaries: 12, raters: 8, evidence_megabytes: 1, first_year: 2015 };

fn made() -> (Store, shuzhi::sample::scale::ScaleSummary) {
    let mut store = Store::open_in_memory().unwrap();
    let summary = generate(&mut store, &INPUT, "测试").unwrap();
    (store, summary)
}

#[test]
fn each_year_is_written_voted_and_sealed_with_the_posts_followed_across_years() {
    let (store, summary) = made();
    assert_eq!(summary.campaign_ids.len(), 3);
    assert_eq!(summary.problems, 3 * 12 * 5, "five problems a year each");
    assert_eq!(summary.measures, 3 * 12 * 5 * 3, "three measures each");
    assert_eq!(summary.ballots, 3 * 8, "one sheet per rater a year");
    assert_eq!(summary.evidence_files, 3 * 12);
    let years: Vec<i32> =
        summary.campaign_ids.iter().map(|id| campaigns::get_campaign(store.conn(), id).unwrap().year).collect();
    assert_eq!(years, vec![2015, 2016, 2017]);
    // Later years were made by 沿用上一年度: the open items carried over with their origin.
    let carried = lists::list_problems(store.conn(), &summary.campaign_ids[1])
        .unwrap()
        .into_iter()
        .filter(|p| shuzhi::domain::origin::is_carried(p.origin.as_deref()))
        .count();
    assert!(carried > 0, "some items carried into the second year");
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let across = campaigns_history(&store, "中共市卫生健康委员会委员会", today).unwrap();
    assert_eq!(across.years.len(), 3);
    for year in &across.years {
        assert!(year.results_final, "{} sealed and final", year.year);
        assert_eq!(year.grades.iter().sum::<u32>(), 12, "everyone graded in {}", year.year);
        assert_eq!(year.problems.total() as usize, 60 + carried_into(&store, &year.campaign_id));
    }
    // A post's history has every year, whoever held it.
    let first_holder = &organizations::list_secretaries(store.conn(), &summary.campaign_ids[0]).unwrap()[3];
    let post = secretary_history(&store, &first_holder.id, today).unwrap();
    assert_eq!(post.years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2015, 2016, 2017]);
    assert!(post.years.iter().all(|y| y.grade.is_some() && y.report_chars.unwrap_or(0) > 500));
    assert!(post.years.iter().all(|y| y.rectified.measures >= 15));
}

fn carried_into(store: &Store, campaign_id: &str) -> usize {
    lists::list_problems(store.conn(), campaign_id)
        .unwrap()
        .iter()
        .filter(|p| shuzhi::domain::origin::is_carried(p.origin.as_deref()))
        .count()
}

#[test]
fn the_same_input_makes_the_same_years() {
    let grades = |store: &Store| {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        campaigns_history(store, "中共市卫生健康委员会委员会", today)
            .unwrap()
            .years
            .iter()
            .map(|y| y.grades.clone())
            .collect::<Vec<_>>()
    };
    let (first, _) = made();
    let (second, _) = made();
    assert_eq!(grades(&first), grades(&second));
}

#[test]
fn only_an_empty_database_is_filled_and_the_sizes_are_checked_first() {
    let mut store = crate::sample_store();
    let refused = generate(&mut store, &INPUT, "测试").unwrap_err().to_string();
    assert!(refused.contains("数据库中已有年度述职评议") && refused.contains("--db"), "{refused}");
    let mut empty = Store::open_in_memory().unwrap();
    for (input, said) in [
        (ScaleInput { years: 0, ..INPUT }, "年数为 0"),
        (ScaleInput { secretaries: 5000, ..INPUT }, "书记人数为 5000"),
        (ScaleInput { first_year: 1990, ..INPUT }, "起始年度 1990"),
    ] {
        let refused = generate(&mut empty, &input, "测试").unwrap_err().to_string();
        assert!(refused.contains(said), "{refused}");
    }
    assert!(campaigns::list_campaigns(empty.conn()).unwrap().is_empty(), "nothing written");
}
