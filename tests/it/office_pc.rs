//! What an office PC shows and prints reads as people write it: the 汇总表's headers stay
//! whole, a moment reads 2026年12月3日 22:26, and the roster template the planning page
//! hands out is read back by the roster import, example rows and all.

use shuzhi::domain::RectificationStatus;
use shuzhi::lists::{build_lists, set_status, undo_status_change};
use shuzhi::meeting::{self, pdf as meeting_pdf};
use shuzhi::planning::{
    CampaignInput, ROSTER_TEMPLATE_FILE, create_campaign, import_roster, preview_roster, read_roster, roster_template,
};

use crate::meeting::{ballot, printed};
use crate::pdf_text::{Layout, pdf_text};
use crate::{SAMPLE_ID, new_store, sample_store};

/// A moment written the way a Chinese document writes it: 2026年12月3日 22:26.
fn reads_as_people_write(text: &str) -> bool {
    let Some(at) = text.find('年') else { return false };
    let rest = &text[at..];
    rest.contains('月') && rest.contains('日') && text.contains(':') && !text.contains('T') && !text.contains("+0")
}

#[test]
fn the_summary_headers_break_only_between_words() {
    let mut store = printed();
    for (serial, marks) in [("1-001", "1111111111"), ("1-002", "1212121212"), ("1-003", "2222222224")] {
        meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot(serial, marks), "测试").unwrap();
    }
    meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 1, 18).unwrap();
    let text = pdf_text(&meeting_pdf::summary_pdf(&store, SAMPLE_ID, today).unwrap(), Layout::Page);
    // The header is the line that starts with 顺序: every heading is on it, whole.
    let header = text.lines().find(|l| l.trim_start().starts_with("顺序")).expect("a header line");
    let headings: Vec<&str> = header.split_whitespace().collect();
    for heading in ["顺序", "姓名", "党组织", "单位及职务", "好票率", "得分", "评定等次", "名次", "可评优秀"]
    {
        assert!(headings.contains(&heading), "“{heading}” is broken or missing: {header}");
    }
    // The sealing reads as a date and a time, on the paper and when a late ballot is refused.
    let sealed = text.lines().find(|l| l.contains("结束并封存")).expect("the seal line");
    assert!(reads_as_people_write(sealed), "{sealed}");
    let refused = meeting::enter_ballot(&mut store, SAMPLE_ID, &ballot("1-004", "1111111111"), "测试").unwrap_err();
    assert!(reads_as_people_write(&refused.to_string()), "{refused}");
}

#[test]
fn the_undo_of_a_measure_says_when_as_people_write_it() {
    let mut store = sample_store();
    set_status(&mut store, "rec-jd-1-1", RectificationStatus::Ongoing, "孟晓东").unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 7, 1).unwrap();
    let row = build_lists(&store, SAMPLE_ID, Some("sec-jd"), today).unwrap().rectifications[0].clone();
    let offered = row.undo.expect("the change can be undone");
    assert!(reads_as_people_write(&offered), "{offered}");
    let words = undo_status_change(&mut store, "rec-jd-1-1", "孟晓东").unwrap();
    assert!(words.starts_with("已撤销 孟晓东 于 "), "{words}");
    assert!(reads_as_people_write(&words), "{words}");
}

#[test]
fn the_roster_template_is_read_back_by_the_roster_import() {
    let template = roster_template().unwrap();
    assert_eq!(template.file_name, ROSTER_TEMPLATE_FILE);
    assert_eq!(template.file_name, "名单模板.xlsx");
    // Read as a roster the person chose is read, guidance row above the header and all.
    let rows = read_roster(&template.file_name, &template.bytes).unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [3, 4, 5], "the header is the second row");
    assert_eq!(
        (rows[1].unit.as_str(), rows[1].organization.as_str(), rows[1].kind.as_str()),
        ("市第三人民医院", "市第三人民医院内科党支部", "党支部")
    );
    assert_eq!(rows[1].parent, rows[0].organization, "a branch hangs under the hospital's committee");
    assert_eq!(rows[1].title, rows[2].title, "the example shows two secretaries with the same post");

    // Its example rows are a roster the import takes as it is.
    let mut store = new_store();
    let input = CampaignInput {
        year: 2024,
        title: "市卫健委党委2024年度基层党组织书记抓基层党建工作述职评议".into(),
        organizer: "中共市卫生健康委员会委员会".into(),
        meeting_date: String::new(),
        earlier_year_confirmed: false,
    };
    let campaign = create_campaign(&mut store, &input, None, "孟晓东").unwrap().campaign_id;
    let preview = preview_roster(&store, &campaign, &rows).unwrap();
    assert_eq!(preview.bad_rows, 0, "{preview:?}");
    let imported = import_roster(&mut store, &campaign, &rows, "孟晓东").unwrap();
    assert_eq!((imported.organizations, imported.secretaries), (3, 3));
}
