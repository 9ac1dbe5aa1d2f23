//! The 年度党建考核结果 as a PDF (A4 landscape, 公文 look) and an Excel workbook, for 干部考核
//! and 评先评优: one row per secretary with both parts, the composite, the grade, and any
//! decision with its reason; the worked calculation on the Excel's second sheet. Refused
//! while any row waits for the organizer's decision, so no half-decided table leaves.

use rust_xlsxwriter::Workbook;

use super::campaign::assessment;
use super::{AssessmentOutcome, AssessmentRow};
use crate::error::{Error, Result};
use crate::files::Export;
use crate::pdf::{Align, Column, DocumentBuilder, PageNumbers, PageSize, require_coverage};
use crate::report::pdf::chinese_date;
use crate::store::{Store, campaigns};
use crate::xlsx::{Cell, failed, sheet};

fn points(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), |v| format!("{v:.2}"))
}

fn daily_text(row: &AssessmentRow) -> String {
    if row.daily_items.is_empty() {
        return "缺失".into();
    }
    row.daily_items.iter().map(|i| format!("{} {:.2}", i.name, i.centi as f64 / 100.0)).collect::<Vec<_>>().join("；")
}

/// Refuses while a row has no grade, naming them and what to do.
fn require_decided(outcome: &AssessmentOutcome) -> Result<()> {
    let waiting: Vec<&str> = outcome.rows.iter().filter(|r| r.grade.is_none()).map(|r| r.label.as_str()).collect();
    if waiting.is_empty() {
        return Ok(());
    }
    Err(Error::Conflict {
        message: format!(
            "还有 {} 位书记缺少述职评议或日常考核结果、没有考核等次（{}）。请先补齐，或在“年度考核”中为其作出决定（写明原因），再导出。",
            waiting.len(),
            waiting.iter().take(10).copied().collect::<Vec<_>>().join("、")
        ),
    })
}

/// The 年度党建考核结果 PDF.
pub fn assessment_pdf(store: &Store, campaign_id: &str, today: chrono::NaiveDate) -> Result<Export> {
    crate::workstation::refuse_unless_organizer(store.conn(), "导出年度考核结果")?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let (_, outcome) = assessment(store, campaign_id)?;
    require_decided(&outcome)?;
    let title = format!("{}年度基层党组织党建工作考核结果（述评考一体化）", campaign.year);
    let columns = [
        Column::new("序号", 0.6, Align::Center),
        Column::new("书记", 1.0, Align::Center),
        Column::new("党组织", 3.2, Align::Left),
        Column::new("述职评议", 1.9, Align::Center),
        Column::new("折算分", 0.9, Align::Center),
        Column::new("日常考核", 2.7, Align::Left),
        Column::new("折算分", 0.9, Align::Center),
        Column::new("综合得分", 1.0, Align::Center),
        Column::new("考核等次", 1.0, Align::Center),
        Column::new("组织方决定", 2.4, Align::Left),
    ];
    let rows: Vec<Vec<String>> = outcome
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.label.clone(),
                r.organization.clone(),
                r.vote_text.clone(),
                points(r.vote_points),
                daily_text(r),
                points(r.daily_points),
                points(r.composite),
                r.grade_text.clone(),
                r.decision.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let formula = format!("考核办法：{}", outcome.formula);
    let texts: Vec<&str> = rows
        .iter()
        .flatten()
        .map(String::as_str)
        .chain([title.as_str(), campaign.organizer.as_str(), formula.as_str()])
        .collect();
    require_coverage("年度考核结果", texts)?;
    let mut document = DocumentBuilder::new(&title, PageSize::A4Landscape, PageNumbers::OfTotal);
    document.centered(&title, 18.0, true);
    document.centered(&format!("{}    {}", campaign.organizer, chinese_date(&today.to_string())), 12.0, false);
    document.space(5.0);
    document.table(&columns, &rows, 10.5);
    document.space(7.0);
    document.paragraphs(&formula, 10.5);
    Ok(Export { file_name: format!("{}年度党建工作考核结果.pdf", campaign.year), bytes: document.finish()? })
}

/// The 年度党建考核结果 Excel: 考核结果 (one row per secretary, one column per item) and 计算过程.
pub fn assessment_xlsx(store: &Store, campaign_id: &str) -> Result<Export> {
    crate::workstation::refuse_unless_organizer(store.conn(), "导出年度考核结果")?;
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let (_, outcome) = assessment(store, campaign_id)?;
    require_decided(&outcome)?;
    let items = super::item_names(outcome.rows.iter().map(|r| r.daily_items.as_slice()));
    let mut header: Vec<(String, f64)> =
        [("序号", 6.0), ("书记", 10.0), ("党组织", 26.0), ("述职评议", 16.0), ("述职评议折算分", 10.0)]
            .iter()
            .map(|(t, w)| (t.to_string(), *w))
            .collect();
    header.extend(items.iter().map(|i| (i.clone(), 10.0)));
    header.extend(
        [("日常考核合计", 10.0), ("日常考核折算分", 10.0), ("综合得分", 10.0), ("考核等次", 8.0), ("组织方决定", 30.0)]
            .iter()
            .map(|(t, w)| (t.to_string(), *w)),
    );
    let rows: Vec<Vec<Cell>> = outcome
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row: Vec<Cell> = vec![
                (i as u32 + 1).into(),
                r.label.clone().into(),
                r.organization.clone().into(),
                r.vote_text.clone().into(),
                r.vote_points.into(),
            ];
            row.extend(items.iter().map(|name| {
                r.daily_items
                    .iter()
                    .find(|d| &d.name == name)
                    .map_or(Cell::Empty, |d| Cell::Number(d.centi as f64 / 100.0))
            }));
            row.push(r.daily_total.into());
            row.push(r.daily_points.into());
            row.push(r.composite.into());
            row.push(r.grade_text.clone().into());
            row.push(r.decision.clone().unwrap_or_default().into());
            row
        })
        .collect();
    let header_refs: Vec<(&str, f64)> = header.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    let mut book = Workbook::new();
    sheet(&mut book, "考核结果", &header_refs, rows)?;
    let worked: Vec<Vec<Cell>> = outcome
        .rows
        .iter()
        .map(|r| vec![r.label.clone().into(), r.calculation.join("\n").into()])
        .chain(std::iter::once(vec!["考核办法".into(), outcome.formula.clone().into()]))
        .collect();
    sheet(&mut book, "计算过程", &[("书记", 12.0), ("计算过程", 100.0)], worked)?;
    Ok(Export {
        file_name: format!("{}年度党建工作考核结果.xlsx", campaign.year),
        bytes: book.save_to_buffer().map_err(failed)?,
    })
}
