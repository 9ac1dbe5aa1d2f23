//! The meeting's settings, its panel of raters (categories, sizes, weights) and the scoring rules.

use super::*;

/// Saves the speaking time, the grading dimensions, double entry, whether 书面述职 is rated
/// and the rotation of 现场述职. Everything that decides is read inside the write.
pub fn save_settings(store: &mut Store, campaign_id: &str, settings: &MeetingSettings, actor: &str) -> Result<()> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "修改会议设置")?;
    super::refuse_paper_year(store, campaign_id)?;
    if settings.speaking_minutes == 0 || settings.speaking_minutes > 60 {
        return Err(Error::invalid("每人述职时间应为 1 至 60 分钟。"));
    }
    if settings.on_site_every_years.is_some_and(|n| n == 0 || n > 10) {
        return Err(Error::invalid(
            "现场述职的轮换年数应为 1 至 10 年（例如 2：每个党组织两年内至少现场述职一次）；不检查时请留空。",
        ));
    }
    let dimensions: Vec<String> =
        settings.dimensions.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
    if dimensions.iter().collect::<BTreeSet<_>>().len() != dimensions.len() {
        return Err(Error::invalid("分项评价的名称有重复，请删去重复的一项。"));
    }
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let has_ballots = meeting::has_ballots(store.conn(), campaign_id)?;
    if has_ballots && dimensions != campaign.dimensions {
        return Err(Error::Conflict {
            message: "已经录入了测评票，分项评价不能再改。若确需修改，请先删除已录入的测评票。".into(),
        });
    }
    if has_ballots && settings.double_entry != campaign.double_entry {
        return Err(Error::Conflict {
            message: "已经录入了测评票，不能再切换双人录入。请在开始录入前设定。".into()
        });
    }
    if has_ballots
        && settings.written_rated != campaign.written_rated
        && !campaigns::list_written(store.conn(), campaign_id)?.is_empty()
    {
        return Err(Error::Conflict {
            message: "已经录入了测评票，书面述职的书记是否参加测评不能再改（测评表上的人选会变）。请在开始录入前设定。"
                .into(),
        });
    }
    let saved = MeetingSettings { dimensions: dimensions.clone(), ..settings.clone() };
    campaigns::set_meeting_settings(&tx, campaign_id, &saved)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "meeting.settings",
            "campaign",
            campaign_id,
            format!(
                "每人 {} 分钟；分项评价：{}；双人录入：{}；书面述职{}；{}",
                settings.speaking_minutes,
                if dimensions.is_empty() { "无".into() } else { dimensions.join("、") },
                if settings.double_entry { "是" } else { "否" },
                if settings.written_rated { "参加测评" } else { "不参加测评" },
                settings.on_site_every_years.map_or("不检查现场述职轮换".to_string(), |n| format!(
                    "每个党组织 {n} 年内至少现场述职一次"
                ))
            ),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Marks secretaries as reporting in writing (书面述职, `written`) or on the spot. When the
/// year's 方案 does not rate 书面述职 this changes who is on the ballot, so it is refused once
/// ballots exist.
pub fn set_reporting_mode(
    store: &mut Store,
    campaign_id: &str,
    secretary_ids: &[Id],
    written: bool,
    actor: &str,
) -> Result<()> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "设定现场或书面述职")?;
    require_open(store, campaign_id)?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let everyone = roster(store, campaign_id)?;
    let mut names = Vec::new();
    for id in secretary_ids {
        match everyone.iter().find(|s| &s.secretary_id == id) {
            Some(s) => names.push(s.name.clone()),
            None => return Err(Error::invalid(format!("书记“{id}”不属于本年度述职评议。请刷新后重试。"))),
        }
    }
    if names.is_empty() {
        return Err(Error::invalid("请至少选择一位书记。"));
    }
    let changes_ballot = !campaign.written_rated
        && everyone.iter().any(|s| secretary_ids.contains(&s.secretary_id) && s.written != written);
    if changes_ballot && meeting::has_ballots(store.conn(), campaign_id)? {
        return Err(Error::Conflict {
            message: "本年度书面述职的书记不参加测评，已经录入了测评票，改动会改变测评表上的人选。若确需改动，请先删除已录入的测评票。"
                .into(),
        });
    }
    campaigns::set_written(&tx, campaign_id, secretary_ids, written)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "agenda.mode",
            "campaign",
            campaign_id,
            format!("{}：{}", if written { "书面述职" } else { "现场述职" }, names.join("、")),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

/// Replaces the rater categories (评议人类别) with the edited list.
pub fn save_panel(store: &mut Store, campaign_id: &str, categories: &[CategoryInput], actor: &str) -> Result<()> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "修改测评人员")?;
    require_open(store, campaign_id)?;
    if categories.is_empty() {
        return Err(Error::invalid("至少要有一类评议人。"));
    }
    let mut names = BTreeSet::new();
    for (i, c) in categories.iter().enumerate() {
        let name = c.name.trim();
        if name.is_empty() {
            return Err(Error::invalid(format!("第 {} 类评议人没有名称，请填写，例如“党员群众代表”。", i + 1)));
        }
        if !names.insert(name) {
            return Err(Error::invalid(format!("评议人类别“{name}”重复，请合并或改名。")));
        }
        if c.weight_percent > 100 {
            return Err(Error::invalid(format!("“{name}”的权重 {}% 超过 100%。", c.weight_percent)));
        }
        if c.planned_size > 1000 {
            return Err(Error::invalid(format!("“{name}”的人数 {} 过大，请核对。", c.planned_size)));
        }
    }
    let weight: u32 = categories.iter().map(|c| c.weight_percent).sum();
    if weight == 0 {
        return Err(Error::invalid(
            "各类评议人的权重不能全为 0。通常合计为 100%，例如上级领导 30%、党员群众代表 40%。",
        ));
    }
    let conn = store.conn();
    let existing = meeting::list_rater_categories(conn, campaign_id)?;
    let ballots = meeting::list_ballots(conn, campaign_id)?;
    for old in &existing {
        if !categories.iter().any(|c| c.id.as_deref() == Some(old.id.as_str()))
            && ballots.iter().any(|b| b.category_id == old.id)
        {
            return Err(Error::Conflict {
                message: format!("“{}”已有测评票，不能删除这一类评议人。", old.name)
            });
        }
    }
    let codes = meeting::list_codes(conn, campaign_id)?;
    let mut switched = Vec::new();
    for c in categories {
        if let Some(id) = &c.id {
            let Some(old) = existing.iter().find(|e| &e.id == id) else {
                return Err(Error::invalid(format!("评议人类别“{}”不属于本年度述职评议，请刷新后重试。", c.name)));
            };
            if old.ballot_channel != c.ballot_channel {
                // A rater holds a sheet or a code: once one came back, the way this category
                // votes is settled.
                if ballots.iter().any(|b| &b.category_id == id) || codes.iter().any(|k| &k.category_id == id && k.used)
                {
                    return Err(Error::Conflict {
                        message: format!(
                            "“{}”已有测评票收回，测评方式不能再从“{}”改为“{}”。",
                            old.name,
                            old.ballot_channel.label(),
                            c.ballot_channel.label()
                        ),
                    });
                }
                switched.push(old);
            }
        }
    }
    // What was issued the other way stops counting: the codes made for a category that now
    // votes on paper are void (a code is never made again), and the sheets printed for one
    // that now votes by phone are refused at entry while it does (their numbers stay taken,
    // so a reprint never gives an old sheet's number to a new one).
    let mut voided = Vec::new();
    let sheets = meeting::list_sheets(conn, campaign_id)?;
    for old in switched {
        let name = &old.name;
        match old.ballot_channel {
            BallotChannel::Phone => {
                let count = meeting::delete_category_codes(&tx, &old.id)?;
                if count > 0 {
                    voided.push(format!("“{name}”已发出的 {count} 个测评码作废"));
                }
            }
            BallotChannel::Paper => {
                let count = sheets.iter().filter(|s| s.category_id == old.id).count();
                if count > 0 {
                    voided.push(format!("“{name}”已印的 {count} 张测评表改用手机后不再受理"));
                }
            }
        }
    }
    for old in &existing {
        if !categories.iter().any(|c| c.id.as_deref() == Some(old.id.as_str())) {
            meeting::delete_rater_category(&tx, &old.id)?;
        }
    }
    for (position, c) in categories.iter().enumerate() {
        let category = RaterCategory {
            id: c.id.clone().unwrap_or_else(new_id),
            name: c.name.trim().to_string(),
            weight_percent: c.weight_percent,
            planned_size: c.planned_size,
            ballot_channel: c.ballot_channel,
        };
        if c.id.is_some() {
            meeting::update_rater_category(&tx, position, &category)?;
        } else {
            meeting::insert_rater_category(&tx, campaign_id, position, &category)?;
        }
    }
    let mut described: Vec<String> = categories
        .iter()
        .map(|c| {
            format!("{} {} 人 权重 {}% {}", c.name.trim(), c.planned_size, c.weight_percent, c.ballot_channel.label())
        })
        .collect();
    described.extend(voided);
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(actor, "panel.save", "campaign", campaign_id, described.join("；")),
    )?;
    tx.commit()?;
    Ok(())
}

/// Sets how the categories with these ids vote (the others keep their way), through
/// [`save_panel`] and its rules; an id the panel does not have is refused first.
pub fn set_ballot_channel(
    store: &mut Store,
    campaign_id: &str,
    category_ids: &[Id],
    way: BallotChannel,
    actor: &str,
) -> Result<()> {
    let categories = meeting::list_rater_categories(store.conn(), campaign_id)?;
    if let Some(unknown) = category_ids.iter().find(|id| !categories.iter().any(|c| &c.id == *id)) {
        return Err(Error::invalid(format!(
            "没有编号为 {unknown} 的评议人类别。用 shuzhi meeting show --campaign {campaign_id} 查看各类的编号。"
        )));
    }
    let panel: Vec<CategoryInput> = categories
        .into_iter()
        .map(|c| CategoryInput {
            ballot_channel: if category_ids.contains(&c.id) { way } else { c.ballot_channel },
            id: Some(c.id),
            name: c.name,
            weight_percent: c.weight_percent,
            planned_size: c.planned_size,
        })
        .collect();
    save_panel(store, campaign_id, &panel, actor)
}

/// Saves a new version of the campaign's scoring rules and returns its number.
pub fn save_rules(store: &mut Store, campaign_id: &str, rules: &ScoringRules, actor: &str) -> Result<u32> {
    rules.validate()?;
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "修改计票规则")?;
    require_open(store, campaign_id)?;
    let versions = meeting::list_rules_versions(store.conn(), campaign_id)?;
    if versions.last().is_some_and(|v| &v.rules == rules) {
        return Ok(versions.last().map_or(1, |v| v.version));
    }
    let version = versions.last().map_or(1, |v| v.version + 1);
    meeting::insert_rules_version(
        &tx,
        campaign_id,
        &RulesVersion { version, rules: rules.clone(), created_at: store::now_text(), actor: actor.to_string() },
    )?;
    campaigns::set_scoring_rules(&tx, campaign_id, rules)?;
    audit::record(
        &tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "rules.save",
            "campaign",
            campaign_id,
            format!("计分规则第 {version} 版：{}", rules.describe()),
        ),
    )?;
    tx.commit()?;
    Ok(version)
}
