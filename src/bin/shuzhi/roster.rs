//! `shuzhi roster …` and `shuzhi settings`: the organizations and secretaries of a year
//! (imported from a roster file, or changed one by one), and the year's settings.

use super::*;

#[derive(Debug, Subcommand)]
pub(crate) enum RosterCommand {
    /// 导入名册：表头为 单位、党组织、类型、上级党组织、书记姓名、职务
    Import {
        file: PathBuf,
        #[arg(long)]
        campaign: String,
        /// 只预览、不写入
        #[arg(long)]
        dry_run: bool,
    },
    /// 列出年度的党组织（树形）及其书记和编号
    Show {
        #[arg(long)]
        campaign: String,
    },
    /// 修改一个党组织（名称规则与名册相同）；不给的项保持不变
    EditOrganization {
        #[arg(long)]
        organization: String,
        #[arg(long)]
        name: Option<String>,
        /// 单位
        #[arg(long)]
        unit: Option<String>,
        /// 类型：党委、党总支、党支部
        #[arg(long)]
        kind: Option<String>,
        /// 上级党组织编号
        #[arg(long)]
        parent: Option<String>,
    },
    /// 删除一个没有下级党组织、也没有书记的党组织
    DeleteOrganization {
        #[arg(long)]
        organization: String,
    },
    /// 修改一位书记的姓名或职务；不给的项保持不变
    EditSecretary {
        #[arg(long)]
        secretary: String,
        #[arg(long)]
        name: Option<String>,
        /// 职务，如 党委书记
        #[arg(long)]
        title: Option<String>,
    },
    /// 删除一位还没有报告、测评记录和问题的书记
    DeleteSecretary {
        #[arg(long)]
        secretary: String,
    },
}

pub(crate) fn run_roster(cx: &Cx, action: RosterCommand) -> CommandResult<()> {
    let (s, json) = (&cx.session, cx.json);
    match action {
        RosterCommand::Import { file, campaign, dry_run } => {
            let (_, content) = read_as_page_sends(&file, shuzhi::files::ROSTER)?;
            let rows = commands::planning::read_roster(s, shell::file_name(&file), content)?;
            let preview = commands::planning::preview_roster(s, campaign.clone(), rows.clone())?;
            let describe = |preview: &shuzhi::planning::RosterPreview| {
                let mut lines: Vec<String> = preview
                    .rows
                    .iter()
                    .filter(|r| !r.problems.is_empty())
                    .map(|r| format!("第 {} 行（{}）：{}", r.row.line, r.row.organization, r.problems.join("；")))
                    .collect();
                lines.push(format!(
                    "共 {} 行，有问题 {} 行；可新增党组织 {} 个、书记 {} 位。",
                    preview.rows.len(),
                    preview.bad_rows,
                    preview.new_organizations,
                    preview.new_secretaries
                ));
                lines.join("\n")
            };
            if dry_run || preview.bad_rows > 0 {
                emit(json, &preview, || describe(&preview));
                if preview.bad_rows > 0 {
                    return Err(Error::Conflict {
                        message: format!("名册有 {} 行需要修正，本次没有导入任何内容。", preview.bad_rows),
                    }
                    .into());
                }
            } else {
                let imported = commands::planning::import_roster(s, campaign, rows)?;
                emit(json, &imported, || {
                    format!("已导入名册：新增党组织 {} 个、书记 {} 位。", imported.organizations, imported.secretaries)
                });
            }
        }
        RosterCommand::Show { campaign } => {
            let tree = commands::planning::organization_tree(s, campaign)?;
            emit(json, &tree, || {
                let mut lines = Vec::new();
                describe_tree(&tree, &mut lines);
                lines.join("\n")
            });
        }
        RosterCommand::EditOrganization { organization, name, unit, kind, parent } => {
            let node = find_organization(s, &organization)?;
            let node = node.organization;
            let kind = match kind {
                Some(word) => [OrgKind::Committee, OrgKind::GeneralBranch, OrgKind::Branch]
                    .into_iter()
                    .find(|k| k.label() == word.trim())
                    .ok_or_else(|| Error::Invalid {
                        message: format!("党组织类型“{word}”无效，请写 党委、党总支 或 党支部。"),
                    })?,
                None => node.kind,
            };
            let input = shuzhi::planning::OrganizationInput {
                name: name.unwrap_or(node.name),
                kind,
                unit: unit.unwrap_or(node.unit),
                parent_id: parent.or(node.parent_id),
            };
            commands::planning::update_organization(s, organization.clone(), input)?;
            emit(json, &json!({ "organization": organization }), || format!("已修改党组织 {organization}。"));
        }
        RosterCommand::DeleteOrganization { organization } => {
            commands::planning::delete_organization(s, organization.clone())?;
            emit(json, &json!({ "deleted": organization }), || format!("已删除党组织 {organization}。"));
        }
        RosterCommand::EditSecretary { secretary, name, title } => {
            let page = commands::report::secretary_page(s, secretary.clone())?;
            let input = shuzhi::planning::SecretaryInput {
                name: name.unwrap_or(page.name),
                title: title.unwrap_or(page.title),
            };
            commands::planning::update_secretary(s, secretary.clone(), input)?;
            emit(json, &json!({ "secretary": secretary }), || format!("已修改书记 {secretary}。"));
        }
        RosterCommand::DeleteSecretary { secretary } => {
            commands::planning::delete_secretary(s, secretary.clone())?;
            emit(json, &json!({ "deleted": secretary }), || format!("已删除书记 {secretary}。"));
        }
    }
    Ok(())
}

use shuzhi::domain::OrgKind;
use shuzhi::planning::OrganizationNode;

/// The organization `id` as the tree of its campaign shows it.
fn find_organization(s: &Session, id: &str) -> CommandResult<OrganizationNode> {
    for campaign in commands::campaign::list_campaigns(s)? {
        let tree = commands::planning::organization_tree(s, campaign.id)?;
        if let Some(node) = tree.into_iter().find(|n| n.organization.id == id) {
            return Ok(node);
        }
    }
    Err(Error::Invalid { message: format!("找不到党组织 {id}。请用 `shuzhi roster show` 查看编号。") }.into())
}

fn describe_tree(nodes: &[OrganizationNode], lines: &mut Vec<String>) {
    for node in nodes {
        let secretaries: Vec<String> =
            node.secretaries.iter().map(|s| format!("{}（{}）[{}]", s.name, s.title, s.id)).collect();
        let o = &node.organization;
        lines.push(format!(
            "{}{}（{}，{}）[{}]  {}",
            "  ".repeat(node.depth as usize),
            o.name,
            o.kind.label(),
            o.unit,
            o.id,
            secretaries.join("、")
        ));
    }
}

/// `shuzhi settings`: what is given changes, the rest stays as saved.
#[derive(Debug, clap::Args)]
pub(crate) struct SettingsArgs {
    #[arg(long)]
    campaign: String,
    #[arg(long)]
    title: Option<String>,
    /// 述职评议会日期，如 2025-01-16
    #[arg(long)]
    meeting_date: Option<String>,
    /// 报告总字数上限
    #[arg(long)]
    report_chars: Option<u32>,
    /// 问题部分至少占全文的百分比
    #[arg(long)]
    problems_percent: Option<u32>,
    /// 审核层级，按顺序逗号分隔，如 支部审核,党委审核
    #[arg(long, value_delimiter = ',')]
    review_levels: Option<Vec<String>>,
}

pub(crate) fn run_settings(cx: &Cx, args: SettingsArgs) -> CommandResult<()> {
    let s = &cx.session;
    let campaign = commands::planning::campaign_details(s, args.campaign.clone())?;
    let settings = shuzhi::planning::CampaignSettings {
        title: args.title.unwrap_or(campaign.title),
        meeting_date: args.meeting_date.or(campaign.meeting_date).unwrap_or_default(),
        report_char_budget: args.report_chars.unwrap_or(campaign.report_char_budget),
        problems_min_percent: args.problems_percent.unwrap_or(campaign.problems_min_percent),
        review_levels: args.review_levels.unwrap_or(campaign.review_levels),
        focus_points: campaign
            .focus_points
            .into_iter()
            .map(|p| shuzhi::planning::FocusPointInput {
                id: Some(p.id),
                title: p.title,
                role: p.role,
                guidance: p.guidance,
                char_budget: p.char_budget,
            })
            .collect(),
    };
    commands::planning::save_campaign_settings(s, args.campaign.clone(), settings.clone())?;
    emit(cx.json, &settings, || format!("已保存“{}”的年度设置。", settings.title));
    Ok(())
}
