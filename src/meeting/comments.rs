//! 一述一评 点评: the superior's comments on each secretary, and the problems made from them.

use super::*;

/// Saves the superior's 点评 of a secretary (one per secretary; saving again replaces it).
pub fn save_comment(store: &mut Store, secretary_id: &str, input: &CommentInput, actor: &str) -> Result<Id> {
    crate::workstation::refuse_unless_organizer(store.conn(), "录入上级点评")?;
    let commenter = input.commenter.trim();
    let mut fields = vec![
        ("点评人", commenter, crate::limits::PERSON_NAME_CHARS),
        ("指方向", input.direction.as_str(), crate::limits::TEXT_CHARS),
        ("明责任", input.responsibility.as_str(), crate::limits::TEXT_CHARS),
    ];
    fields.extend(input.shortcomings.iter().map(|p| ("点不足的一条", p.as_str(), crate::limits::TEXT_CHARS)));
    crate::limits::check_texts(&fields)?;
    if commenter.is_empty() {
        return Err(Error::invalid("请填写点评人，例如“市卫健委党委书记 王建国”。"));
    }
    // Who commented is told apart by the name: nothing invisible may make it look like another's.
    if let Some(problem) = crate::text::name_character_problem(commenter) {
        return Err(Error::invalid(format!("点评人{problem}。")));
    }
    let points: Vec<String> =
        input.shortcomings.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    if points.is_empty() {
        return Err(Error::invalid("点评要“点不足”：请至少写一条存在的不足。"));
    }
    if input.direction.trim().is_empty() || input.responsibility.trim().is_empty() {
        return Err(Error::invalid("点评还要“指方向”和“明责任”：请把两项都写上。"));
    }
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    let existing =
        meeting::list_superior_comments(conn, &campaign_id)?.into_iter().find(|c| c.secretary_id == secretary_id);
    let problems = lists::list_problems(conn, &campaign_id)?;
    if let Some(old) = &existing {
        // A point that already became a problem keeps its place and text.
        for (i, text) in old.shortcomings.iter().enumerate() {
            let origin = crate::domain::origin::comment_point(&old.id, i);
            let made = problems.iter().any(|p| p.origin.as_deref() == Some(origin.as_str()));
            if made && points.get(i) != Some(text) {
                return Err(Error::Conflict {
                    message: format!("第 {} 条不足“{}”已转为问题，不能再改动或删除；可以在后面新增一条。", i + 1, text),
                });
            }
        }
    }
    let comment = SuperiorComment {
        id: existing.as_ref().map_or_else(new_id, |c| c.id.clone()),
        secretary_id: secretary_id.to_string(),
        commenter: commenter.to_string(),
        shortcomings: points,
        direction: input.direction.trim().to_string(),
        responsibility: input.responsibility.trim().to_string(),
        created_at: existing.as_ref().map_or_else(store::now_text, |c| c.created_at.clone()),
    };
    let position = crate::store::next_position(conn, crate::store::Positioned::SuperiorComments)?;
    let tx = store.begin_write()?;
    if existing.is_some() {
        meeting::update_superior_comment(&tx, &comment)?;
    } else {
        meeting::insert_superior_comment(&tx, position, &comment)?;
    }
    audit::record(
        &tx,
        Some(&campaign_id),
        &audit::entry(actor, "comment.save", "superior_comment", &comment.id, comment.shortcomings.join("；")),
    )?;
    tx.commit()?;
    Ok(comment.id)
}

fn insert_problem_with_owner(
    tx: &rusqlite::Transaction<'_>,
    campaign_id: &str,
    problem: &Problem,
    secretary_name: &str,
    actor: &str,
) -> Result<()> {
    crate::lists::items::insert_with_owner(tx, problem, secretary_name)?;
    audit::record(
        tx,
        Some(campaign_id),
        &audit::entry(
            actor,
            "problem.add",
            "problem",
            &problem.id,
            format!("{}：{}", problem.source.label(), problem.description),
        ),
    )?;
    Ok(())
}

/// Turns one 点不足 point of a 点评 into a problem (source 上级点评) of that secretary.
pub fn comment_point_to_problem(
    store: &mut Store,
    comment_id: &str,
    point: usize,
    category: &str,
    actor: &str,
) -> Result<Id> {
    // Read inside the write: two clicks (or two programs) cannot both convert the point.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "把点评转为问题")?;
    let conn = store.conn();
    let secretary_id = meeting::secretary_of_comment(conn, comment_id)?.ok_or_else(|| Error::NotFound {
        what: "点评",
        id: comment_id.to_string(),
        fix: "请刷新后重试。",
    })?;
    let campaign_id = organizations::campaign_of_secretary(conn, &secretary_id)?;
    let comment = meeting::list_superior_comments(conn, &campaign_id)?
        .into_iter()
        .find(|c| c.id == comment_id)
        .ok_or_else(|| Error::NotFound { what: "点评", id: comment_id.to_string(), fix: "请刷新后重试。" })?;
    let Some(text) = comment.shortcomings.get(point) else {
        return Err(Error::invalid(format!(
            "点评只有 {} 条不足，没有第 {} 条。请刷新后重试。",
            comment.shortcomings.len(),
            point + 1
        )));
    };
    let origin = crate::domain::origin::comment_point(comment_id, point);
    if lists::list_problems(conn, &campaign_id)?.iter().any(|p| p.origin.as_deref() == Some(origin.as_str())) {
        return Err(Error::Conflict { message: format!("“{text}”已经转为问题，不必重复。") });
    }
    let name = organizations::secretary_name(store.conn(), &campaign_id, &secretary_id)?;
    let problem = Problem {
        id: new_id(),
        secretary_id,
        source: ProblemSource::SuperiorComment,
        category: if category.trim().is_empty() { "上级点评".into() } else { category.trim().to_string() },
        description: text.clone(),
        cause: String::new(),
        created_at: store::now_text(),
        origin: Some(origin),
    };
    insert_problem_with_owner(&tx, &campaign_id, &problem, &name, actor)?;
    tx.commit()?;
    Ok(problem.id)
}

/// Turns a ballot's 意见建议 into a problem (source 群众评议) of the secretary it concerns.
pub fn suggestion_to_problem(
    store: &mut Store,
    ballot_id: &str,
    secretary_id: &str,
    text: &str,
    actor: &str,
) -> Result<Id> {
    crate::workstation::refuse_unless_organizer(store.conn(), "把意见建议转为问题")?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid("请写明要列入问题清单的问题（可以摘录或概括意见建议）。"));
    }
    let tx = store.begin_write()?;
    let conn = store.conn();
    let campaign_id = organizations::campaign_of_secretary(conn, secretary_id)?;
    if !meeting::list_ballots(conn, &campaign_id)?.iter().any(|b| b.id == ballot_id) {
        return Err(Error::NotFound { what: "测评票", id: ballot_id.to_string(), fix: "请刷新后重试。" });
    }
    let name = organizations::secretary_name(store.conn(), &campaign_id, secretary_id)?;
    let problem = Problem {
        id: new_id(),
        secretary_id: secretary_id.to_string(),
        source: ProblemSource::PanelReview,
        category: "群众评议".into(),
        description: text.to_string(),
        cause: String::new(),
        created_at: store::now_text(),
        origin: Some(crate::domain::origin::ballot_suggestion(ballot_id)),
    };
    insert_problem_with_owner(&tx, &campaign_id, &problem, &name, actor)?;
    tx.commit()?;
    Ok(problem.id)
}
