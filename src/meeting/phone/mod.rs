//! 扫码测评: raters vote from their phones over the meeting's LAN with one-time codes.
//!
//! Codes are issued per rater category (as many as its planned size), printed on slips
//! in shuffled order so that no code can be traced to a person. A code is used once. A
//! phone ballot goes into the same ballot records and rules as a paper one; it stores
//! only its category and marks, and its serial is random — never the code, the address
//! or the time — and the code row keeps only "used", so neither points to the other.
//!
//! The database never holds a code itself, only its slow hash ([`code_key`]): the slips are
//! printed from the codes as they are made, so a copy of the file taken during the vote
//! cannot be used to vote with the codes of the raters who have not voted yet. Phone
//! ballots fill slots laid out before the vote (`store::meeting::insert_phone_ballot`), so
//! that no copy shows the order in which they arrived.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::{Ballot, BallotChannel, BallotCode, BallotEntry, Grade, new_id};
use crate::error::{CodeRefusal, Error, Result};
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

/// Marks a code as stored: Argon2id of the code, with the campaign's salt, as text.
const KEY_PREFIX: &str = "H1:";
/// Argon2id's memory (KiB), passes and lanes for a code. Each guess at a code read from a
/// copy costs this much work and memory; the ballot server pays it once per phone (benches/
/// phone_load prints the cost and what it means for a guesser).
pub const CODE_HASH_MEMORY_KIB: u32 = 256;
pub const CODE_HASH_PASSES: u32 = 1;

/// What the database keeps of a code: `H1:<salt>:<hash>`, the hash being Argon2id of the
/// normalized code with the campaign's salt (one salt for all of a campaign's codes, so the
/// server hashes what a phone typed once and looks it up).
pub fn code_key(salt: &[u8; 16], code: &str) -> String {
    let params = argon2::Params::new(CODE_HASH_MEMORY_KIB, CODE_HASH_PASSES, 1, Some(32)).expect("valid parameters");
    let hasher = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut hash = [0u8; 32];
    hasher.hash_password_into(normalize_code(code).as_bytes(), salt, &mut hash).expect("a 16-byte salt");
    format!("{KEY_PREFIX}{}:{}", hex(salt), hex(&hash))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The salt of the campaign's stored codes, if any code is stored as a hash.
pub fn code_salt(store: &Store, campaign_id: &str) -> Result<Option<[u8; 16]>> {
    let codes = meeting_store::list_codes(store.conn(), campaign_id)?;
    Ok(codes.iter().find_map(|c| salt_of(&c.code)))
}

fn salt_of(stored: &str) -> Option<[u8; 16]> {
    let text = stored.strip_prefix(KEY_PREFIX)?.split(':').next()?;
    let mut salt = [0u8; 16];
    if text.len() != 32 {
        return None;
    }
    for (i, byte) in salt.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(salt)
}

fn new_salt() -> [u8; 16] {
    let mut salt = [0u8; 16];
    salt[..8].copy_from_slice(&crate::random::u64().to_le_bytes());
    salt[8..].copy_from_slice(&crate::random::u64().to_le_bytes());
    salt
}

/// What the database keeps for `code` in this campaign, or `None` while the campaign has
/// no codes at all. Costs one slow hash.
pub fn stored_form_of(store: &Store, campaign_id: &str, code: &str) -> Result<Option<String>> {
    Ok(code_salt(store, campaign_id)?.map(|salt| code_key(&salt, code)))
}

/// Makes the campaign ready for phone ballots, inside the caller's write transaction:
/// codes a database of an earlier version (or a campaign file) holds in clear are
/// replaced by their hashes, and every unused code has an empty slot for its ballot.
fn prepare_in(tx: &rusqlite::Transaction<'_>, campaign_id: &str) -> Result<()> {
    let codes = meeting_store::list_codes(tx, campaign_id)?;
    let salt = codes.iter().find_map(|c| salt_of(&c.code)).unwrap_or_else(new_salt);
    for code in codes.iter().filter(|c| salt_of(&c.code).is_none()) {
        meeting_store::replace_code(tx, campaign_id, &code.code, &code_key(&salt, &code.code))?;
    }
    let unused = codes.iter().filter(|c| !c.used).count();
    let empty = meeting_store::empty_phone_slots(tx, campaign_id)?;
    if unused > empty {
        meeting_store::add_phone_slots(tx, campaign_id, unused - empty)?;
    }
    Ok(())
}

/// Makes the campaign ready for phone ballots (see `prepare_in`); the ballot server runs
/// it as it starts, so that a database whose codes were issued before this version works.
pub fn prepare_phone_vote(store: &Store, campaign_id: &str) -> Result<()> {
    let tx = store.begin_write()?;
    if meeting_store::get_closure(store.conn(), campaign_id)?.is_some() {
        return Ok(());
    }
    prepare_in(&tx, campaign_id)?;
    tx.commit()?;
    Ok(())
}

/// Makes sure every rater category has as many codes as its planned size; returns the
/// codes issued now, in clear — the only time they exist outside the slips: the database
/// keeps their hashes.
pub fn issue_codes(store: &mut Store, campaign_id: &str, actor: &str) -> Result<Vec<BallotCode>> {
    issue(store, campaign_id, actor, false)
}

/// Issues new codes for every place not yet voted: the unused codes printed before stop
/// working, and the new ones are returned in clear for the slips.
pub fn reissue_unused_codes(store: &mut Store, campaign_id: &str, actor: &str) -> Result<Vec<BallotCode>> {
    issue(store, campaign_id, actor, true)
}

fn issue(store: &mut Store, campaign_id: &str, actor: &str, replace_unused: bool) -> Result<Vec<BallotCode>> {
    // The write lock first: the codes counted and the codes written are of one moment.
    let tx = store.begin_write()?;
    crate::workstation::refuse_unless_organizer(store.conn(), "生成测评码")?;
    crate::meeting::refuse_paper_year(store, campaign_id)?;
    if replace_unused {
        require_open_for_codes(store, campaign_id)?;
    }
    let conn = store.conn();
    let categories = meeting_store::list_rater_categories(conn, campaign_id)?;
    let categories: Vec<_> = categories.into_iter().filter(|c| c.ballot_channel == BallotChannel::Phone).collect();
    if categories.is_empty() {
        return Err(Error::invalid(
            "还没有哪一类评议人用手机扫码测评。请在“评议人与计分规则”中把要用手机的类别的测评方式改为“手机扫码”，再生成测评码（同一类评议人只发测评表或只发测评码，不会一人两票）。",
        ));
    }
    if categories.iter().all(|c| c.planned_size == 0) {
        return Err(Error::Invalid {
            message: "用手机扫码的各类评议人人数都是 0。请先在“评议人与计分规则”中填写每类的人数，再生成测评码。"
                .into(),
        });
    }
    prepare_in(&tx, campaign_id)?;
    // The campaign keeps one salt for all its codes, also when a reprint voids every code
    // there was: a running ballot server knows the salt it read and hashes new codes with it.
    let salt = meeting_store::list_codes(conn, campaign_id)?.iter().find_map(|c| salt_of(&c.code));
    let voided = if replace_unused { meeting_store::delete_unused_codes(&tx, campaign_id)? } else { 0 };
    let codes = meeting_store::list_codes(conn, campaign_id)?;
    let salt = salt.unwrap_or_else(new_salt);
    let mut taken: BTreeSet<String> = codes.iter().map(|c| c.code.clone()).collect();
    let mut new = Vec::new();
    for category in &categories {
        let have = codes.iter().filter(|c| c.category_id == category.id).count() as u32;
        for _ in have..category.planned_size {
            let (code, key) = loop {
                let candidate = new_code();
                let key = code_key(&salt, &candidate);
                if taken.insert(key.clone()) {
                    break (candidate, key);
                }
            };
            new.push((BallotCode { code, category_id: category.id.clone(), used: false }, key));
        }
    }
    if new.is_empty() && voided == 0 {
        // Nothing issued, but codes kept in clear by an older version are hashed now.
        tx.commit()?;
        return Ok(Vec::new());
    }
    let start = crate::store::next_position(conn, crate::store::Positioned::BallotCodes)?;
    for (i, (code, key)) in new.iter().enumerate() {
        meeting_store::insert_code(&tx, campaign_id, start + i, &BallotCode { code: key.clone(), ..code.clone() })?;
    }
    prepare_in(&tx, campaign_id)?;
    let detail = if replace_unused {
        format!("重新生成未用的测评码 {} 个（此前打印的 {voided} 个未用测评码作废）", new.len())
    } else {
        format!("生成测评码 {} 个", new.len())
    };
    audit::record(&tx, Some(campaign_id), &audit::entry(actor, "codes.issue", "campaign", campaign_id, detail))?;
    tx.commit()?;
    Ok(new.into_iter().map(|(code, _)| code).collect())
}

/// New codes are not issued once the vote is sealed: nobody could vote with them.
fn require_open_for_codes(store: &Store, campaign_id: &str) -> Result<()> {
    if meeting_store::get_closure(store.conn(), campaign_id)?.is_some() {
        return Err(Error::Conflict {
            message: "测评已经结束，不能再生成测评码。如需补充测评，请先重新开启测评。".into(),
        });
    }
    Ok(())
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

/// A secretary as a phone lists her: the name, the 党组织 she leads (which tells apart
/// secretaries of one hospital whose posts read alike) and her post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhoneSecretary {
    pub name: String,
    pub organization: String,
    pub post: String,
}

fn refused(why: CodeRefusal) -> Error {
    Error::CodeRefused(why)
}

/// The issued, unused code whose stored form (see [`code_key`]) is `key`, or why it cannot vote.
fn usable_code(store: &Store, campaign_id: &str, key: Option<&str>) -> Result<BallotCode> {
    let conn = store.conn();
    if meeting_store::get_closure(conn, campaign_id)?.is_some() {
        return Err(refused(CodeRefusal::VoteClosed));
    }
    let found = match key {
        Some(key) => meeting_store::get_code(conn, campaign_id, key)?,
        None => None,
    };
    let Some(found) = found else {
        return Err(refused(CodeRefusal::WrongCode));
    };
    if found.used {
        return Err(refused(CodeRefusal::UsedCode));
    }
    // A rater votes one way: a code of a category that votes on paper does not vote.
    if meeting_store::category_channel(conn, &found.category_id)? != Some(BallotChannel::Phone) {
        return Err(refused(CodeRefusal::PaperCategory));
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

impl PhoneFormTemplate {
    /// The secretaries every phone lists, in agenda order.
    pub fn secretaries(&self) -> &[PhoneSecretary] {
        &self.secretaries
    }
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
                organization: a.organization.clone(),
                post: a.post_on_ballot(),
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
    let key = stored_form_of(store, campaign_id, code)?;
    phone_form_from(store, &phone_form_template(store, campaign_id)?, campaign_id, key.as_deref())
}

/// The form for a code (given as its stored form, [`code_key`]) from a template read
/// earlier, or why the code cannot vote.
pub fn phone_form_from(
    store: &Store,
    template: &PhoneFormTemplate,
    campaign_id: &str,
    key: Option<&str>,
) -> Result<PhoneBallotForm> {
    let found = usable_code(store, campaign_id, key)?;
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
    let key = stored_form_of(store, campaign_id, &submission.code)?;
    let outcome =
        submit_phone_ballots(store, campaign_id, &[(key, submission.clone())]).pop().expect("one outcome per ballot");
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
/// submission, in order. Each submission comes with the stored form of its code
/// ([`stored_form_of`], hashed by the caller outside the transaction). The caller empties
/// the write-ahead log right after ([`Store::truncate_wal`]), before it writes anything
/// else, so that a copy of the `-wal` file holds at most the batch just written.
pub fn submit_phone_ballots(
    store: &Store,
    campaign_id: &str,
    submissions: &[(Option<String>, PhoneSubmission)],
) -> Vec<Result<()>> {
    let none_saved = || submissions.iter().map(|_| Err(Error::Conflict { message: NOT_SAVED.into() })).collect();
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
    for (key, submission) in submissions {
        let outcome = crate::store::in_savepoint(&tx, || {
            record_phone_ballot(store, campaign_id, &agenda, dimensions, key.as_deref(), submission)
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
    key: Option<&str>,
    submission: &PhoneSubmission,
) -> Result<()> {
    let found = usable_code(store, campaign_id, key)?;
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
        return Err(refused(CodeRefusal::UsedCode));
    }
    // Into an empty slot chosen at random, rewritten in place: no row key, page or place
    // in a page follows the order of arrival (and, as every phone ballot, position 0).
    meeting_store::insert_phone_ballot(conn, campaign_id, &ballot)
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
/// `{base_url}/?c=CODE` and the code in letters to type. Printing issues a new code for
/// every place not yet voted, so only the slips printed last are valid.
pub fn slips_pdf(store: &mut Store, campaign_id: &str, base_url: &str, actor: &str) -> Result<Vec<u8>> {
    let base = base_url.trim().trim_end_matches('/');
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        return Err(Error::Invalid {
            message: format!(
                "地址“{base_url}”不是网址。请写成 http://192.168.1.10:8080 这样的形式（会场局域网中本机的地址）。"
            ),
        });
    }
    // The codes exist in clear only now: every place not yet voted gets a new code, and
    // the unused codes of earlier slips stop working (their clear text was never kept).
    let mut codes = reissue_unused_codes(store, campaign_id, actor)?;
    if codes.is_empty() {
        return Err(Error::Conflict {
            message: "所有测评码都已经用过，没有需要打印的纸条。如需增加评议人，请先在“评议人与计分规则”中增加人数。"
                .into(),
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_kept_as_a_salted_hash_of_what_the_person_types() {
        let salt = [3u8; 16];
        let key = code_key(&salt, "ABCD2345");
        assert!(key.starts_with("H1:03030303030303030303030303030303:"), "{key}");
        assert_eq!(key.len(), 3 + 32 + 1 + 64);
        assert!(!key.contains("ABCD2345"));
        assert_eq!(code_key(&salt, "abcd-2345 "), key, "typed in lower case, with a dash or a space");
        assert_ne!(code_key(&[4u8; 16], "ABCD2345"), key, "another campaign's salt, another hash");
        assert_ne!(code_key(&salt, "ABCD2346"), key);
        assert_eq!(salt_of(&key), Some(salt));
        assert_eq!(salt_of("ABCD2345"), None, "a code in clear has no salt");
        let started = std::time::Instant::now();
        for n in 0..20 {
            code_key(&salt, &format!("ABCD{n:04}"));
        }
        eprintln!("one code hash: {:.2} ms", started.elapsed().as_secs_f64() * 1000.0 / 20.0);
    }
}
