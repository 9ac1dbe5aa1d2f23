//! Which organizations of different years are one post.
//!
//! An organization is the same post as last year's when its name and unit are the same —
//! what "沿用上一年度" copies. Where the copy could not know (the organization was renamed,
//! or two were merged into one), the organizer links it to the post earlier years knew,
//! and the link is logged. Posts joined by links form one lineage; its history reads every
//! year of every name in it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{Store, audit, history as store};

/// A post as a year knew it: the organization's name and its unit.
pub type PostKey = (String, String);

/// The posts joined by the organizer's links.
pub struct Lineage {
    /// Each linked key's group, as the smallest key of the group.
    canonical: HashMap<PostKey, PostKey>,
    /// Each group's keys, by the group's smallest key.
    members: HashMap<PostKey, BTreeSet<PostKey>>,
}

impl Lineage {
    /// Reads every link (a link whose organization is gone is not read).
    pub fn read(conn: &rusqlite::Connection) -> Result<Lineage> {
        Ok(Lineage::of(
            store::list_post_links(conn)?
                .into_iter()
                .map(|link| ((link.name, link.unit), (link.earlier_name, link.earlier_unit))),
        ))
    }

    /// The lineage of a set of links, each joining a later key to an earlier one.
    fn of(links: impl IntoIterator<Item = (PostKey, PostKey)>) -> Lineage {
        let mut groups: Vec<BTreeSet<PostKey>> = Vec::new();
        for (later, earlier) in links {
            let found: Vec<usize> =
                (0..groups.len()).filter(|i| groups[*i].contains(&later) || groups[*i].contains(&earlier)).collect();
            let mut joined: BTreeSet<PostKey> = [later, earlier].into_iter().collect();
            for index in found.into_iter().rev() {
                joined.extend(groups.remove(index));
            }
            groups.push(joined);
        }
        let mut canonical = HashMap::new();
        let mut members = HashMap::new();
        for group in groups {
            let first = group.first().expect("a group holds two keys").clone();
            for key in &group {
                canonical.insert(key.clone(), first.clone());
            }
            members.insert(first, group);
        }
        Lineage { canonical, members }
    }

    /// The one key every name of the post is known by.
    pub fn canonical(&self, name: &str, unit: &str) -> PostKey {
        let key = (name.to_string(), unit.to_string());
        self.canonical.get(&key).cloned().unwrap_or(key)
    }

    /// Every name the post was known by (the key itself when it was never linked).
    pub fn members(&self, name: &str, unit: &str) -> Vec<PostKey> {
        let first = self.canonical(name, unit);
        match self.members.get(&first) {
            Some(group) => group.iter().cloned().collect(),
            None => vec![first],
        }
    }
}

/// A link as the organizer sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostLink {
    pub id: String,
    /// The year of the organization that continues the post.
    pub year: i32,
    pub organization: String,
    pub unit: String,
    pub earlier_name: String,
    pub earlier_unit: String,
    pub actor: String,
    pub linked_at: String,
}

/// A post of earlier years that an organization could continue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EarlierPost {
    pub name: String,
    pub unit: String,
    /// The years it appears in, oldest first.
    pub years: Vec<i32>,
}

/// An organization's links to earlier years, and the posts it could still be linked to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PostLinks {
    pub organization_id: String,
    pub organization: String,
    pub unit: String,
    pub year: i32,
    /// The links of the lineage this organization belongs to, oldest first.
    pub links: Vec<PostLink>,
    /// Posts of earlier years absent from this year and not yet in the lineage, the most
    /// alike in name first.
    pub candidates: Vec<EarlierPost>,
}

const NOT_FOUND_FIX: &str = "请刷新页面，或用 `shuzhi dashboard` 查看编号后再试。";

/// How many candidates are offered at most.
const MAX_CANDIDATES: usize = 200;

/// The links of an organization's lineage and the posts it could be linked to.
pub fn post_links(store: &Store, organization_id: &str) -> Result<PostLinks> {
    let conn = store.conn();
    let (name, unit, _, year) = store::organization_with_year(conn, organization_id)?
        .ok_or_else(|| Error::NotFound { what: "党组织", id: organization_id.to_string(), fix: NOT_FOUND_FIX })?;
    let lineage = Lineage::read(conn)?;
    let mine: BTreeSet<PostKey> = lineage.members(&name, &unit).into_iter().collect();
    let links = store::list_post_links(conn)?
        .into_iter()
        .filter(|link| mine.contains(&(link.name.clone(), link.unit.clone())))
        .map(|link| PostLink {
            id: link.id,
            year: link.year,
            organization: link.name,
            unit: link.unit,
            earlier_name: link.earlier_name,
            earlier_unit: link.earlier_unit,
            actor: link.actor,
            linked_at: link.linked_at,
        })
        .collect();
    let mut years_of: BTreeMap<PostKey, Vec<i32>> = BTreeMap::new();
    for (post_name, post_unit, post_year) in store::posts_by_year(conn)? {
        years_of.entry((post_name, post_unit)).or_default().push(post_year);
    }
    let mut candidates: Vec<EarlierPost> = years_of
        .into_iter()
        .filter(|(key, years)| {
            !mine.contains(key) && years.iter().all(|y| *y < year) && !mine.contains(&lineage.canonical(&key.0, &key.1))
        })
        .map(|((name, unit), years)| EarlierPost { name, unit, years })
        .collect();
    let alike = |post: &EarlierPost| {
        let shared = post.name.chars().filter(|c| name.contains(*c)).count();
        (post.unit != unit, std::cmp::Reverse(shared), std::cmp::Reverse(post.years.last().copied()))
    };
    candidates.sort_by_cached_key(|post| (alike(post), post.name.clone()));
    candidates.truncate(MAX_CANDIDATES);
    Ok(PostLinks { organization_id: organization_id.to_string(), organization: name, unit, year, links, candidates })
}

/// Links an organization to the post earlier years knew as `earlier_name` of `earlier_unit`
/// (renamed, or merged into it). Refused on a secretary's computer, for a post of no earlier
/// year, and where the link would make two organizations that exist side by side in the
/// same year (this one's or later) one post. Logged.
pub fn link_post(
    store: &mut Store,
    organization_id: &str,
    earlier_name: &str,
    earlier_unit: &str,
    actor: &str,
) -> Result<String> {
    let (earlier_name, earlier_unit) = (earlier_name.trim(), earlier_unit.trim());
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "关联往年的党组织")?;
    let (name, unit, campaign_id, year) = store::organization_with_year(&tx, organization_id)?
        .ok_or_else(|| Error::NotFound { what: "党组织", id: organization_id.to_string(), fix: NOT_FOUND_FIX })?;
    let earlier: PostKey = (earlier_name.to_string(), earlier_unit.to_string());
    let this = (name.clone(), unit.clone());
    let shown = format!("“{earlier_name}（{earlier_unit}）”");
    if earlier == this {
        return Err(Error::Conflict {
            message: format!("{shown}就是这个党组织本身，同名同单位的党组织各年度已自动连着看，不用关联。"),
        });
    }
    let mut years_of: HashMap<PostKey, Vec<i32>> = HashMap::new();
    for (post_name, post_unit, post_year) in store::posts_by_year(&tx)? {
        years_of.entry((post_name, post_unit)).or_default().push(post_year);
    }
    if !years_of.get(&earlier).is_some_and(|years| years.iter().any(|y| *y < year)) {
        return Err(Error::Conflict {
            message: format!(
                "{year} 年以前的述职评议中没有{shown}。请从“可关联的往年党组织”中选择，名称和所在单位要与往年一致。"
            ),
        });
    }
    let lineage = Lineage::read(&tx)?;
    if lineage.canonical(&name, &unit) == lineage.canonical(earlier_name, earlier_unit) {
        return Err(Error::Conflict {
            message: format!("“{name}（{unit}）”与{shown}已关联为同一党组织，无需再关联。"),
        });
    }
    // After the link, no year from this one on may hold two organizations of the post.
    let joined: Vec<PostKey> =
        lineage.members(&name, &unit).into_iter().chain(lineage.members(earlier_name, earlier_unit)).collect();
    let mut seen: BTreeMap<i32, &PostKey> = BTreeMap::new();
    for key in &joined {
        for y in years_of.get(key).into_iter().flatten().filter(|y| **y >= year) {
            if let Some(other) = seen.insert(*y, key)
                && other != key
            {
                return Err(Error::Conflict {
                    message: format!(
                        "{y} 年同时有“{}（{}）”和“{}（{}）”，是两个党组织，不能关联为同一个。\
                         关联只用于改名或合并：请选择 {year} 年已不存在的往年党组织。",
                        other.0, other.1, key.0, key.1
                    ),
                });
            }
        }
    }
    let id = crate::domain::new_id();
    store::insert_post_link(&tx, &id, organization_id, earlier_name, earlier_unit, actor)?;
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(
            actor,
            "history.link",
            "organization",
            organization_id,
            format!("{year} 年的“{name}（{unit}）”关联往年的{shown}（改名或合并），历年对比连着看"),
        ),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Removes a link the organizer made. Logged.
pub fn unlink_post(store: &mut Store, link_id: &str, actor: &str) -> Result<()> {
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(&tx, "取消往年党组织的关联")?;
    let link = store::list_post_links(&tx)?
        .into_iter()
        .find(|link| link.id == link_id)
        .ok_or_else(|| Error::NotFound { what: "关联", id: link_id.to_string(), fix: NOT_FOUND_FIX })?;
    store::delete_post_link(&tx, link_id)?;
    audit::record(
        &tx,
        Some(&link.campaign_id),
        &audit::entry(
            actor,
            "history.unlink",
            "organization",
            &link.organization_id,
            format!(
                "取消 {} 年的“{}（{}）”与往年的“{}（{}）”的关联",
                link.year, link.name, link.unit, link.earlier_name, link.earlier_unit
            ),
        ),
    )?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> PostKey {
        (name.to_string(), "医院".to_string())
    }

    #[test]
    fn links_join_renamed_and_merged_posts_into_one_lineage() {
        // 甲 renamed 乙, then 乙 and 丙 merged into 丁.
        let lineage = Lineage::of([(key("乙"), key("甲")), (key("丁"), key("乙")), (key("丁"), key("丙"))]);
        let all = vec![key("丁"), key("丙"), key("乙"), key("甲")];
        let mut members = lineage.members("甲", "医院");
        members.sort();
        let mut expected = all.clone();
        expected.sort();
        assert_eq!(members, expected);
        for name in ["甲", "乙", "丙", "丁"] {
            assert_eq!(lineage.canonical(name, "医院"), lineage.canonical("甲", "医院"));
        }
        // A post never linked is its own.
        assert_eq!(lineage.members("戊", "医院"), vec![key("戊")]);
        assert_ne!(lineage.canonical("戊", "医院"), lineage.canonical("甲", "医院"));
    }
}
