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
///
/// A link is in effect only while it joins no two organizations that exist side by side in
/// one year from its own year on: checked when it is made, and again each time links are
/// read, so that an organization renamed later, or a year imported later, never makes two
/// of one year one post. A link out of effect is kept (and shown) but joins nothing.
#[derive(Default)]
pub struct Lineage {
    groups: Vec<BTreeSet<PostKey>>,
    group_of: HashMap<PostKey, usize>,
    /// The links not in effect, with why.
    out_of_effect: HashMap<String, String>,
}

/// The years each post (name, unit) appears in.
type YearsOf = HashMap<PostKey, Vec<i32>>;

fn years_of(conn: &rusqlite::Connection) -> Result<YearsOf> {
    let mut years: YearsOf = HashMap::new();
    for (name, unit, year) in store::posts_by_year(conn)? {
        years.entry((name, unit)).or_default().push(year);
    }
    Ok(years)
}

impl Lineage {
    /// Reads every link, oldest first, and joins those in effect.
    pub fn read(conn: &rusqlite::Connection) -> Result<Lineage> {
        let links = store::list_post_links(conn)?;
        let mut lineage = Lineage::default();
        // Read by every report check, as the secretary types: without a link there is no
        // year to read.
        if links.is_empty() {
            return Ok(lineage);
        }
        let years = years_of(conn)?;
        for link in links {
            let (later, earlier) = ((link.name, link.unit), (link.earlier_name, link.earlier_unit));
            match lineage.side_by_side(&later, &earlier, &years, link.year) {
                Some(why) => {
                    lineage.out_of_effect.insert(link.id, why);
                }
                None => lineage.join(later, earlier),
            }
        }
        Ok(lineage)
    }

    /// Joins two keys' groups.
    fn join(&mut self, a: PostKey, b: PostKey) {
        let mut joined: BTreeSet<PostKey> = [a.clone(), b.clone()].into_iter().collect();
        let mut found: Vec<usize> =
            [self.group_of.get(&a), self.group_of.get(&b)].into_iter().flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        for index in found.into_iter().rev() {
            joined.extend(self.groups.remove(index));
        }
        self.groups.push(joined);
        self.group_of =
            self.groups.iter().enumerate().flat_map(|(i, g)| g.iter().map(move |k| (k.clone(), i))).collect();
    }

    /// Why joining `a`'s post and `b`'s would make two organizations of one year, from
    /// `from` on, one post (the first such year, in words); `None` when it would not.
    fn side_by_side(&self, a: &PostKey, b: &PostKey, years: &YearsOf, from: i32) -> Option<String> {
        let ours = self.members(&a.0, &a.1);
        let theirs = self.members(&b.0, &b.1);
        if ours.iter().any(|k| theirs.contains(k)) {
            return None;
        }
        let present = |keys: &[PostKey]| -> BTreeMap<i32, PostKey> {
            let mut by_year = BTreeMap::new();
            for key in keys {
                for year in years.get(key).into_iter().flatten().filter(|y| **y >= from) {
                    by_year.entry(*year).or_insert_with(|| key.clone());
                }
            }
            by_year
        };
        let mine = present(&ours);
        present(&theirs).into_iter().find_map(|(year, other)| {
            let one = mine.get(&year)?;
            Some(format!(
                "{year} 年同时有“{}（{}）”和“{}（{}）”，是两个党组织，不能关联为同一个",
                one.0, one.1, other.0, other.1
            ))
        })
    }

    /// The one key every name of the post is known by.
    pub fn canonical(&self, name: &str, unit: &str) -> PostKey {
        let key = (name.to_string(), unit.to_string());
        match self.group_of.get(&key) {
            Some(index) => self.groups[*index].first().cloned().unwrap_or(key),
            None => key,
        }
    }

    /// Every name the post was known by (the key itself when it was never linked).
    pub fn members(&self, name: &str, unit: &str) -> Vec<PostKey> {
        let key = (name.to_string(), unit.to_string());
        match self.group_of.get(&key) {
            Some(index) => self.groups[*index].iter().cloned().collect(),
            None => vec![key],
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
    /// Why the link joins nothing now (an organization renamed or a year imported since made
    /// it join two organizations of one year); `None` while it is in effect.
    pub out_of_effect: Option<String>,
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

const NOT_FOUND_FIX: &str = "请刷新页面后再试；在命令行中，党组织编号见 `shuzhi history --secretary` 的输出，关联编号见 `shuzhi history --links`。";

/// How many candidates are offered at most.
const MAX_CANDIDATES: usize = 200;

/// The links of an organization's lineage and the posts it could be linked to.
pub fn post_links(store: &Store, organization_id: &str) -> Result<PostLinks> {
    let conn = store.conn();
    let (name, unit, _, year) = store::organization_with_year(conn, organization_id)?.ok_or_else(|| {
        Error::NotFound { what: "党组织", id: crate::limits::excerpt(organization_id), fix: NOT_FOUND_FIX }
    })?;
    let lineage = Lineage::read(conn)?;
    let mine: BTreeSet<PostKey> = lineage.members(&name, &unit).into_iter().collect();
    let links = store::list_post_links(conn)?
        .into_iter()
        .filter(|link| mine.contains(&(link.name.clone(), link.unit.clone())))
        .map(|link| PostLink {
            out_of_effect: lineage.out_of_effect.get(&link.id).cloned(),
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
    let years = years_of(conn)?;
    let this = (name.clone(), unit.clone());
    // Offered: the posts of earlier years only, not yet of this lineage, that linking would
    // not make side by side with it in any year.
    let mut candidates: Vec<EarlierPost> = years
        .iter()
        .filter(|(key, years_of_key)| {
            !mine.contains(*key)
                && years_of_key.iter().all(|y| *y < year)
                && lineage.side_by_side(&this, key, &years, year).is_none()
        })
        .map(|((name, unit), years_of_key)| {
            let mut years_of_key = years_of_key.clone();
            years_of_key.sort_unstable();
            EarlierPost { name: name.clone(), unit: unit.clone(), years: years_of_key }
        })
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
    let (name, unit, campaign_id, year) = store::organization_with_year(&tx, organization_id)?.ok_or_else(|| {
        Error::NotFound { what: "党组织", id: crate::limits::excerpt(organization_id), fix: NOT_FOUND_FIX }
    })?;
    let earlier: PostKey = (earlier_name.to_string(), earlier_unit.to_string());
    let this = (name.clone(), unit.clone());
    let shown = format!("“{earlier_name}（{earlier_unit}）”");
    if earlier == this {
        return Err(Error::Conflict {
            message: format!("{shown}就是这个党组织本身，同名同单位的党组织各年度已自动连着看，不用关联。"),
        });
    }
    let years = years_of(&tx)?;
    if !years.get(&earlier).is_some_and(|years| years.iter().any(|y| *y < year)) {
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
    if let Some(why) = lineage.side_by_side(&this, &earlier, &years, year) {
        return Err(Error::Conflict {
            message: format!(
                "{why}。关联只用于改名或合并：请选择 {year} 年已不存在、也不与本党组织同时存在的往年党组织。"
            ),
        });
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
        .ok_or_else(|| Error::NotFound { what: "关联", id: crate::limits::excerpt(link_id), fix: NOT_FOUND_FIX })?;
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
        let mut lineage = Lineage::default();
        for (later, earlier) in [(key("乙"), key("甲")), (key("丁"), key("乙")), (key("丁"), key("丙"))] {
            lineage.join(later, earlier);
        }
        let mut members = lineage.members("甲", "医院");
        members.sort();
        let mut expected = vec![key("丁"), key("丙"), key("乙"), key("甲")];
        expected.sort();
        assert_eq!(members, expected);
        for name in ["甲", "乙", "丙", "丁"] {
            assert_eq!(lineage.canonical(name, "医院"), lineage.canonical("甲", "医院"));
        }
        // A post never linked is its own.
        assert_eq!(lineage.members("戊", "医院"), vec![key("戊")]);
        assert_ne!(lineage.canonical("戊", "医院"), lineage.canonical("甲", "医院"));
    }

    #[test]
    fn a_link_never_joins_two_organizations_of_one_year() {
        // 乙 (2025) continues 甲 (2023–2024); 戊 exists beside 乙 in 2025.
        let years: YearsOf = [(key("甲"), vec![2023, 2024]), (key("乙"), vec![2025]), (key("戊"), vec![2024, 2025])]
            .into_iter()
            .collect();
        let mut lineage = Lineage::default();
        assert_eq!(lineage.side_by_side(&key("乙"), &key("甲"), &years, 2025), None);
        lineage.join(key("乙"), key("甲"));
        let why = lineage.side_by_side(&key("戊"), &key("甲"), &years, 2024).unwrap();
        assert_eq!(why, "2024 年同时有“戊（医院）”和“甲（医院）”，是两个党组织，不能关联为同一个");
        // Already one post: nothing to refuse.
        assert_eq!(lineage.side_by_side(&key("甲"), &key("乙"), &years, 2025), None);
    }
}
