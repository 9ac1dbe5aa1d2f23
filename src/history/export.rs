//! 历年对比 of a campaign as files: an A4 PDF in the 公文 look (each chart drawn in greys
//! with its figures in a table beneath) and an Excel workbook of the same figures.

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;

use super::{CampaignsHistory, Rectified};
use crate::domain::{Grade, ProblemSource};
use crate::error::Result;
use crate::files::Export;
use crate::pdf::{Align, ChartSeries, Column, DocumentBuilder, PageNumbers, PageSize};
use crate::xlsx::{Cell, failed, sheet};

/// Greys of 好, 较好, 一般, 差: dark to white, told apart in a black-and-white print.
const GRADE_GREYS: [f32; 4] = [0.2, 0.45, 0.7, 1.0];

fn percent(value: Option<f64>) -> String {
    value.map_or("—".into(), |v| format!("{v:.1}%"))
}

fn title(history: &CampaignsHistory) -> String {
    format!("{}历年述职评议对比", history.organizer)
}

/// The measures of a year in words: 按时 / 逾期销号 / 已完成待销号 / 长期坚持 / 未完成（逾期）.
fn rectified_cells(r: &Rectified) -> Vec<String> {
    vec![
        r.measures.to_string(),
        r.closed_on_time.to_string(),
        r.closed_late.to_string(),
        r.done_not_signed.to_string(),
        r.ongoing.to_string(),
        format!("{}（{}）", r.open, r.overdue),
        percent(r.completion_percent),
    ]
}

/// The PDF: grades per year, 整改 completion by year and by source, the posts below 较好
/// twice or more and the overdue measures by age.
pub fn campaigns_history_pdf(history: &CampaignsHistory, today: NaiveDate) -> Result<Export> {
    let title = title(history);
    let mut document = DocumentBuilder::new(&title, PageSize::A4Portrait, PageNumbers::Dashes);
    document.centered(&title, 18.0, true);
    document.centered(&format!("（截至 {}）", today.format("%Y年%-m月%-d日")), 12.0, false);
    document.space(8.0);
    document.paragraphs(
        "等次只计入测评已结束并确定的年度；整改按今天的状态统计，逾期按各措施的截止日期计算；\
         反复出现指与同一党组织往年问题相同或相近的问题；标“*”的年度由往年纸质记录导入，等次按当年汇总表所记。",
        11.0,
    );
    let labels: Vec<String> = history.years.iter().map(|y| format!("{}年{}", y.year, paper_mark(y))).collect();

    document.heading("一、等次分布与“好”的占比", 14.0);
    let most = history.years.iter().flat_map(|y| y.grades.iter().copied()).max().unwrap_or(0).max(1);
    let series: Vec<ChartSeries> = Grade::ALL
        .iter()
        .enumerate()
        .map(|(index, grade)| ChartSeries {
            name: grade.label().to_string(),
            grey: GRADE_GREYS[index],
            values: history
                .years
                .iter()
                .map(|y| y.results_final.then(|| y.grades.get(index).copied().unwrap_or(0) as f32))
                .collect(),
            percent: false,
        })
        .collect();
    document.bar_chart(&labels, &series, most as f32, 150.0);
    let mut columns = vec![Column::new("年度", 1.0, Align::Center)];
    columns.extend(Grade::ALL.iter().map(|g| Column::new(g.label(), 1.0, Align::Center)));
    columns.push(Column::new("“好”的占比", 1.3, Align::Center));
    columns.push(Column::new("反复出现的问题", 1.5, Align::Center));
    let rows: Vec<Vec<String>> = history
        .years
        .iter()
        .map(|y| {
            let mut row = vec![format!("{}{}", y.year, paper_mark(y))];
            if y.results_final {
                row.extend(y.grades.iter().map(u32::to_string));
            } else {
                row.extend(["待定".to_string(), "—".into(), "—".into(), "—".into()]);
            }
            row.push(percent(y.good_share_percent));
            row.push(y.repeated.to_string());
            row
        })
        .collect();
    document.table(&columns, &rows, 10.5);
    document.space(10.0);

    // The heading stays with its chart and the first rows of its table.
    document.ensure_room(120.0 + 18.0 + 70.0 + 30.0);
    document.heading("二、整改完成情况", 14.0);
    let completion = ChartSeries {
        name: "完成率".into(),
        grey: 0.45,
        values: history.years.iter().map(|y| y.rectified.completion_percent.map(|v| v as f32)).collect(),
        percent: true,
    };
    document.bar_chart(&labels, &[completion], 100.0, 120.0);
    let columns: Vec<Column> = [
        ("年度", 1.0),
        ("问题", 1.0),
        ("措施", 1.0),
        ("按时销号", 1.0),
        ("逾期销号", 1.0),
        ("已完成\n待销号", 1.0),
        ("长期坚持", 1.0),
        ("未完成\n（逾期）", 1.6),
        ("完成率", 1.1),
    ]
    .iter()
    .map(|(t, w)| Column::new(t, *w, Align::Center))
    .collect();
    let rows: Vec<Vec<String>> = history
        .years
        .iter()
        .map(|y| {
            let mut row = vec![format!("{}{}", y.year, paper_mark(y)), y.problems.total().to_string()];
            row.extend(rectified_cells(&y.rectified));
            row
        })
        .collect();
    document.table(&columns, &rows, 10.5);
    document.space(10.0);

    document.heading("三、按问题来源的整改完成率", 14.0);
    let mut columns = vec![Column::new("年度", 1.0, Align::Center)];
    columns.extend(ProblemSource::ALL.iter().map(|s| Column::new(s.label(), 1.6, Align::Center)));
    let rows: Vec<Vec<String>> = history
        .years
        .iter()
        .map(|y| {
            let mut row = vec![format!("{}{}", y.year, paper_mark(y))];
            for source in ProblemSource::ALL {
                row.push(match y.rectified_by_source.iter().find(|s| s.source == source.label()) {
                    Some(s) => format!("{}（{} 项）", percent(s.rectified.completion_percent), s.rectified.measures),
                    None => "—".into(),
                });
            }
            row
        })
        .collect();
    document.table(&columns, &rows, 10.5);
    document.space(10.0);

    document.heading("四、两次以上低于“较好”的党组织", 14.0);
    if history.slipping.is_empty() {
        document.paragraphs("没有。", 11.0);
    } else {
        let columns = [
            Column::new("党组织", 2.2, Align::Left),
            Column::new("单位", 1.6, Align::Left),
            Column::new("书记\n（最近一次）", 1.0, Align::Center),
            Column::new("年度与等次", 2.2, Align::Left),
        ];
        let rows: Vec<Vec<String>> = history
            .slipping
            .iter()
            .map(|p| {
                vec![
                    p.organization.clone(),
                    p.unit.clone(),
                    p.secretary_name.clone(),
                    p.years.iter().map(|y| format!("{}年{}", y.year, y.grade.label())).collect::<Vec<_>>().join("\n"),
                ]
            })
            .collect();
        document.table(&columns, &rows, 10.5);
    }
    document.space(10.0);

    document.heading("五、逾期未完成的整改措施（按逾期时长）", 14.0);
    let columns: Vec<Column> = ["30 天以内", "31–90 天", "91–180 天", "180 天以上"]
        .iter()
        .map(|t| Column::new(t, 1.0, Align::Center))
        .collect();
    let o = &history.overdue;
    document.table(
        &columns,
        &[vec![
            o.up_to_30_days.to_string(),
            o.up_to_90_days.to_string(),
            o.up_to_180_days.to_string(),
            o.over_180_days.to_string(),
        ]],
        10.5,
    );
    Ok(Export { file_name: format!("{title}.pdf"), bytes: document.finish()? })
}

/// The workbook: 等次分布, 整改完成, 按来源, 两次以上低于较好, 逾期, 说明.
pub fn campaigns_history_xlsx(history: &CampaignsHistory, today: NaiveDate) -> Result<Export> {
    let mut book = Workbook::new();
    let grades: Vec<Vec<Cell>> = history
        .years
        .iter()
        .map(|y| {
            let mut row: Vec<Cell> = vec![Cell::Number(f64::from(y.year))];
            if y.results_final {
                row.extend(y.grades.iter().map(|g| Cell::from(*g)));
            } else {
                row.extend(["待定", "—", "—", "—"].map(Cell::from));
            }
            row.push(y.good_share_percent.into());
            row.push(y.repeated.into());
            row
        })
        .collect();
    sheet(
        &mut book,
        "等次分布",
        &[
            ("年度", 8.0),
            ("好", 8.0),
            ("较好", 8.0),
            ("一般", 8.0),
            ("差", 8.0),
            ("好的占比(%)", 12.0),
            ("反复出现的问题", 14.0),
        ],
        grades,
    )?;
    let rectified_row = |r: &Rectified| -> Vec<Cell> {
        vec![
            r.measures.into(),
            r.closed_on_time.into(),
            r.closed_late.into(),
            r.done_not_signed.into(),
            r.ongoing.into(),
            r.open.into(),
            r.overdue.into(),
            r.completion_percent.into(),
        ]
    };
    let rectified_header = [
        ("措施", 8.0),
        ("按时销号", 10.0),
        ("逾期销号", 10.0),
        ("已完成待销号", 12.0),
        ("长期坚持", 10.0),
        ("未完成", 8.0),
        ("其中逾期", 10.0),
        ("完成率(%)", 10.0),
    ];
    let rows: Vec<Vec<Cell>> = history
        .years
        .iter()
        .map(|y| {
            let mut row: Vec<Cell> = vec![Cell::Number(f64::from(y.year)), y.problems.total().into()];
            row.extend(rectified_row(&y.rectified));
            row
        })
        .collect();
    let mut header = vec![("年度", 8.0), ("问题", 8.0)];
    header.extend(rectified_header);
    sheet(&mut book, "整改完成", &header, rows)?;
    let rows: Vec<Vec<Cell>> = history
        .years
        .iter()
        .flat_map(|y| {
            y.rectified_by_source.iter().map(move |s| {
                let mut row: Vec<Cell> = vec![Cell::Number(f64::from(y.year)), s.source.clone().into()];
                row.extend(rectified_row(&s.rectified));
                row
            })
        })
        .collect();
    let mut header = vec![("年度", 8.0), ("问题来源", 12.0)];
    header.extend(rectified_header);
    sheet(&mut book, "按问题来源", &header, rows)?;
    let rows: Vec<Vec<Cell>> = history
        .slipping
        .iter()
        .flat_map(|p| {
            p.years.iter().map(move |y| {
                vec![
                    p.organization.clone().into(),
                    p.unit.clone().into(),
                    p.secretary_name.clone().into(),
                    Cell::Number(f64::from(y.year)),
                    y.grade.label().into(),
                ]
            })
        })
        .collect();
    sheet(
        &mut book,
        "两次以上低于较好",
        &[("党组织", 30.0), ("单位", 24.0), ("书记（最近一次）", 14.0), ("年度", 8.0), ("等次", 8.0)],
        rows,
    )?;
    let o = &history.overdue;
    sheet(
        &mut book,
        "逾期",
        &[("30天以内", 10.0), ("31–90天", 10.0), ("91–180天", 10.0), ("180天以上", 10.0)],
        vec![vec![o.up_to_30_days.into(), o.up_to_90_days.into(), o.up_to_180_days.into(), o.over_180_days.into()]],
    )?;
    sheet(
        &mut book,
        "说明",
        &[("项目", 16.0), ("内容", 80.0)],
        vec![
            vec!["组织方".into(), history.organizer.clone().into()],
            vec!["统计日期".into(), today.format("%Y-%m-%d").to_string().into()],
            vec![
                "口径".into(),
                "等次只计入测评已结束并确定的年度；整改按统计日期的状态，逾期按各措施的截止日期；\
                 反复出现指与同一党组织往年问题相同或相近的问题。"
                    .into(),
            ],
        ],
    )?;
    let bytes = book.save_to_buffer().map_err(failed)?;
    Ok(Export { file_name: format!("{}.xlsx", title(history)), bytes })
}

/// “*” after a year kept on paper.
fn paper_mark(year: &crate::history::CampaignYear) -> &'static str {
    if year.kept_on_paper { "*" } else { "" }
}
