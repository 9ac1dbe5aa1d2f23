//! What arrives from outside is checked against its limits before any work is done on it,
//! stored files are what their digest says whenever they are read, and names from people's
//! data never become paths. Each test reproduces a fault found by probing the program.

use shuzhi::planning::{CampaignInput, create_campaign, import_roster, preview_roster, read_roster};
use shuzhi::report::evidence::{EvidenceTarget, attach_evidence, evidence_content, sha256_hex};
use shuzhi::store::organizations;

use crate::cli::shuzhi;
use crate::{new_store, sample_store, sample_value};

const PNG: &[u8] = include_bytes!("../fixtures/evidence/sign-in-sheet.png");

fn new_year(store: &mut shuzhi::Store) -> String {
    let input = CampaignInput {
        year: 2024,
        title: "市卫健委党委2024年度基层党组织书记抓基层党建工作述职评议".into(),
        organizer: "中共市卫生健康委员会委员会".into(),
        meeting_date: "2025-01-16".into(),
        earlier_year_confirmed: false,
    };
    create_campaign(store, &input, None, "孟晓东").unwrap().campaign_id
}

/// A roster as CSV with `rows` branches under the organizer's committee.
fn roster_csv(rows: usize) -> String {
    let mut csv = String::from("单位,党组织,类型,上级党组织,书记姓名,职务\n");
    for i in 1..=rows {
        csv.push_str(&format!("第{i}医院,第{i}党支部,党支部,,书记{i},支部书记\n"));
    }
    csv
}

/// A valid workbook whose sheet is padded with `padding` bytes of blanks: a small file
/// that unpacks to far more.
fn padded_xlsx(padding: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["单位", "党组织", "类型", "上级党组织", "书记姓名", "职务"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    let plain = book.save_to_buffer().unwrap();
    crate::package::rezip(&plain, |name, content| {
        if name != "xl/worksheets/sheet1.xml" {
            return Some((name.to_string(), content));
        }
        let text = String::from_utf8(content).unwrap();
        let (head, tail) = text.split_at(text.rfind("</worksheet>").unwrap());
        Some((name.to_string(), format!("{head}{}{tail}", " ".repeat(padding)).into_bytes()))
    })
}

#[test]
fn a_roster_that_unpacks_past_the_limit_is_refused_without_unpacking_it_whole() {
    // Reproduces: a 1 MB .xlsx roster that unpacked to 1 GB used 3.1 GB of memory for 44 s.
    let bomb = padded_xlsx(30 * 1024 * 1024);
    assert!(bomb.len() < 200 * 1024, "a small file: {} bytes", bomb.len());
    let message = read_roster("名册.xlsx", &bomb).unwrap_err().to_string();
    assert!(message.contains("文件解压后超过 20.0 MB 的上限"), "{message}");
    assert!(message.ends_with("数据库未作任何改动。"), "{message}");
    // Below the limit the same padding is only blanks.
    assert_eq!(read_roster("名册.xlsx", &padded_xlsx(1024 * 1024)).unwrap().len(), 0);
}

#[test]
fn a_sheet_that_reaches_far_down_is_refused_at_the_row_limit() {
    // A cell on row 1,000,000 makes a sheet whose range is a million rows; reading it as a
    // range would allocate them all. Cell by cell, the row limit ends it.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in ["单位", "党组织", "类型", "上级党组织", "书记姓名", "职务"].iter().enumerate()
    {
        sheet.write_string(0, c as u16, *title).unwrap();
    }
    sheet.write_string(1, 0, "第一医院").unwrap();
    sheet.write_string(999_999, 16_000, "远处").unwrap();
    sheet.write_string(999_999, 0, "远处").unwrap();
    let message = read_roster("名册.xlsx", &book.save_to_buffer().unwrap()).unwrap_err().to_string();
    assert!(message.contains("第 1000000 行：名册超过了 10000 行数据的上限"), "{message}");

    let csv = roster_csv(shuzhi::limits::ROSTER_ROWS + 1);
    let message = read_roster("名册.csv", csv.as_bytes()).unwrap_err().to_string();
    assert!(message.contains("名册超过了 10000 行数据的上限"), "{message}");
    assert_eq!(read_roster("名册.csv", roster_csv(shuzhi::limits::ROSTER_ROWS).as_bytes()).unwrap().len(), 10_000);
}

#[test]
fn five_thousand_roster_rows_import_whole() {
    // Reproduces: import time grew with the square of the rows (8,000 rows took 13.6 s);
    // `scripts/limits-figures.sh` prints the time for 1,000 and 5,000 rows.
    let mut store = new_store();
    let id = new_year(&mut store);
    let rows = read_roster("名册.csv", roster_csv(5_000).as_bytes()).unwrap();
    assert_eq!(rows.len(), 5_000);
    assert_eq!(rows[4_999].line, 5_001);
    assert_eq!(preview_roster(&store, &id, &rows).unwrap().bad_rows, 0);
    let imported = import_roster(&mut store, &id, &rows, "孟晓东").unwrap();
    assert_eq!((imported.organizations, imported.secretaries), (5_000, 5_000));
    let orgs = organizations::list_organizations(store.conn(), &id).unwrap();
    let root = orgs.iter().find(|o| o.parent_id.is_none()).unwrap();
    assert_eq!(orgs.iter().filter(|o| o.parent_id.as_deref() == Some(root.id.as_str())).count(), 5_000);
    let last = orgs.iter().find(|o| o.name == "第5000党支部").unwrap();
    let secretaries = organizations::list_secretaries(store.conn(), &id).unwrap();
    assert_eq!(secretaries.iter().find(|s| s.organization_id == last.id).unwrap().name, "书记5000");
}

#[test]
fn a_roster_file_over_its_size_limit_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let big = dir.path().join("名册.csv");
    std::fs::File::create(&big).unwrap().set_len(shuzhi::files::ROSTER.max_bytes + 1).unwrap();
    let out = shuzhi(&db, &["roster", "import", "--campaign", "x", big.to_str().unwrap()]);
    assert!(!out.status.success());
    let message = crate::cli::stderr(&out);
    assert!(message.contains("超过了 10.0 MB 的上限，没有读取"), "{message}");
}

#[test]
fn an_evidence_file_over_the_limit_is_refused_from_its_size_before_reading() {
    // Reproduces: evidence files were read whole before the size check (a 1 GB file: 1 GB
    // resident). The file here is sparse, 1 GB long: reading it would take seconds and a
    // gigabyte of memory; refusing it from its size takes neither.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let big = dir.path().join("会议记录.pdf");
    std::fs::File::create(&big).unwrap().set_len(1 << 30).unwrap();
    let out = shuzhi(
        &db,
        &["evidence", "attach", "--report", "rep-zyy", "--section", "fp-2023-achievements", big.to_str().unwrap()],
    );
    assert!(!out.status.success());
    let message = crate::cli::stderr(&out);
    assert!(message.contains("有 1024.0 MB，超过了 20.0 MB 的上限，没有读取"), "{message}");
}

#[test]
fn overlong_texts_and_names_that_could_become_paths_are_refused_on_import() {
    // Reproduces: campaign JSON had no length limit (a 50 MB title was stored), and roster
    // and JSON import accepted names with `/` and `..`.
    let check = |value: &serde_json::Value| {
        let bytes = serde_json::to_vec(value).unwrap();
        shuzhi::exchange::parse_document("年度.json", &bytes).unwrap_err().to_string()
    };
    let mut value = sample_value();
    value["campaign"]["title"] = serde_json::json!("长".repeat(5_000_000));
    let message = check(&value);
    assert!(message.contains("campaign.title：有 5000000 个字，超过了 100000 个字的上限"), "{message}");
    let mut value = sample_value();
    value["campaign"]["title"] = serde_json::json!("长".repeat(201));
    assert!(check(&value).contains("标题有 201 个字，超过了 200 个字的上限"));
    let mut value = sample_value();
    value["secretaries"][0]["name"] = serde_json::json!("../../../etc/cron.d/x");
    let message = check(&value);
    assert!(message.contains("secretaries[0].name：书记姓名“../../../etc/cron.d/……”含有“/”"), "{message}");
    let mut value = sample_value();
    value["organizations"][1]["name"] = serde_json::json!("内科\n党支部");
    assert!(check(&value).contains("含有换行符或其他控制字符"));

    let mut store = new_store();
    let id = new_year(&mut store);
    let csv = "单位,党组织,类型,上级党组织,书记姓名,职务\n第一医院,内科党支部,党支部,,..\\..\\x,支部书记\n";
    let rows = read_roster("名册.csv", csv.as_bytes()).unwrap();
    let preview = preview_roster(&store, &id, &rows).unwrap();
    assert_eq!(preview.bad_rows, 1);
    assert!(preview.rows[0].problems[0].starts_with("书记姓名含有“/”“\\”或“..”"), "{:?}", preview.rows[0].problems);
    let refused = import_roster(&mut store, &id, &rows, "孟晓东").unwrap_err().to_string();
    assert!(refused.contains("名册有 1 行需要修正"), "{refused}");
    assert_eq!(organizations::list_secretaries(store.conn(), &id).unwrap().len(), 0, "nothing was written");
}

#[test]
fn a_stored_file_that_is_not_what_its_digest_says_is_never_handed_out_and_check_db_names_it() {
    // Reproduces: poisoned evidence bytes were returned to every later attachment of the
    // same file, and check-db still said 完好.
    let mut store = sample_store();
    let section = EvidenceTarget { focus_point_id: Some("fp-2023-achievements".into()), problem_id: None };
    let genuine = attach_evidence(&mut store, "rep-zyy", &section, "签到表.png", PNG, "", "李秀兰").unwrap();
    let poison = |store: &shuzhi::Store| {
        let evil = b"MZ\x90\x00evil".to_vec();
        let sql = "UPDATE evidence_blobs SET content = ?1 WHERE sha256 = ?2";
        store.conn().execute(sql, rusqlite::params![evil, sha256_hex(PNG)]).unwrap();
    };
    poison(&store);
    let message = evidence_content(&store, &genuine.id).unwrap_err().to_string();
    assert!(message.contains("佐证材料“签到表.png”的文件内容已损坏（与其校验值不符），没有使用"), "{message}");
    let message = shuzhi::package::export_report_package(&store, "rep-zyy").unwrap_err().to_string();
    assert!(message.contains("已损坏"), "{message}");

    // Attaching the genuine file again mends the stored copy.
    attach_evidence(&mut store, "rep-zyy", &section, "签到表副本.png", PNG, "", "李秀兰").unwrap();
    assert!(evidence_content(&store, &genuine.id).is_ok());
    assert!(shuzhi::database::check_database(&store).unwrap().problems.is_empty());

    // The database check names the damaged file and, damage being known, stops the writes.
    poison(&store);
    let health = shuzhi::database::check_database(&store).unwrap();
    assert_eq!(health.problems.len(), 1, "{:?}", health.problems);
    assert!(health.problems[0].contains("的内容与校验值不符（已损坏或被改动），涉及：签到表.png、签到表副本.png"));
    assert!(health.writes_stopped);
}

#[test]
fn file_names_from_people_data_stay_in_the_export_folder() {
    // Reproduces: the lists' export file names were built from the secretary's name
    // without cleaning it.
    let store = sample_store();
    store
        .conn()
        .execute("UPDATE secretaries SET name = '../../../.config/autostart/x' WHERE id = 'sec-syy'", [])
        .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
    let lists = shuzhi::lists::build_lists(&store, crate::SAMPLE_ID, Some("sec-syy"), today).unwrap();
    let name = lists.file_name("pdf");
    assert_eq!(name, "configautostartx2023年度问题责任整改清单.pdf");
    let report = shuzhi::report::pdf::report_file_name(&store, "rep-syy", "docx").unwrap();
    assert_eq!(report, "configautostartx述职报告.docx");
    let back = shuzhi::package::return_file_name(&store, "sec-syy").unwrap();
    assert!(back.starts_with("configautostartx2023年度回执（") && back.ends_with("）.szpkg"), "{back}");
}

// A full disk is made with a Linux tmpfs; on Windows the failing writer of `files::tests`
// covers the same path (a write that fails midway leaves no `.part`).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_no_part_file_behind() {
    // Reproduces: a failed export or a full disk left `.part` files behind. A small tmpfs
    // is a real full disk. It is mounted in a namespace of its own (`unshare`, no root
    // needed), or directly as root; when neither works the test fails rather than pass
    // without having run.
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("u盘");
    std::fs::create_dir(&disk).unwrap();
    let db = dir.path().join("x.db");
    assert!(shuzhi(&db, &["demo"]).status.success());
    let script = r#"
        mount -t tmpfs -o size=64k tmpfs "$DISK" || exit 90
        "$SHUZHI" --db "$DB" backup --out "$DISK/备份.db"; echo "backup=$?"
        "$SHUZHI" --db "$DB" lists export --campaign sample-2023-swjw --out "$DISK/清单.pdf"; echo "lists=$?"
        echo "left=$(ls -A "$DISK" | wc -l)"
        umount "$DISK" 2>/dev/null || true
    "#;
    let run = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .args(["sh", "-c", script])
            .env("DISK", &disk)
            .env("DB", &db)
            .env("SHUZHI", env!("CARGO_BIN_EXE_shuzhi"))
            .output()
            .ok()
            .filter(|out| out.status.code() != Some(90) && out.status.success())
    };
    let out = run("unshare", &["-rm", "--"]).or_else(|| run("env", &[])).expect(
        "could not mount a small tmpfs for a real full disk (neither unshare -rm nor mount as root worked here)",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("backup=1"), "a database of the sample does not fit in 64 KB: {stdout}");
    assert!(stderr.contains("磁盘"), "{stderr}");
    assert!(stdout.contains("lists=1"), "the lists PDF (with its font) does not fit in 64 KB: {stdout}");
    assert!(stdout.contains("left=0"), "left behind on the full disk: {stdout}");
}

#[test]
fn names_typed_by_hand_pass_the_same_rules_as_imported_ones() {
    let mut store = sample_store();
    let input = shuzhi::planning::SecretaryInput { name: "../../x".into(), title: "党委书记".into() };
    let message = shuzhi::planning::update_secretary(&mut store, "sec-zyy", &input, "孟晓东").unwrap_err().to_string();
    assert!(message.starts_with("书记姓名含有“/”“\\”或“..”，不能用作名称"), "{message}");
    let name = organizations::list_secretaries(store.conn(), crate::SAMPLE_ID).unwrap();
    assert_eq!(name.iter().find(|s| s.id == "sec-zyy").unwrap().name, "李秀兰", "nothing was written");
}

/// The words every refusal of an invisible character ends with.
const LOOK_ALIKE: &str = "它会让两个不同的名字看起来一模一样，请删去这个字符后重新输入";

#[test]
fn invisible_characters_in_names_are_refused_on_every_way_in_naming_the_field_and_the_character() {
    // Reproduces: a secretary named 李秀兰 followed by a zero-width space, or a unit with a
    // right-to-left override, looked exactly like another on every screen and sheet.
    let mut store = new_store();
    let id = new_year(&mut store);
    let csv = "单位,党组织,类型,上级党组织,书记姓名,职务\n\
               第一医院,内科党支部,党支部,,李秀兰\u{200B},支部书记\n\
               第\u{202E}二医院,外科党支部,党支部,,王芳,支部书记\n\
               第三医院,儿科党支部,党支部,,赵敏,支部\u{2066}书记\n";
    let rows = read_roster("名册.csv", csv.as_bytes()).unwrap();
    let preview = preview_roster(&store, &id, &rows).unwrap();
    assert_eq!(preview.bad_rows, 3);
    assert_eq!(preview.rows[0].problems, [format!("书记姓名含有看不见的字符 U+200B（零宽空格），{LOOK_ALIKE}")]);
    assert_eq!(preview.rows[1].problems, [format!("单位含有看不见的字符 U+202E（从右到左覆盖），{LOOK_ALIKE}")]);
    assert_eq!(preview.rows[2].problems, [format!("职务含有看不见的字符 U+2066（从左到右隔离），{LOOK_ALIKE}")]);
    assert!(import_roster(&mut store, &id, &rows, "孟晓东").is_err());
    assert_eq!(organizations::list_secretaries(store.conn(), &id).unwrap().len(), 0, "nothing was written");

    // The tree, edited by hand.
    let mut store = sample_store();
    let input = shuzhi::planning::SecretaryInput { name: "李秀兰\u{202E}".into(), title: "党委书记".into() };
    let message = shuzhi::planning::update_secretary(&mut store, "sec-zyy", &input, "孟晓东").unwrap_err().to_string();
    assert_eq!(message, format!("书记姓名含有看不见的字符 U+202E（从右到左覆盖），{LOOK_ALIKE}。请改正后再保存。"));
    let input = shuzhi::planning::SecretaryInput { name: "李秀兰".into(), title: "党委\u{FEFF}书记".into() };
    let message = shuzhi::planning::update_secretary(&mut store, "sec-zyy", &input, "孟晓东").unwrap_err().to_string();
    assert!(message.starts_with("职务含有看不见的字符 U+FEFF（零宽不换行空格）"), "{message}");
    let org = organizations::list_organizations(store.conn(), crate::SAMPLE_ID)
        .unwrap()
        .into_iter()
        .find(|o| o.id == "org-zyy")
        .unwrap();
    let input = shuzhi::planning::OrganizationInput {
        name: org.name.clone(),
        kind: org.kind,
        unit: format!("{}\u{2060}", org.unit),
        parent_id: org.parent_id.clone(),
    };
    let message =
        shuzhi::planning::update_organization(&mut store, "org-zyy", &input, "孟晓东").unwrap_err().to_string();
    assert!(message.starts_with("所在单位含有看不见的字符 U+2060（不可见的连接符）"), "{message}");
    let names = organizations::list_secretaries(store.conn(), crate::SAMPLE_ID).unwrap();
    assert_eq!(names.iter().find(|s| s.id == "sec-zyy").unwrap().name, "李秀兰", "nothing was written");

    // The campaign file.
    let check = |value: &serde_json::Value| {
        let bytes = serde_json::to_vec(value).unwrap();
        shuzhi::exchange::parse_document("年度.json", &bytes).unwrap_err().to_string()
    };
    let mut value = sample_value();
    value["secretaries"][0]["name"] = serde_json::json!("李秀兰\u{202E}");
    let message = check(&value);
    assert!(
        message.contains(&format!(
            "secretaries[0].name：书记姓名“李秀兰<U+202E>”含有看不见的字符 U+202E（从右到左覆盖），{LOOK_ALIKE}"
        )),
        "{message}"
    );
    let mut value = sample_value();
    value["organizations"][1]["unit"] = serde_json::json!("市第一\u{200C}人民医院");
    assert!(check(&value).contains("organizations[1].unit：“市第一<U+200C>人民医院”含有看不见的字符 U+200C"));
    let mut value = sample_value();
    value["secretaries"][1]["title"] = serde_json::json!("党委\u{200F}书记");
    assert!(
        check(&value).contains("secretaries[1].title：职务“党委<U+200F>书记”含有看不见的字符 U+200F（从右到左标记）")
    );
    let mut value = sample_value();
    value["responsibilities"][0]["owner"] = serde_json::json!("王建华\u{200B}");
    assert!(check(&value).contains("responsibilities[0].owner：责任人“王建华<U+200B>”含有看不见的字符 U+200B"));

    // The name of the person at this computer, which the audit log records.
    let mut store = sample_store();
    let message = shuzhi::workstation::set_name(&mut store, "孟晓东\u{200D}").unwrap_err().to_string();
    assert_eq!(message, format!("姓名含有看不见的字符 U+200D（零宽连字），{LOOK_ALIKE}。"));

    // The one responsible for a measure, typed into a problem item.
    let problem = shuzhi::lists::items::ProblemInput {
        category: String::new(),
        description: "支部学习流于形式".into(),
        cause: String::new(),
    };
    let problem = shuzhi::lists::items::add_problem(&mut store, "sec-xy", &problem, "周慧").unwrap();
    let measure = shuzhi::lists::items::MeasureInput {
        measure: "每月一次专题学习".into(),
        target: String::new(),
        owner: "周\u{202D}慧".into(),
        due: String::new(),
    };
    let message = shuzhi::lists::items::add_measure(&mut store, &problem, &measure, "周慧").unwrap_err().to_string();
    assert_eq!(message, format!("责任人含有看不见的字符 U+202D（从左到右覆盖），{LOOK_ALIKE}。"));
}

#[test]
fn a_report_package_naming_someone_with_an_invisible_character_is_refused() {
    let store = sample_store();
    let good = shuzhi::package::export_report_package(&store, "rep-jd").unwrap();
    let forged = crate::returns::reseal(&crate::package::rezip(&good, |name, content| {
        if name != "report.json" {
            return Some((name.to_string(), content));
        }
        let mut part: serde_json::Value = serde_json::from_slice(&content).unwrap();
        part["responsibilities"][0]["owner"] = serde_json::json!("赵\u{2067}敏");
        Some((name.to_string(), serde_json::to_vec(&part).unwrap()))
    }));
    let message = shuzhi::package::read_package("p.szpkg", &forged).unwrap_err().to_string();
    assert!(
        message.contains(&format!("责任人“赵<U+2067>敏”含有看不见的字符 U+2067（从右到左隔离），{LOOK_ALIKE}")),
        "{message}"
    );
    assert!(shuzhi::package::read_package("p.szpkg", &good).is_ok(), "the package as exported is fine");
}

#[test]
fn the_organizer_is_a_name_too_when_a_year_is_set_up_and_in_the_campaign_file() {
    let mut store = new_store();
    let input = CampaignInput {
        year: 2024,
        title: "2024年度基层党组织书记抓基层党建工作述职评议".into(),
        organizer: "中共市卫生健康委员会\u{200B}委员会".into(),
        meeting_date: String::new(),
        earlier_year_confirmed: false,
    };
    let message = create_campaign(&mut store, &input, None, "孟晓东").unwrap_err().to_string();
    assert_eq!(message, format!("组织方名称含有看不见的字符 U+200B（零宽空格），{LOOK_ALIKE}。"));
    assert!(shuzhi::store::campaigns::list_campaigns(store.conn()).unwrap().is_empty(), "nothing was written");

    let mut value = sample_value();
    value["campaign"]["organizer"] = serde_json::json!("中共\u{202E}委员会");
    let bytes = serde_json::to_vec(&value).unwrap();
    let message = shuzhi::exchange::parse_document("年度.json", &bytes).unwrap_err().to_string();
    assert!(
        message.contains("campaign.organizer：组织方“中共<U+202E>委员会”含有看不见的字符 U+202E（从右到左覆盖）"),
        "{message}"
    );
}

#[test]
fn people_named_while_tracking_the_lists_pass_the_same_rule() {
    let mut store = sample_store();
    let message =
        shuzhi::lists::sign_off(&mut store, "rec-jd-1-1", "2024-06-30", "孟\u{200B}晓东", "会议记录", "孟晓东")
            .unwrap_err()
            .to_string();
    assert_eq!(message, format!("核验人含有看不见的字符 U+200B（零宽空格），{LOOK_ALIKE}。"));
    let message = shuzhi::lists::add_inspection(
        &mut store,
        "rec-jd-1-1",
        shuzhi::domain::InspectionKind::Spot,
        "2024-03-01",
        "孟晓东\u{202E}",
        "按计划推进",
        "测试",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(message, format!("督查人含有看不见的字符 U+202E（从右到左覆盖），{LOOK_ALIKE}。"));
    let message = shuzhi::lists::sign_off_lists(
        &mut store,
        crate::SAMPLE_ID,
        Some("sec-jd"),
        "\u{2066}孟晓东",
        "",
        "孟晓东",
        chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(message, format!("审核人含有看不见的字符 U+2066（从左到右隔离），{LOOK_ALIKE}。"));
}

#[test]
fn the_commenter_and_the_reviewer_pass_the_same_rule() {
    // Reproduces: a 点评 by "林\u{202E}振华" and a review by "孟\u{200B}晓东" were stored as
    // typed and travelled to the secretary in the return package.
    let mut store = sample_store();
    let input = shuzhi::meeting::CommentInput {
        commenter: "林\u{202E}振华".into(),
        shortcomings: vec!["学习不够深入".into()],
        direction: "加强学习".into(),
        responsibility: "书记负责".into(),
    };
    let message = shuzhi::meeting::save_comment(&mut store, "sec-syy", &input, "测试").unwrap_err().to_string();
    assert_eq!(message, format!("点评人含有看不见的字符 U+202E（从右到左覆盖），{LOOK_ALIKE}。"));
    let review = shuzhi::report::ReviewInput {
        level: None,
        decision: shuzhi::domain::ApprovalDecision::Returned,
        reviewer: "孟\u{200B}晓东".into(),
        comments: vec![],
    };
    let message = shuzhi::report::review_report(&mut store, "rep-jd", &review, "测试").unwrap_err().to_string();
    assert_eq!(message, format!("审核人含有看不见的字符 U+200B（零宽空格），{LOOK_ALIKE}。"));
}

#[test]
fn every_text_a_form_writes_has_the_limit_an_import_has() {
    // Reproduces: problems, measures, 点评, progress notes, 督查 and review comments took any
    // length, while an import of the same text was refused.
    let mut store = sample_store();
    let long = "长".repeat(shuzhi::limits::TEXT_CHARS + 1);
    let over = |error: shuzhi::Error| {
        let message = error.to_string();
        assert!(message.contains("超过了 100000 个字的上限") && message.ends_with("请删减后再保存。"), "{message}");
    };
    let comment = shuzhi::meeting::CommentInput {
        commenter: "林振华".into(),
        shortcomings: vec![long.clone()],
        direction: "方向".into(),
        responsibility: "责任".into(),
    };
    over(shuzhi::meeting::save_comment(&mut store, "sec-zyy", &comment, "测试").unwrap_err());
    over(shuzhi::lists::add_progress(&mut store, "rec-jd-1-1", "2024-03-01", &long, "", "测试").unwrap_err());
    over(shuzhi::lists::sign_off(&mut store, "rec-jd-1-1", "2024-03-01", "孟晓东", &long, "测试").unwrap_err());
    over(
        shuzhi::lists::add_inspection(
            &mut store,
            "rec-jd-1-1",
            shuzhi::domain::InspectionKind::Regular,
            "2024-03-01",
            "孟晓东",
            &long,
            "测试",
        )
        .unwrap_err(),
    );
    let review = shuzhi::report::ReviewInput {
        level: None,
        decision: shuzhi::domain::ApprovalDecision::Returned,
        reviewer: "孟晓东".into(),
        comments: vec![shuzhi::report::ReviewCommentInput { focus_point_id: None, text: long.clone() }],
    };
    over(shuzhi::report::review_report(&mut store, "rep-syy", &review, "测试").unwrap_err());
    let log = shuzhi::store::audit::list_for_campaign(store.conn(), crate::SAMPLE_ID).unwrap();
    assert!(log.iter().all(|e| e.actor != "测试"), "nothing was written");
}
