//! 扫码测评: raters vote from their phones over the meeting's LAN with one-time codes.
//!
//! Codes are issued per rater category (as many as its planned size), printed on slips
//! in shuffled order so that no code can be traced to a person. A code is used once. A
//! phone ballot goes into the same ballot records and rules as a paper one; it stores
//! only its category and marks, and its serial is random — never the code, the address
//! or the time — and the code row keeps only "used", so neither points to the other.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::{Ballot, BallotChannel, BallotCode, BallotEntry, Grade, new_id};
use crate::error::{Error, Result};
use crate::meeting::{self, AgendaItem};
use crate::pdf::{DocumentBuilder, PageNumbers, PageSize, mm, require_coverage};
use crate::rules::scoring::Mark;
use crate::store::{Store, audit, campaigns, meeting as meeting_store};

pub mod server;

/// The letters of a code: no 0/O or 1/I, so it can be read aloud and typed (32 symbols).
pub const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// 8 symbols × 5 bits = 40 bits; with the server's rate limit a guess is hopeless.
pub const CODE_LENGTH: usize = 8;

/// A new code: 40 bits from the operating system's random source, 5 bits a symbol, so
/// every symbol at every position is equally likely.
pub fn new_code() -> String {
    let bits = crate::random::u64() & ((1 << (5 * CODE_LENGTH)) - 1);
    (0..CODE_LENGTH)
        .map(|i| {
            let index = ((bits >> (i * 5)) & 31) as usize;
            ALPHABET[index] as char
        })
        .collect()
}

/// Normalizes what a person typed: upper case, no spaces or dashes.
pub fn normalize_code(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// Makes sure every rater category has as many codes as its planned size; returns all.
pub fn issue_codes(store: &mut Store, campaign_id: &str, actor: &str) -> Result<Vec<BallotCode>> {
    let conn = store.conn();
    let categories = meeting_store::list_rater_categories(conn, campaign_id)?;
    if categories.iter().all(|c| c.planned_size == 0) {
        return Err(Error::Invalid {
            message: "各类评议人的人数都是 0。请先在“评议人与计分规则”中填写每类的人数，再生成测评码。".into(),
        });
    }
    let mut codes = meeting_store::list_codes(conn, campaign_id)?;
    let mut taken: BTreeSet<String> = codes.iter().map(|c| c.code.clone()).collect();
    let mut new = Vec::new();
    for category in &categories {
        let have = codes.iter().filter(|c| c.category_id == category.id).count() as u32;
        for _ in have..category.planned_size {
            let code = loop {
                let candidate = new_code();
                if taken.insert(candidate.clone()) {
                    break candidate;
                }
            };
            new.push(BallotCode { code, category_id: category.id.clone(), used: false });
        }
    }
    if !new.is_empty() {
        let start = crate::store::next_position(conn, crate::store::Positioned::BallotCodes)?;
        let tx = store.conn_mut().transaction()?;
        for (i, code) in new.iter().enumerate() {
            meeting_store::insert_code(&tx, campaign_id, start + i, code)?;
        }
        audit::record(
            &tx,
            Some(campaign_id),
            &audit::entry(actor, "codes.issue", "campaign", campaign_id, format!("生成测评码 {} 个", new.len())),
        )?;
        tx.commit()?;
        codes.extend(new);
    }
    Ok(codes)
}

/// How many codes of each category were used, of how many: what the projector shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Turnout {
    pub categories: Vec<CategoryTurnout>,
    pub used: u32,
    pub issued: u32,
    pub closed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CategoryTurnout {
    pub name: String,
    pub used: u32,
    pub issued: u32,
}

/// Turnout per category; never any partial result.
pub fn turnout(store: &Store, campaign_id: &str) -> Result<Turnout> {
    let conn = store.conn();
    let categories = meeting_store::list_rater_categories(conn, campaign_id)?;
    let codes = meeting_store::list_codes(conn, campaign_id)?;
    let per: Vec<CategoryTurnout> = categories
        .iter()
        .map(|c| CategoryTurnout {
            name: c.name.clone(),
            used: codes.iter().filter(|k| k.category_id == c.id && k.used).count() as u32,
            issued: codes.iter().filter(|k| k.category_id == c.id).count() as u32,
        })
        .collect();
    Ok(Turnout {
        used: per.iter().map(|c| c.used).sum(),
        issued: per.iter().map(|c| c.issued).sum(),
        categories: per,
        closed: meeting_store::get_closure(conn, campaign_id)?.is_some(),
    })
}

/// What a phone sees after entering its code: the category and the agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneBallotForm {
    pub title: String,
    pub category: String,
    pub secretaries: Vec<PhoneSecretary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneSecretary {
    pub name: String,
    pub post: String,
}

fn refused(message: &str) -> Error {
    Error::Conflict { message: message.to_string() }
}

/// What a phone is told for a code that was never issued (the server counts these).
pub const WRONG_CODE: &str = "测评码不正确。请核对纸条上的测评码后重新输入。";
/// What a phone is told once the vote is closed (the server then stops).
pub const VOTE_CLOSED: &str = "测评已经结束，不能再提交。如有疑问，请联系会务工作人员。";
const USED_CODE: &str = "这个测评码已经用过，不能再次提交。如有疑问，请联系会务工作人员。";

/// The issued, unused code a phone typed, or why it cannot vote.
fn usable_code(store: &Store, campaign_id: &str, code: &str) -> Result<BallotCode> {
    let conn = store.conn();
    if meeting_store::get_closure(conn, campaign_id)?.is_some() {
        return Err(refused(VOTE_CLOSED));
    }
    let Some(found) = meeting_store::get_code(conn, campaign_id, &normalize_code(code))? else {
        return Err(refused(WRONG_CODE));
    };
    if found.used {
        return Err(refused(USED_CODE));
    }
    Ok(found)
}

/// What every phone of a campaign is shown apart from its category: the title, the agenda
/// and the category names. The ballot server reads it once a second, not once a phone.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneFormTemplate {
    title: String,
    secretaries: Vec<PhoneSecretary>,
    categories: Vec<(String, String)>,
}

pub fn phone_form_template(store: &Store, campaign_id: &str) -> Result<PhoneFormTemplate> {
    let conn = store.conn();
    let campaign = campaigns::get_campaign(conn, campaign_id)?;
    let (agenda, _) = meeting::agenda(store, campaign_id)?;
    Ok(PhoneFormTemplate {
        title: campaign.title,
        secretaries: agenda
            .iter()
            .map(|a: &AgendaItem| PhoneSecretary {
                name: a.label.clone(),
                post: crate::domain::post_of(&a.unit, &a.title),
            })
            .collect(),
        categories: meeting_store::list_rater_categories(conn, campaign_id)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
    })
}

/// The form for a code, or why the code cannot vote.
pub fn phone_form(store: &Store, campaign_id: &str, code: &str) -> Result<PhoneBallotForm> {
    phone_form_from(store, &phone_form_template(store, campaign_id)?, campaign_id, code)
}

/// The form for a code from a template read earlier, or why the code cannot vote.
pub fn phone_form_from(
    store: &Store,
    template: &PhoneFormTemplate,
    campaign_id: &str,
    code: &str,
) -> Result<PhoneBallotForm> {
    let found = usable_code(store, campaign_id, code)?;
    let category = template.categories.iter().find(|(id, _)| *id == found.category_id).map(|(_, name)| name.clone());
    Ok(PhoneBallotForm {
        title: template.title.clone(),
        category: category.unwrap_or_default(),
        secretaries: template.secretaries.clone(),
    })
}

/// A ballot as a phone submits it: one grade per agenda secretary, in agenda order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneSubmission {
    pub code: String,
    pub grades: Vec<Option<Grade>>,
    #[serde(default)]
    pub suggestions: String,
}

/// Records a phone ballot and uses up its code, in one write transaction, then empties
/// the write-ahead log so that it does not keep the link between the code and the ballot.
pub fn submit_phone_ballot(store: &mut Store, campaign_id: &str, submission: &PhoneSubmission) -> Result<()> {
    let outcome = submit_phone_ballots(store, campaign_id, std::slice::from_ref(submission))
        .pop()
        .expect("one outcome per ballot");
    // A reader at this very moment keeps the log until the next write: nothing is lost.
    let _ = store.truncate_wal();
    outcome
}

/// What a phone is told when the database could not take its ballot (nothing was kept).
const NOT_SAVED: &str = "测评票没有保存成功，测评码仍可使用。请稍后重新提交；如仍不成功，请联系会务工作人员。";

/// Records several phone ballots in one write transaction (the ballot server gathers
/// the ballots that arrive together): each is checked and written inside the
/// transaction, after "is the vote closed?" — so none can be stored after the closing
/// commits — and one refused ballot does not affect the others. Returns one outcome per
/// submission, in order. The caller empties the write-ahead log right after
/// ([`Store::truncate_wal`]), before it writes anything else, so that a copy of the `-wal`
/// file holds at most the batch just written.
pub fn submit_phone_ballots(store: &Store, campaign_id: &str, submissions: &[PhoneSubmission]) -> Vec<Result<()>> {
    let none_saved = || submissions.iter().map(|_| Err(refused(NOT_SAVED))).collect();
    let Ok(tx) = store.begin_write() else {
        return none_saved();
    };
    // Read once for the batch, inside its transaction: what every ballot is checked against.
    let agenda = meeting::agenda(store, campaign_id).map(|(on, _)| on);
    let dimensions = campaigns::get_campaign(store.conn(), campaign_id).map(|c| c.dimensions.len());
    let (Ok(agenda), Ok(dimensions)) = (agenda, dimensions) else {
        return none_saved();
    };
    let mut outcomes = Vec::with_capacity(submissions.len());
    for submission in submissions {
        let outcome = crate::store::in_savepoint(&tx, || {
            record_phone_ballot(store, campaign_id, &agenda, dimensions, submission)
        });
        outcomes.push(outcome);
    }
    if tx.commit().is_err() {
        return none_saved();
    }
    outcomes
}

/// Checks and writes one phone ballot inside the caller's write transaction.
fn record_phone_ballot(
    store: &Store,
    campaign_id: &str,
    agenda: &[AgendaItem],
    dimensions: usize,
    submission: &PhoneSubmission,
) -> Result<()> {
    let found = usable_code(store, campaign_id, &submission.code)?;
    let conn = store.conn();
    if submission.grades.len() != agenda.len() {
        return Err(Error::Invalid {
            message: "提交的评价与述职名单不符。请刷新页面后重新填写。".into()
        });
    }
    if submission.grades.iter().all(Option::is_none) {
        return Err(Error::Invalid { message: "还没有对任何人作出评价。请至少评价一位。".into() });
    }
    let suggestions = submission.suggestions.trim().to_string();
    if suggestions.chars().count() > 2000 {
        return Err(Error::Invalid { message: "意见建议超过 2000 字，请精简后提交。".into() });
    }
    let entries = agenda
        .iter()
        .zip(&submission.grades)
        .map(|(person, grade)| BallotEntry {
            secretary_id: person.secretary_id.clone(),
            grade: *grade,
            multiple_marks: false,
            dimension_marks: vec![Mark::Blank; dimensions],
        })
        .collect();
    // A random serial: no order, no time, no code.
    let serial = format!("P-{}", new_code());
    let ballot = Ballot {
        id: new_id(),
        serial,
        category_id: found.category_id.clone(),
        entries,
        suggestions,
        channel: BallotChannel::Phone,
    };
    // Used once: the update only succeeds while the code is unused.
    if !meeting_store::use_code(conn, campaign_id, &found.code)? {
        return Err(refused(USED_CODE));
    }
    // Every phone ballot has position 0: listed among themselves by their random ids,
    // never in the order they arrived.
    meeting_store::insert_ballot(conn, campaign_id, 0, &ballot)
}

/// The QR code of `text` as rows of dark (true) and light modules.
pub fn qr_modules(text: &str) -> Result<Vec<Vec<bool>>> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|e| Error::Invalid {
        message: format!("无法生成二维码（{e}）。请缩短地址后重试。"),
    })?;
    let width = code.width();
    let colors = code.to_colors();
    Ok(colors.chunks(width).map(|row| row.iter().map(|c| *c == qrcode::Color::Dark).collect()).collect())
}

/// The code slips as PDF: 12 to an A4 page, shuffled, each with the category, a QR code of
/// `{base_url}/?c=CODE` and the code in letters to type.
pub fn slips_pdf(store: &mut Store, campaign_id: &str, base_url: &str, actor: &str) -> Result<Vec<u8>> {
    let base = base_url.trim().trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::Invalid {
            message: format!(
                "地址“{base_url}”不是网址。请写成 http://192.168.1.10:8080 这样的形式（会场局域网中本机的地址）。"
            ),
        });
    }
    let mut codes = issue_codes(store, campaign_id, actor)?;
    codes.retain(|c| !c.used);
    // Shuffled, so the order of the slips says nothing about who got which.
    crate::random::shuffle(&mut codes);
    let campaign = campaigns::get_campaign(store.conn(), campaign_id)?;
    let categories = meeting_store::list_rater_categories(store.conn(), campaign_id)?;
    let title = format!("{}年度述职评议 扫码测评", campaign.year);
    let names: Vec<String> = categories.iter().map(|c| c.name.clone()).collect();
    require_coverage("测评码纸条", names.iter().map(String::as_str).chain([title.as_str()]))?;
    let mut document = DocumentBuilder::new(&title, PageSize::A4Portrait, PageNumbers::None).compact();
    let (columns, rows) = (3usize, 4usize);
    let (cell_w, cell_h) = (mm(170.0 / 3.0), mm(257.0 / 4.0));
    for (index, code) in codes.iter().enumerate() {
        let slot = index % (columns * rows);
        if index > 0 && slot == 0 {
            document.new_page();
        }
        let (col, row) = (slot % columns, slot / columns);
        let x = mm(20.0) + col as f32 * cell_w;
        let top = mm(20.0) + row as f32 * cell_h;
        document.dashed_box(x, top, cell_w, cell_h);
        let category = categories.iter().find(|c| c.id == code.category_id).map_or("", |c| c.name.as_str());
        document.text_at(x + mm(4.0), top + mm(3.0), &title, 8.0);
        document.text_at(x + mm(4.0), top + mm(7.5), category, 10.0);
        let modules = qr_modules(&format!("{base}/?c={}", code.code))?;
        document.qr(x + mm(8.0), top + mm(13.0), mm(40.0), &modules);
        let spaced = format!("{} {}", &code.code[..4], &code.code[4..]);
        document.text_at(x + mm(9.0), top + mm(55.0), &spaced, 14.0);
    }
    document.finish()
}

/// This computer's address on the local network, to show phones where to connect: the
/// address the system would use to reach the LAN (no packet is sent). `None` offline.
pub fn guess_lan_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("10.255.255.255:1").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// The slips with the one-time codes for 扫码测评, with their file name.
pub fn slips_export(store: &mut Store, campaign_id: &str, base_url: &str, actor: &str) -> Result<crate::files::Export> {
    let bytes = slips_pdf(store, campaign_id, base_url, actor)?;
    let year = campaigns::get_campaign(store.conn(), campaign_id)?.year;
    Ok(crate::files::Export { file_name: format!("{year}年度扫码测评码.pdf"), bytes })
}
