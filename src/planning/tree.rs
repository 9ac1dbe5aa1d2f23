//! The organization tree and its secretaries, as the organizer edits them by hand.

use super::*;

/// An organization in the tree, with its depth and its secretaries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrganizationNode {
    pub organization: Organization,
    pub depth: u32,
    pub secretaries: Vec<Secretary>,
}

/// The organization tree, parents before children, each level in stored order.
pub fn organization_tree(store: &Store, campaign_id: &str) -> Result<Vec<OrganizationNode>> {
    let conn = store.conn();
    campaigns::get_campaign(conn, campaign_id)?;
    let orgs = organizations::list_organizations(conn, campaign_id)?;
    let secretaries = organizations::list_secretaries(conn, campaign_id)?;
    let mut nodes = Vec::new();
    // Depth-first from the roots; an organization whose parent is missing is shown as a root.
    let ids: BTreeSet<&str> = orgs.iter().map(|o| o.id.as_str()).collect();
    fn visit(
        parent: Option<&str>,
        depth: u32,
        orgs: &[Organization],
        ids: &BTreeSet<&str>,
        secretaries: &[Secretary],
        nodes: &mut Vec<OrganizationNode>,
    ) {
        for org in orgs.iter().filter(|o| match parent {
            None => o.parent_id.as_deref().is_none_or(|p| !ids.contains(p)),
            Some(p) => o.parent_id.as_deref() == Some(p),
        }) {
            nodes.push(OrganizationNode {
                organization: org.clone(),
                depth,
                secretaries: secretaries.iter().filter(|s| s.organization_id == org.id).cloned().collect(),
            });
            visit(Some(&org.id), depth + 1, orgs, ids, secretaries, nodes);
        }
    }
    visit(None, 0, &orgs, &ids, &secretaries, &mut nodes);
    Ok(nodes)
}

/// An organization as edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct OrganizationInput {
    pub name: String,
    pub kind: OrgKind,
    pub unit: String,
    pub parent_id: Option<Id>,
}

fn campaign_of_organization(store: &Store, org_id: &str) -> Result<String> {
    organizations::campaign_of(store.conn(), organizations::Owned::Organization, org_id)
}

/// Renames an organization, changes its kind, unit or parent (never into its own subtree).
pub fn update_organization(store: &mut Store, org_id: &str, input: &OrganizationInput, actor: &str) -> Result<()> {
    let campaign_id = campaign_of_organization(store, org_id)?;
    if input.name.trim().is_empty() || input.unit.trim().is_empty() {
        return Err(Error::invalid("请填写党组织名称和所在单位。"));
    }
    for (what, text) in [("党组织名称", &input.name), ("所在单位", &input.unit)] {
        if let Some(problem) = limits::name_problem(text, limits::ORGANIZATION_NAME_CHARS) {
            return Err(Error::invalid(format!("{what}{problem}。请改正后再保存。")));
        }
    }
    let orgs = organizations::list_organizations(store.conn(), &campaign_id)?;
    if orgs.iter().any(|o| o.id != org_id && o.name == input.name.trim()) {
        return Err(Error::invalid(format!("本年度已有名为“{}”的党组织。", input.name.trim())));
    }
    let current = orgs.iter().find(|o| o.id == org_id).expect("found above");
    if current.parent_id.is_none() && input.parent_id.is_some() {
        return Err(Error::invalid("组织方的党委是最上一级，不能挂到别的党组织下面。"));
    }
    if current.parent_id.is_some() && input.parent_id.is_none() {
        return Err(Error::invalid("请选择上级党组织。"));
    }
    if let Some(parent) = &input.parent_id {
        // Walk up from the new parent: meeting this organization would make a cycle.
        let mut at = Some(parent.clone());
        while let Some(id) = at {
            if id == org_id {
                return Err(Error::invalid("不能把党组织挂到它自己或它的下级下面。"));
            }
            at = orgs.iter().find(|o| o.id == id).and_then(|o| o.parent_id.clone());
        }
        if !orgs.iter().any(|o| &o.id == parent) {
            return Err(Error::invalid("所选的上级党组织不属于本年度，请刷新后重试。"));
        }
    }
    let changed = Organization {
        id: org_id.to_string(),
        parent_id: input.parent_id.clone(),
        name: input.name.trim().to_string(),
        kind: input.kind,
        unit: input.unit.trim().to_string(),
    };
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "修改党组织")?;
    organizations::update_organization(&tx, &changed)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "organization.edit", "organization", org_id, input.name.clone()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Deletes an organization that has no sub-organizations and no secretary.
pub fn delete_organization(store: &mut Store, org_id: &str, actor: &str) -> Result<()> {
    // Whether it still has organizations or secretaries under it is read inside the write.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "删除党组织")?;
    let campaign_id = campaign_of_organization(store, org_id)?;
    let orgs = organizations::list_organizations(store.conn(), &campaign_id)?;
    let org = orgs.iter().find(|o| o.id == org_id).expect("found above").clone();
    if org.parent_id.is_none() {
        return Err(Error::Conflict { message: "组织方的党委不能删除。".into() });
    }
    if orgs.iter().any(|o| o.parent_id.as_deref() == Some(org_id)) {
        return Err(Error::Conflict {
            message: format!("“{}”下面还有党组织，请先移走或删除它们。", org.name)
        });
    }
    if organizations::list_secretaries(store.conn(), &campaign_id)?.iter().any(|s| s.organization_id == org_id) {
        return Err(Error::Conflict {
            message: format!("“{}”还有书记，请先删除或调走书记。", org.name)
        });
    }
    organizations::delete_organization(&tx, org_id)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "organization.delete", "organization", org_id, org.name),
    )?;
    tx.commit()?;
    Ok(())
}

/// A secretary as edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecretaryInput {
    pub name: String,
    pub title: String,
}

/// Changes a secretary's name or posts.
pub fn update_secretary(store: &mut Store, secretary_id: &str, input: &SecretaryInput, actor: &str) -> Result<()> {
    let campaign_id = organizations::campaign_of_secretary(store.conn(), secretary_id)?;
    if input.name.trim().is_empty() {
        return Err(Error::invalid("书记姓名不能为空。"));
    }
    for (what, text) in [("书记姓名", &input.name), ("职务", &input.title)] {
        if let Some(problem) = limits::name_problem(text, limits::PERSON_NAME_CHARS) {
            return Err(Error::invalid(format!("{what}{problem}。请改正后再保存。")));
        }
    }
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "修改书记信息")?;
    organizations::update_secretary(&tx, secretary_id, input.name.trim(), input.title.trim())?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "secretary.edit", "secretary", secretary_id, input.name.clone()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Removes a secretary who has no report, no ballot row and no problem yet.
pub fn delete_secretary(store: &mut Store, secretary_id: &str, actor: &str) -> Result<()> {
    // Whether she has a report, a ballot row or a problem yet is read inside the write.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "删除书记")?;
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    if organizations::secretary_in_use(conn, secretary_id)? {
        return Err(Error::Conflict {
            message: "这位书记已有述职报告、测评票或问题清单，不能删除；如已调离，请修改姓名和职务为接任者。".into(),
        });
    }
    organizations::delete_secretary(&tx, secretary_id)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "secretary.delete", "secretary", secretary_id, String::new()),
    )?;
    tx.commit()?;
    Ok(())
}
