//! The secretary's report package: what it carries (the report, its revisions, evidence
//! bytes, problem items and progress notes), its export, and its import on the organizer's
//! computer, where it only proposes: states, reviews and sign-offs stay the organizer's.

use super::*;

/// The report part of a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportPart {
    pub campaign_id: String,
    pub campaign_title: String,
    pub secretary_id: String,
    pub secretary_name: String,
    pub report: Report,
    pub revisions: Vec<Revision>,
    pub evidence: Vec<Evidence>,
    pub problems: Vec<Problem>,
    pub responsibilities: Vec<Responsibility>,
    pub rectifications: Vec<Rectification>,
    /// The secretary's progress notes on these measures (format version 2).
    #[serde(default)]
    pub progress_notes: Vec<crate::domain::ProgressNote>,
}

/// A report package as bytes.
pub fn export_report_package(store: &Store, report_id: &str) -> Result<Vec<u8>> {
    let campaign_id = crate::report::evidence::campaign_of_report(store, report_id)?;
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, &campaign_id)?;
    let report = reports::get_report(conn, report_id)?.expect("found");
    let secretary = organizations::list_secretaries(conn, &campaign_id)?
        .into_iter()
        .find(|s| s.id == report.secretary_id)
        .expect("the report's secretary");
    let problems: Vec<Problem> =
        lists::list_problems(conn, &campaign_id)?.into_iter().filter(|p| p.secretary_id == secretary.id).collect();
    let in_problems = |id: &str| problems.iter().any(|p| p.id == id);
    let rectifications: Vec<Rectification> =
        lists::list_rectifications(conn, &campaign_id)?.into_iter().filter(|r| in_problems(&r.problem_id)).collect();
    let mut with_bytes = Vec::new();
    let mut blobs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for evidence in reports::list_evidence(conn, &campaign_id)?.into_iter().filter(|e| e.report_id == report.id) {
        if !blobs.contains_key(&evidence.sha256) {
            let Some(content) = crate::report::evidence::verified_blob(conn, &evidence.file_name, &evidence.sha256)?
            else {
                continue;
            };
            blobs.insert(evidence.sha256.clone(), content);
        }
        with_bytes.push(evidence);
    }
    let part = ReportPart {
        campaign_id: campaign.id.clone(),
        campaign_title: campaign.title.clone(),
        secretary_id: secretary.id.clone(),
        secretary_name: secretary.name.clone(),
        revisions: reports::list_revisions(conn, &campaign_id)?
            .into_iter()
            .filter(|r| r.report_id == report.id)
            .collect(),
        // Only evidence whose file is here travels: a record that came in a campaign file has
        // no bytes on this computer, and the other side has that record already.
        evidence: with_bytes,
        responsibilities: lists::list_responsibilities(conn, &campaign_id)?
            .into_iter()
            .filter(|r| in_problems(&r.problem_id))
            .collect(),
        progress_notes: lists::list_progress_notes(conn, &campaign_id)?
            .into_iter()
            .filter(|n| rectifications.iter().any(|r| r.id == n.rectification_id))
            .collect(),
        rectifications,
        problems: problems.clone(),
        report,
    };
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("report.json".into(), serde_json::to_vec_pretty(&part).expect("serializes"))];
    files.extend(blobs.into_iter().map(|(sha256, content)| (format!("evidence/{sha256}"), content)));
    write_package("report", &files)
}

/// A package read and checked, nothing written yet.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedPackage {
    pub manifest: Manifest,
    pub part: ReportPart,
    pub blobs: BTreeMap<String, Vec<u8>>,
}

/// Reads and checks a report package; `file` names it in messages.
pub fn read_package(file: &str, bytes: &[u8]) -> Result<CheckedPackage> {
    checked_report(file, open_package(file, bytes)?)
}

/// Checks an opened package as a report package.
pub(super) fn checked_report(file: &str, opened: OpenedPackage) -> Result<CheckedPackage> {
    let OpenedPackage { manifest, mut contents } = opened;
    if manifest.kind != "report" {
        return Err(bad_package(
            file,
            "这是组织方发回的回执包，不是书记的述职报告交换包".into(),
            "请在书记本人的电脑上导入回执包。",
        ));
    }
    let report_bytes = contents.remove("report.json").expect("checked by open_package");
    let mut part: ReportPart = json_part(file, "report.json", &report_bytes)?;
    if part.report.secretary_id != part.secretary_id {
        return Err(damaged(file, "报告与书记不一致".into()));
    }
    let wrong = |what: &str| Err(damaged(file, format!("交换包中的{what}不属于{}", part.secretary_name)));
    if part.revisions.iter().any(|r| r.report_id != part.report.id) {
        return wrong("报告版本");
    }
    if part.problems.iter().any(|p| p.secretary_id != part.secretary_id) {
        return wrong("问题");
    }
    let belongs = |problem_id: &str| part.problems.iter().any(|p| p.id == problem_id);
    if part.responsibilities.iter().any(|r| !belongs(&r.problem_id))
        || part.rectifications.iter().any(|r| !belongs(&r.problem_id))
    {
        return wrong("责任或整改措施");
    }
    if part.progress_notes.iter().any(|n| !part.rectifications.iter().any(|r| r.id == n.rectification_id)) {
        return wrong("整改进展");
    }
    if let Some(problem) =
        crate::lists::items::names_problem(&part.secretary_name, &part.responsibilities, &part.rectifications)
    {
        return Err(bad_package(file, problem, "为安全起见，这个包不会被导入。请让对方改正这个名字后重新导出。"));
    }
    let mut blobs: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for e in &mut part.evidence {
        if e.report_id != part.report.id {
            return Err(damaged(file, format!("佐证材料“{}”不属于这份报告", e.file_name)));
        }
        let Some(content) = contents.get(&format!("evidence/{}", e.sha256)) else {
            return Err(damaged(file, format!("缺少佐证材料“{}”的文件", e.file_name)));
        };
        // The same rules as attaching by hand: the name, size and kind are checked here, from
        // the bytes, never taken from the package.
        let (name, media_type) = crate::report::evidence::checked_file(&e.file_name, content).map_err(|error| {
            bad_package(
                file,
                format!("佐证材料“{}”不符合附加佐证材料的规定（{error}）", e.file_name),
                "为安全起见，这个包不会被导入。请让对方删去这份材料后重新导出。",
            )
        })?;
        (e.file_name, e.media_type, e.size_bytes) = (name, media_type, content.len() as u64);
        blobs.insert(e.sha256.clone(), content.clone());
    }
    Ok(CheckedPackage { manifest, part, blobs })
}

/// What importing a package did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PackageImported {
    pub secretary_id: String,
    pub report_id: String,
    pub secretary_name: String,
    pub replaced: bool,
    pub revisions_added: u32,
    pub evidence_added: u32,
    pub problems_added: u32,
    /// Her own problems and measures whose words she changed, taken as she wrote them.
    pub items_changed: u32,
    pub progress_added: u32,
}

impl PackageImported {
    /// One sentence for people.
    pub fn summary(&self) -> String {
        format!(
            "已导入{}的述职报告{}：新增版本 {} 个、佐证材料 {} 份、问题 {} 个、整改进展 {} 条{}。",
            self.secretary_name,
            if self.replaced { "（替换本机的报告）" } else { "" },
            self.revisions_added,
            self.evidence_added,
            self.problems_added,
            self.progress_added,
            if self.items_changed > 0 {
                format!("，修改问题或措施的文字 {} 处", self.items_changed)
            } else {
                String::new()
            }
        )
    }
}

/// What this database holds of the package's secretary, read to decide an import.
struct ReportPlan {
    campaign: crate::domain::Campaign,
    existing: Option<Report>,
    revisions_here: Vec<Revision>,
    evidence_here: Vec<String>,
    problems_here: Vec<String>,
    responsibilities_here: Vec<String>,
    measures_here: Vec<String>,
    notes_here: Vec<String>,
    /// The report here says something the package has never seen.
    unknown_here: bool,
}

/// Decides whether the package may be imported here and reads what the writes need. Run
/// once before the backup (a refused package makes none) and again inside the write
/// transaction, whose reads are the ones the writes meet.
fn plan_report_import(conn: &rusqlite::Connection, file: &str, part: &ReportPart, replace: bool) -> Result<ReportPlan> {
    let Ok(campaign) = campaigns::get_campaign(conn, &part.campaign_id) else {
        return Err(Error::InvalidImport {
            file: file.to_string(),
            place: String::new(),
            problem: format!("交换包属于“{}”，本数据库中没有这个年度述职评议", part.campaign_title),
            fix: "请先导入组织方下发的年度述职评议文件，再导入交换包。".into(),
        });
    };
    super::trust::refuse_report_package_here(conn, file)?;
    if !organizations::list_secretaries(conn, &campaign.id)?.iter().any(|s| s.id == part.secretary_id) {
        return Err(Error::InvalidImport {
            file: file.to_string(),
            place: String::new(),
            problem: format!("本数据库的“{}”中没有书记“{}”", campaign.title, part.secretary_name),
            fix: "请核对交换包是否属于本年度、本单位。".into(),
        });
    }
    let existing = reports::report_by_secretary(conn, &part.secretary_id)?;
    let revisions_here: Vec<Revision> =
        reports::list_revisions(conn, &campaign.id)?.into_iter().filter(|r| r.report_id == part.report.id).collect();
    let mut unknown_here = false;
    if let Some(here) = &existing {
        if here.id != part.report.id {
            return Err(Error::Conflict {
                message: format!(
                    "本数据库中{}已有另一份报告，不能用交换包替换。请联系管理员核对。",
                    part.secretary_name
                ),
            });
        }
        let reviewed = matches!(here.status, ReportStatus::Submitted | ReportStatus::Approved) && here.review_level > 0;
        let changed = here.sections.iter().filter(|s| {
            part.report.sections.iter().find(|p| p.focus_point_id == s.focus_point_id).is_none_or(|p| p.body != s.body)
        });
        let changed = changed.count();
        unknown_here = unknown_to(here, part);
        // What the organizer approved stays so: no package rewrites an approved report.
        if here.status == ReportStatus::Approved && changed > 0 {
            return Err(Error::Conflict {
                message: format!(
                    "本数据库中{}的报告已审核通过，与交换包相比有 {} 节不同。交换包不能改动已审核通过的报告；确需修改的，请先由审核人员退回修改，再请书记修改后重新提交、导出交换包。",
                    part.secretary_name, changed
                ),
            });
        }
        let saved_at = |at: &str| at.get(..16).unwrap_or(at).replace('T', " ");
        if unknown_here && !replace && changed > 0 && older_than_here(here, part, &revisions_here) {
            return Err(Error::Conflict {
                message: format!(
                    "这个交换包比本机{}的报告旧：本机的报告保存于 {}，交换包中的保存于 {}，有 {} 节不同。旧的交换包不会替换较新的文字。请先比较两者；确认要用这个较旧的交换包替换时，再选择“替换”导入（本机的文字会先另存为一个版本）。",
                    part.secretary_name,
                    saved_at(&here.updated_at),
                    saved_at(&part.report.updated_at),
                    changed
                ),
            });
        }
        if (reviewed || unknown_here) && !replace && changed > 0 {
            return Err(Error::Conflict {
                message: format!(
                    "本数据库中{}的报告{}（保存于 {}），与交换包相比有 {} 节不同。请先比较两者；确认要用交换包替换时，再选择“替换”导入（本机的文字会先另存为一个版本）。",
                    part.secretary_name,
                    if unknown_here { "有交换包中没有的内容" } else { "已在审核中" },
                    saved_at(&here.updated_at),
                    changed
                ),
            });
        }
    }
    // Only this secretary's rows count as already here: an id held by someone else's row is a
    // clash, refused at the write, never a silent skip.
    let evidence_here: Vec<String> = reports::list_evidence(conn, &campaign.id)?
        .into_iter()
        .filter(|e| e.report_id == part.report.id)
        .map(|e| e.id)
        .collect();
    let problems_here: Vec<String> = lists::list_problems(conn, &campaign.id)?
        .into_iter()
        .filter(|p| p.secretary_id == part.secretary_id)
        .map(|p| p.id)
        .collect();
    let responsibilities_here: Vec<String> = lists::list_responsibilities(conn, &campaign.id)?
        .into_iter()
        .filter(|r| problems_here.contains(&r.problem_id))
        .map(|r| r.id)
        .collect();
    let measures_here: Vec<String> = lists::list_rectifications(conn, &campaign.id)?
        .into_iter()
        .filter(|r| problems_here.contains(&r.problem_id))
        .map(|r| r.id)
        .collect();
    let notes_here: Vec<String> = lists::list_progress_notes(conn, &campaign.id)?
        .into_iter()
        .filter(|n| measures_here.contains(&n.rectification_id))
        .map(|n| n.id)
        .collect();
    Ok(ReportPlan {
        campaign,
        existing,
        revisions_here,
        evidence_here,
        problems_here,
        responsibilities_here,
        measures_here,
        notes_here,
        unknown_here,
    })
}

/// Imports a checked report package. A report here that is newer, or already submitted or
/// approved, is replaced only with `replace` (after the person saw the difference).
pub fn import_report_package(
    store: &mut Store,
    file: &str,
    package: &CheckedPackage,
    replace: bool,
    actor: &str,
) -> Result<PackageImported> {
    let part = &package.part;
    plan_report_import(store.conn(), file, part, replace)?;
    crate::store::backup::automatic_backup(store, "before-import")?;
    let tx = store.begin_write()?;
    let written = (move || -> Result<PackageImported> {
        // Decided again under the write lock: another import, an edit or a review that came
        // in since the first look is what this write meets.
        let plan = plan_report_import(&tx, file, part, replace)?;
        let ReportPlan {
            campaign,
            existing,
            revisions_here,
            evidence_here,
            problems_here,
            responsibilities_here,
            measures_here,
            notes_here,
            unknown_here,
        } = plan;
        // The package proposes; this database decides the report's state and every sign-off.
        let (status, review_level) = crate::report::state_after_package(existing.as_ref(), &part.report);
        let report = Report { status, review_level, ..part.report.clone() };
        crate::store::defer_foreign_keys(&tx)?;
        if existing.is_some() {
            reports::replace_report(&tx, &report)?;
        } else {
            reports::insert_report(&tx, &report)?;
        }
        let mut added = PackageImported {
            secretary_id: part.secretary_id.clone(),
            report_id: report.id.clone(),
            secretary_name: part.secretary_name.clone(),
            // Replaced only when the report here said something else; the same report again is no replacement.
            replaced: existing.as_ref().is_some_and(|here| {
                here.sections != report.sections
                    || here.status != report.status
                    || here.review_level != report.review_level
            }),
            revisions_added: 0,
            evidence_added: 0,
            problems_added: 0,
            items_changed: 0,
            progress_added: 0,
        };
        added.revisions_added = insert_new_revisions(&tx, &revisions_here, &part.revisions)?;
        // After the package's revisions, so that its number is taken after theirs.
        if let Some(here) = existing.as_ref().filter(|_| unknown_here) {
            crate::report::insert_next_revision(&tx, here, actor, "导入交换包前的本机稿")?;
        }
        for (sha, content) in &package.blobs {
            crate::store::evidence::store_blob(&tx, sha, content)?;
        }
        let position = store::next_position(&tx, store::Positioned::Evidence)?;
        for (i, evidence) in part.evidence.iter().filter(|e| !evidence_here.contains(&e.id)).enumerate() {
            reports::insert_evidence(&tx, position + i, evidence)?;
            added.evidence_added += 1;
        }
        let next = |table: store::Positioned| store::next_position(&tx, table);
        let start = next(store::Positioned::Problems)?;
        for (i, p) in part.problems.iter().filter(|p| !problems_here.contains(&p.id)).enumerate() {
            lists::insert_problem(&tx, start + i, p)?;
            added.problems_added += 1;
        }
        // Her own problems (自查) and the measures not yet signed off keep the words she
        // wrote last: the report's sections and the lists say the same thing. A problem from
        // a 点评 or 督查 is the organizer's words, and a 销号 closes a measure's words.
        let lists_here = lists::list_problems(&tx, &campaign.id)?;
        for p in part.problems.iter().filter(|p| problems_here.contains(&p.id)) {
            let Some(here) = lists_here.iter().find(|h| h.id == p.id) else { continue };
            if here.source == crate::domain::ProblemSource::SelfReview
                && (here.category != p.category || here.description != p.description || here.cause != p.cause)
            {
                lists::update_problem_text(&tx, &p.id, &p.category, &p.description, &p.cause)?;
                added.items_changed += 1;
            }
        }
        let measures_now = lists::list_rectifications(&tx, &campaign.id)?;
        for r in part.rectifications.iter().filter(|r| measures_here.contains(&r.id)) {
            let Some(here) = measures_now.iter().find(|h| h.id == r.id) else { continue };
            if here.sign_off.is_none()
                && (here.measure != r.measure || here.target != r.target || here.owner != r.owner || here.due != r.due)
            {
                let text = lists::MeasureText {
                    measure: &r.measure,
                    target: &r.target,
                    owner: &r.owner,
                    due: r.due.as_deref(),
                };
                lists::update_measure_text(&tx, &r.id, &text)?;
                added.items_changed += 1;
            }
        }
        let start = next(store::Positioned::Responsibilities)?;
        for (i, r) in part.responsibilities.iter().filter(|r| !responsibilities_here.contains(&r.id)).enumerate() {
            lists::insert_responsibility(&tx, start + i, r)?;
        }
        let start = next(store::Positioned::Rectifications)?;
        for (i, r) in part.rectifications.iter().filter(|r| !measures_here.contains(&r.id)).enumerate() {
            // A measure arrives as a proposal: not started, never signed off (销号 is the
            // organizer's act); her progress notes below may mark it 整改中.
            let proposed = Rectification { status: RectificationStatus::NotStarted, sign_off: None, ..r.clone() };
            lists::insert_rectification(&tx, start + i, &proposed)?;
        }
        let start = next(store::Positioned::ProgressNotes)?;
        for (i, note) in part.progress_notes.iter().filter(|n| !notes_here.contains(&n.id)).enumerate() {
            lists::insert_progress_note(&tx, start + i, note)?;
            lists::mark_in_progress(&tx, &note.rectification_id)?;
            added.progress_added += 1;
        }
        audit::record(
            &tx,
            Some(&campaign.id),
            &audit::entry(
                actor,
                "package.import",
                "report",
                &part.report.id,
                format!(
                    "从交换包 {file} 导入{}的述职报告{}",
                    part.secretary_name,
                    if added.items_changed > 0 {
                        format!("，按其修改问题或措施的文字 {} 处", added.items_changed)
                    } else {
                        String::new()
                    }
                ),
            ),
        )?;
        tx.commit()?;
        Ok(added)
    })();
    written.map_err(|e| clash(file, e))
}

/// True when the package is older than the report here, so that replacing would take the
/// text back. The report here was saved after the package's: both texts then come from the
/// secretary's computer, so the two times are read from one clock (a report here that
/// someone else edited is unknown to the package and asked about anyway, only in other
/// words). Without readable (or with equal) times, the package's text being one this database has already
/// kept as a version and moved on from says the same.
fn older_than_here(here: &Report, part: &ReportPart, revisions_here: &[Revision]) -> bool {
    let at = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
    match (at(&part.report.updated_at), at(&here.updated_at)) {
        (Some(package), Some(here)) if package != here => package < here,
        _ => {
            let theirs = text_of(&part.report.sections);
            revisions_here.iter().any(|r| text_of(&r.sections) == theirs)
        }
    }
}

/// True when the report here says something the package has never seen: neither its text
/// nor any of its revisions. (Clocks of two computers differ, so no timestamp decides this.)
fn unknown_to(here: &Report, part: &ReportPart) -> bool {
    let text = text_of(&here.sections);
    text != text_of(&part.report.sections) && !part.revisions.iter().any(|r| text_of(&r.sections) == text)
}

/// Inserts the revisions not yet here, renumbering one whose number is taken here (a revision
/// saved on each computer after the last exchange); returns how many were added.
pub(crate) fn insert_new_revisions(
    tx: &rusqlite::Transaction<'_>,
    here: &[Revision],
    incoming: &[Revision],
) -> Result<u32> {
    let mut numbers: std::collections::BTreeSet<u32> = here.iter().map(|r| r.number).collect();
    let mut added = 0;
    for revision in incoming.iter().filter(|r| !here.iter().any(|h| h.id == r.id)) {
        let mut revision = revision.clone();
        if numbers.contains(&revision.number) {
            revision.number = numbers.last().copied().unwrap_or(0) + 1;
        }
        numbers.insert(revision.number);
        reports::insert_revision(tx, &revision)?;
        added += 1;
    }
    Ok(added)
}

/// The secretary's report package, with the name it is saved under, which tells one round
/// from the next and one year from the next: 李秀兰2023年度述职报告（第3版 2024年1月20日）.szpkg
/// (the latest version it carries).
pub fn report_package_export(store: &Store, report_id: &str) -> Result<crate::files::Export> {
    let plain = crate::report::pdf::report_file_name(store, report_id, "szpkg")?;
    // The year too: next year's first package is not named as this year's.
    let year = reports::year_of_report(store.conn(), report_id)?;
    let name = plain.trim_end_matches(".szpkg").trim_end_matches("述职报告");
    let stem = format!("{name}{year}年度述职报告");
    let campaign_id = crate::store::reports::author_of(store.conn(), report_id)?.map(|a| a.campaign_id);
    let version = match &campaign_id {
        Some(campaign) => reports::list_revisions(store.conn(), campaign)?
            .iter()
            .filter(|r| r.report_id == report_id)
            .map(|r| r.number)
            .max(),
        None => None,
    };
    let day = chrono::Local::now().format("%Y年%-m月%-d日");
    let file_name = match version {
        Some(version) => format!("{stem}（第{version}版 {day}）.szpkg"),
        None => format!("{stem}（{day}）.szpkg"),
    };
    Ok(crate::files::Export { file_name, bytes: export_report_package(store, report_id)? })
}
