//! Setting up a year: a new campaign, a copy of last year with open items carried over,
//! the roster from Excel or CSV with its preview, and the coverage check.

use shuzhi::planning::{
    CampaignInput, RosterRow, coverage, create_campaign, import_roster, preview_roster, read_roster,
};
use shuzhi::store::{lists, organizations};

use crate::{SAMPLE_ID, new_store, sample_store};

fn input(year: i32) -> CampaignInput {
    CampaignInput {
        year,
        title: format!("市卫健委党委{year}年度基层党组织书记抓基层党建工作述职评议"),
        organizer: "中共市卫生健康委员会委员会".into(),
        meeting_date: format!("{}-01-16", year + 1),
        earlier_year_confirmed: false,
    }
}

#[test]
fn a_new_campaign_starts_with_the_organizer_and_sensible_settings() {
    let mut store = new_store();
    let created = create_campaign(&mut store, &input(2024), None, "孟晓东").unwrap();
    assert_eq!((created.organizations, created.secretaries), (1, 0));
    let campaign = shuzhi::store::campaigns::get_campaign(store.conn(), &created.campaign_id).unwrap();
    assert_eq!(campaign.focus_points.len(), 4);
    assert_eq!(campaign.review_levels.len(), 3);
    let view = shuzhi::meeting::meeting_view(&store, &created.campaign_id).unwrap();
    assert_eq!(view.categories.len(), 4);
    assert_eq!(view.rules_versions.len(), 1);
    let report = coverage(&store, &created.campaign_id).unwrap();
    assert!(!report.covered);
    assert!(report.gaps[0].message.contains("还没有下级党组织"));

    let again = create_campaign(&mut store, &input(2024), None, "孟晓东").unwrap_err();
    assert!(again.to_string().contains("已经建立"), "{again}");
    let bad = CampaignInput { meeting_date: "明年一月".into(), ..input(2025) };
    assert!(create_campaign(&mut store, &bad, None, "孟晓东").unwrap_err().to_string().contains("日期“明年一月”无效"));
    let bad = CampaignInput { year: 1999, ..input(2025) };
    assert!(create_campaign(&mut store, &bad, None, "孟晓东").unwrap_err().to_string().contains("年度“1999”无效"));
}

#[test]
fn copying_last_year_keeps_the_units_and_panel_and_carries_the_open_items_over() {
    let mut store = sample_store();
    let created = create_campaign(&mut store, &input(2024), Some(SAMPLE_ID), "孟晓东").unwrap();
    assert_eq!((created.organizations, created.secretaries), (11, 10));
    // Open: rec-syy-1-1, rec-syy-2-2 (its sibling is done), rec-fy-2-1 and rec-jd-1-1; 长期坚持 stays behind.
    assert_eq!((created.carried_problems, created.carried_measures), (4, 4));
    let id = created.campaign_id;
    let problems = lists::list_problems(store.conn(), &id).unwrap();
    assert!(problems.iter().all(|p| p.origin.as_deref().is_some_and(|o| o.starts_with("carried:"))));
    assert!(problems.iter().any(|p| p.origin.as_deref() == Some("carried:prb-jd-1")));
    let measures = lists::list_rectifications(store.conn(), &id).unwrap();
    assert!(measures.iter().all(|m| m.status != shuzhi::domain::RectificationStatus::Done));
    let view = shuzhi::meeting::meeting_view(&store, &id).unwrap();
    assert_eq!(view.categories.iter().map(|c| c.category.planned_size).sum::<u32>(), 36);

    // In the new year, the carried items are tracked on the lists but are not this year's 自查,
    // and the new report's 上年度整改落实情况 section lists them.
    let zhao =
        organizations::list_secretaries(store.conn(), &id).unwrap().into_iter().find(|s| s.name == "赵敏").unwrap();
    assert!(
        shuzhi::lists::items::problem_items(&store, &zhao.id)
            .unwrap()
            .iter()
            .all(|i| !i.description.contains("三会一课"))
    );
    let report = shuzhi::report::start_report(&mut store, &zhao.id, "赵敏").unwrap();
    let editor = shuzhi::report::report_editor(&store, &report).unwrap();
    let last_year = editor.sections.iter().find(|s| s.title.contains("上年度")).unwrap();
    assert!(last_year.body.contains("三会一课"), "{}", last_year.body);
    let lists =
        shuzhi::lists::build_lists(&store, &id, Some(&zhao.id), chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())
            .unwrap();
    assert_eq!(lists.rectifications.len(), 1);
    assert!(lists.rectifications[0].overdue, "due 2024-12-31, still open in 2025");
}

fn xlsx(rows: &[[&str; 6]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["单位", "党组织", "类型", "上级党组织", "书记姓名", "职务"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string(r as u32 + 1, c as u16, *value).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_roster_from_excel_is_previewed_row_by_row_and_imported_whole_once_fixed() {
    let mut store = new_store();
    let id = create_campaign(&mut store, &input(2024), None, "孟晓东").unwrap().campaign_id;
    let bytes = xlsx(&[
        ["市第一人民医院", "中共市第一人民医院委员会", "党委", "", "王建华", "党委书记"],
        ["市第一人民医院", "内科党支部", "党支部", "中共市第一人民医院委员会", "", "支部书记"],
        ["市中医院", "中共市中医院委员会", "党委", "", "李秀兰", "党委书记"],
        ["市中医院", "针灸科党支部", "党支部", "中共市中医医院委员会", "周强", "支部书记"],
        ["市中医院", "中共市中医院委员会", "党委", "", "李秀兰", "党委书记"],
    ]);
    let rows = read_roster("名册.xlsx", &bytes).unwrap();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[1].line, 3);
    let preview = preview_roster(&store, &id, &rows).unwrap();
    assert_eq!(preview.bad_rows, 3);
    assert_eq!(preview.rows[1].problems, vec!["缺少书记姓名".to_string()]);
    assert!(preview.rows[3].problems[0].contains("上级党组织“中共市中医医院委员会”不在名册中"));
    assert!(preview.rows[4].problems[0].contains("与第 4 行重复"));

    let refused = import_roster(&mut store, &id, &rows, "孟晓东").unwrap_err();
    assert!(refused.to_string().contains("名册有 3 行需要修正"), "{refused}");
    assert_eq!(organizations::list_organizations(store.conn(), &id).unwrap().len(), 1, "nothing was written");

    let mut fixed = rows.clone();
    fixed[1].name = "张敏".into();
    fixed[3].parent = "中共市中医院委员会".into();
    fixed.remove(4);
    let imported = import_roster(&mut store, &id, &fixed, "孟晓东").unwrap();
    assert_eq!((imported.organizations, imported.secretaries), (4, 4));
    let orgs = organizations::list_organizations(store.conn(), &id).unwrap();
    let branch = orgs.iter().find(|o| o.name == "针灸科党支部").unwrap();
    let parent = orgs.iter().find(|o| o.name == "中共市中医院委员会").unwrap();
    assert_eq!(branch.parent_id.as_deref(), Some(parent.id.as_str()));
    assert!(coverage(&store, &id).unwrap().covered);

    // The same roster again: every row is now a duplicate.
    let again = preview_roster(&store, &id, &fixed).unwrap();
    assert_eq!(again.bad_rows, 4);
    assert!(again.rows[0].problems[0].contains("已有书记"));
}

#[test]
fn a_csv_roster_reads_with_a_bom_and_a_missing_column_is_named() {
    let mut store = new_store();
    let id = create_campaign(&mut store, &input(2024), None, "孟晓东").unwrap().campaign_id;
    let csv = "\u{feff}书记姓名,职务,单位,党组织,类型,上级党组织\n赵敏,支队长,市卫生健康综合监督执法支队,执法支队党支部,党支部,\n";
    let rows = read_roster("名册.csv", csv.as_bytes()).unwrap();
    assert_eq!(rows[0].name, "赵敏");
    assert_eq!(rows[0].organization, "执法支队党支部");
    assert_eq!(preview_roster(&store, &id, &rows).unwrap().bad_rows, 0);
    import_roster(&mut store, &id, &rows, "孟晓东").unwrap();
    assert!(coverage(&store, &id).unwrap().covered);

    let error = read_roster("名册.csv", "单位,党组织,书记姓名\n".as_bytes()).unwrap_err().to_string();
    assert!(error.contains("缺少“类型”一栏"), "{error}");
    let error = read_roster("名册.xlsx", b"not a zip").unwrap_err().to_string();
    assert!(error.contains("不是有效的 Excel 文件"), "{error}");
    let error = read_roster("名册.xls", b"").unwrap_err().to_string();
    assert!(error.contains("请选择 .xlsx 或 .csv"), "{error}");
    let bad = RosterRow {
        line: 2,
        unit: "x".into(),
        organization: "y".into(),
        kind: "支部".into(),
        parent: String::new(),
        name: "z".into(),
        title: String::new(),
    };
    let preview = preview_roster(&store, &id, &[bad]).unwrap();
    assert!(preview.rows[0].problems[0].contains("类型“支部”无效"));
}

#[test]
fn the_settings_tree_and_secretaries_are_edited_with_guards() {
    use shuzhi::domain::{FocusRole, OrgKind};
    use shuzhi::planning::{
        CampaignSettings, FocusPointInput, OrganizationInput, SecretaryInput, delete_organization, delete_secretary,
        organization_tree, save_campaign_settings, update_organization, update_secretary,
    };
    let mut store = sample_store();
    let campaign = shuzhi::store::campaigns::get_campaign(store.conn(), SAMPLE_ID).unwrap();
    let points: Vec<FocusPointInput> = campaign
        .focus_points
        .iter()
        .map(|p| FocusPointInput {
            id: Some(p.id.clone()),
            title: p.title.clone(),
            role: p.role,
            guidance: p.guidance.clone(),
            char_budget: p.char_budget,
        })
        .collect();
    let settings = CampaignSettings {
        title: campaign.title.clone(),
        meeting_date: "2024-01-19".into(),
        report_char_budget: 3200,
        problems_min_percent: 30,
        review_levels: campaign.review_levels.clone(),
        focus_points: points.clone(),
    };
    save_campaign_settings(&mut store, SAMPLE_ID, &settings, "孟晓东").unwrap();
    let saved = shuzhi::store::campaigns::get_campaign(store.conn(), SAMPLE_ID).unwrap();
    assert_eq!((saved.meeting_date.as_deref(), saved.report_char_budget), (Some("2024-01-19"), 3200));

    // A focus point with text in a report stays; one review level is too few while 王建华 waits at the second.
    let fewer = CampaignSettings { focus_points: points[1..].to_vec(), ..settings.clone() };
    assert!(save_campaign_settings(&mut store, SAMPLE_ID, &fewer, "x").unwrap_err().to_string().contains("不能删除"));
    let one_level = CampaignSettings { review_levels: vec!["党办初审".into()], ..settings.clone() };
    assert!(
        save_campaign_settings(&mut store, SAMPLE_ID, &one_level, "x")
            .unwrap_err()
            .to_string()
            .contains("审核层级不能少于")
    );
    let mut over = settings.clone();
    over.focus_points.push(FocusPointInput {
        id: None,
        title: "五、其他".into(),
        role: FocusRole::Other,
        guidance: String::new(),
        char_budget: 2000,
    });
    assert!(
        save_campaign_settings(&mut store, SAMPLE_ID, &over, "x").unwrap_err().to_string().contains("超过全文上限")
    );
    over.focus_points.last_mut().unwrap().char_budget = 100;
    save_campaign_settings(&mut store, SAMPLE_ID, &over, "x").unwrap();
    assert_eq!(shuzhi::store::campaigns::get_campaign(store.conn(), SAMPLE_ID).unwrap().focus_points.len(), 5);

    // The tree: the organizer's committee first, its organizations below.
    let tree = organization_tree(&store, SAMPLE_ID).unwrap();
    assert_eq!(tree[0].depth, 0);
    assert!(tree[1..].iter().all(|n| n.depth == 1));
    let root = tree[0].organization.id.clone();
    let syy = tree.iter().find(|n| n.organization.id == "org-syy").unwrap().organization.clone();
    let cycle = OrganizationInput {
        name: "中共市卫生健康委员会委员会".into(),
        kind: OrgKind::Committee,
        unit: "x".into(),
        parent_id: Some("org-syy".into()),
    };
    let refused = update_organization(&mut store, &root, &cycle, "x").unwrap_err().to_string();
    assert!(refused.contains("组织方的党委是最上一级，不能挂到别的党组织下面"), "{refused}");
    let renamed = OrganizationInput {
        name: "中共市第一人民医院委员会（新）".into(),
        parent_id: Some(root.clone()),
        ..syy.clone().into_input()
    };
    update_organization(&mut store, "org-syy", &renamed, "x").unwrap();
    let error = delete_organization(&mut store, "org-syy", "x").unwrap_err().to_string();
    assert!(error.contains("还有书记"), "{error}");
    let error = delete_secretary(&mut store, "sec-syy", "x").unwrap_err().to_string();
    assert!(error.contains("不能删除"), "{error}");
    update_secretary(
        &mut store,
        "sec-syy",
        &SecretaryInput { name: "王建华".into(), title: "党委书记、院长".into() },
        "x",
    )
    .unwrap();
}

trait IntoInput {
    fn into_input(self) -> shuzhi::planning::OrganizationInput;
}

impl IntoInput for shuzhi::domain::Organization {
    fn into_input(self) -> shuzhi::planning::OrganizationInput {
        shuzhi::planning::OrganizationInput {
            name: self.name,
            kind: self.kind,
            unit: self.unit,
            parent_id: self.parent_id,
        }
    }
}

#[test]
fn a_roster_with_a_title_row_above_its_header_reads_as_people_keep_it() {
    // Reproduces: a WPS roster with “2024年度述职书记名册” above the header (and a heading
    // typed as “书记 姓名”) was refused with only “缺少‘单位’一栏”.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "2024年度基层党组织书记述职名册").unwrap();
    sheet.write_string(1, 0, "（截至2024年12月）").unwrap();
    for (c, title) in ["单位", "党组织", "类型", "上级党组织", "书记 姓名", "职务"].iter().enumerate()
    {
        sheet.write_string(3, c as u16, *title).unwrap();
    }
    for (c, value) in ["市中医院", "中共市中医院委员会", "党委", "", "李秀兰", "党委书记"].iter().enumerate()
    {
        if !value.is_empty() {
            sheet.write_string(4, c as u16, *value).unwrap();
        }
    }
    let rows = read_roster("名册.xlsx", &book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].line, rows[0].name.as_str()), (5, "李秀兰"), "lines are counted as the sheet shows them");

    // A file whose header cannot be found says where a header may stand.
    let error = read_roster("名册.csv", "名册\n单位,党组织,书记姓名\n".as_bytes()).unwrap_err().to_string();
    assert!(error.contains("缺少“单位”一栏") || error.contains("缺少“类型”一栏"), "{error}");
    assert!(error.contains("表头之上可以有标题行"), "{error}");
}

#[test]
fn a_problem_without_a_measure_is_carried_over_and_counts_as_not_finished() {
    // Reproduces: a 点评 point made into a problem and never given a measure was not carried
    // into next year, and 整改完成率 read 100% while it was open.
    let mut store = sample_store();
    let id = shuzhi::lists::items::add_problem(
        &mut store,
        "sec-xy",
        &shuzhi::lists::items::ProblemInput {
            category: "上级点评".into(),
            description: "青年党员发展偏慢".into(),
            cause: String::new(),
        },
        "周慧",
    )
    .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let lists = shuzhi::lists::build_lists(&store, SAMPLE_ID, Some("sec-xy"), today).unwrap();
    assert!(lists.rectifications.iter().all(|r| r.problem_id != id));
    let board = shuzhi::dashboard::campaign_dashboard(&store, SAMPLE_ID, today).unwrap();
    let row = board.rows.iter().find(|r| r.secretary_id == "sec-xy").unwrap();
    assert!(row.open_rectifications >= 1, "the bare problem is an open item");
    assert!(row.completion_percent.is_some_and(|p| p < 100.0), "{:?}", row.completion_percent);
    assert!(lists.completion_percent < 100.0, "{}", lists.completion_percent);

    let created = create_campaign(&mut store, &input(2024), Some(SAMPLE_ID), "孟晓东").unwrap();
    let carried = lists::list_problems(store.conn(), &created.campaign_id).unwrap();
    assert!(
        carried
            .iter()
            .any(|p| p.description == "青年党员发展偏慢" && p.origin.as_deref() == Some(&*format!("carried:{id}"))),
        "the problem without a measure is carried over"
    );
}

#[test]
fn a_year_is_not_copied_onto_an_earlier_one_without_a_question() {
    // Reproduces: copying 2026 proposed and created 2025 without a word.
    let mut store = new_store();
    let first = create_campaign(&mut store, &input(2026), None, "孟晓东").unwrap();
    let refused = create_campaign(&mut store, &input(2025), Some(&first.campaign_id), "孟晓东").unwrap_err();
    assert!(
        refused.to_string().contains("新年度是 2025 年，不晚于要沿用的 2026 年度。通常应建立 2027 年度"),
        "{refused}"
    );
    assert_eq!(shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().len(), 1, "nothing created");
    let confirmed = CampaignInput { earlier_year_confirmed: true, ..input(2025) };
    create_campaign(&mut store, &confirmed, Some(&first.campaign_id), "孟晓东").unwrap();
    create_campaign(&mut store, &input(2027), Some(&first.campaign_id), "孟晓东").unwrap();
}

#[test]
fn a_year_is_renamed_and_deleted_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("year.db");
    let mut store = shuzhi::Store::open(&path).unwrap();
    shuzhi::sample::load_sample_campaign(&mut store, "测试").unwrap();
    let wrong = create_campaign(&mut store, &input(2024), Some(SAMPLE_ID), "孟晓东").unwrap().campaign_id;

    // Renamed: the year and title change; another year of the same organizer is not taken.
    let taken = shuzhi::planning::rename_campaign(&mut store, &wrong, 2023, "重名", "孟晓东").unwrap_err();
    assert!(taken.to_string().contains("2023 年度述职评议已经有了"), "{taken}");
    let backup = shuzhi::planning::rename_campaign(&mut store, &wrong, 2025, "  2025年度述职评议 ", "孟晓东").unwrap();
    assert!(backup.is_some_and(|b| std::path::Path::new(&b).exists()), "a backup first");
    let campaign = shuzhi::store::campaigns::get_campaign(store.conn(), &wrong).unwrap();
    assert_eq!((campaign.year, campaign.title.as_str()), (2025, "2025年度述职评议"));

    // Deleted only with its year typed; the backup holds it.
    let refused = shuzhi::planning::delete_campaign(&mut store, &wrong, 2024, "孟晓东").unwrap_err();
    assert!(refused.to_string().contains("请写 2025 以确认删除"), "{refused}");
    let backup = shuzhi::planning::delete_campaign(&mut store, &wrong, 2025, "孟晓东").unwrap().unwrap();
    assert!(!shuzhi::store::campaigns::campaign_exists(store.conn(), &wrong).unwrap());
    let kept = rusqlite::Connection::open(&backup).unwrap();
    let count: i64 = kept.query_row("SELECT count(*) FROM campaigns WHERE id = ?1", [&wrong], |r| r.get(0)).unwrap();
    assert_eq!(count, 1, "the backup taken before the delete holds the year");
    let log = shuzhi::store::audit::list_database_events(store.conn())
        .map(|l| l.into_iter().map(|e| e.action).collect::<Vec<_>>());
    assert!(log.is_ok_and(|actions| actions.contains(&"campaign.delete".to_string())));

    // A year whose vote is under way is not deleted; a sealed one is.
    for n in 1..=3 {
        shuzhi::meeting::ensure_sheets(&mut store, SAMPLE_ID, "测试").unwrap();
        shuzhi::meeting::enter_ballot(
            &mut store,
            SAMPLE_ID,
            &crate::meeting::ballot(&format!("1-00{n}"), "1111111111"),
            "测试",
        )
        .unwrap();
    }
    let refused = shuzhi::planning::delete_campaign(&mut store, SAMPLE_ID, 2023, "孟晓东").unwrap_err();
    assert!(refused.to_string().contains("测评正在进行"), "{refused}");
    shuzhi::meeting::close_vote(&mut store, SAMPLE_ID, "测试", None).unwrap();
    shuzhi::planning::delete_campaign(&mut store, SAMPLE_ID, 2023, "孟晓东").unwrap();
    assert!(shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().is_empty());
}

#[test]
fn a_title_is_one_line_of_bounded_length_whichever_way_it_is_set() {
    let mut store = new_store();
    let long = CampaignInput { title: "长".repeat(201), ..input(2024) };
    let refused = create_campaign(&mut store, &long, None, "孟晓东").unwrap_err();
    assert!(refused.to_string().starts_with("标题"), "{refused}");
    let escaped = CampaignInput { title: "2024年度\u{1b}[2J述职评议".into(), ..input(2024) };
    let refused = create_campaign(&mut store, &escaped, None, "孟晓东").unwrap_err();
    assert!(refused.to_string().contains("控制字符"), "{refused}");
    let id = create_campaign(&mut store, &input(2024), None, "孟晓东").unwrap().campaign_id;
    let refused = shuzhi::planning::rename_campaign(&mut store, &id, 2024, "述职\u{202e}评议", "孟晓东").unwrap_err();
    assert!(refused.to_string().contains("看不见的字符"), "{refused}");
}
