//! Line breaking for Chinese documents (the rules of 避头尾): a line may break
//! between any two Han characters, but never starts with closing punctuation and
//! never ends with opening punctuation; Latin words and numbers stay whole.

use super::Font;

/// Punctuation that may not begin a line.
const NO_LINE_START: &str = "，。、；：？！）》〉”’」』】〕…—％%,.;:?!)]}·～";
/// Punctuation that may not end a line.
const NO_LINE_END: &str = "（《〈“‘「『【〔([{";

/// True for characters that must not begin a line.
pub fn is_line_start_forbidden(c: char) -> bool {
    NO_LINE_START.contains(c)
}

fn is_line_end_forbidden(c: char) -> bool {
    NO_LINE_END.contains(c)
}

/// Characters that join into one unbreakable word: ASCII letters, digits and the
/// marks inside numbers (2023.5, 95.6%, 1:2, A-3).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-/:%+'&@#".contains(c)
}

/// Cuts text into units that are never split: a Latin word or number, a space, or one other character.
fn units(text: &str) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = is_word_char(c)
            && units.last().is_some_and(|u| u.chars().last().is_some_and(|last| is_word_char(last) && last != ' '));
        if joins {
            units.last_mut().expect("checked above").push(c);
        } else {
            units.push(c.to_string());
        }
    }
    units
}

/// The width of the widest unit of `text` that a line never splits (a Latin word, a
/// number such as 100.0%, one Han character): a narrower column would cut it.
pub fn widest_word(font: &Font, text: &str, size: f32) -> f32 {
    units(text).iter().map(|u| font.width(u, size)).fold(0.0, f32::max)
}

/// Breaks `text` into lines no wider than `width` points at `size` points; the first
/// line is `first_indent` points narrower. Empty text gives no lines.
pub fn break_lines(font: &Font, text: &str, size: f32, width: f32, first_indent: f32) -> Vec<String> {
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut current_width = 0.0;
    let limit = |lines: &Vec<Vec<String>>| if lines.is_empty() { width - first_indent } else { width };
    for unit in units(text) {
        let unit_width = font.width(&unit, size);
        if current.is_empty() && unit == " " {
            continue; // no space at the start of a line
        }
        if current_width + unit_width <= limit(&lines) + 0.01 {
            current_width += unit_width;
            current.push(unit);
            continue;
        }
        // The unit does not fit: start a new line, carrying back what must not be split.
        let mut carry: Vec<String> = Vec::new();
        let starts_forbidden = unit.chars().next().is_some_and(is_line_start_forbidden);
        if starts_forbidden {
            // Take the last character(s) of this line along, so the punctuation is not first.
            while current.len() > 1 {
                let last = current.pop().expect("len > 1");
                let last_is_forbidden = last.chars().next().is_some_and(is_line_start_forbidden);
                carry.insert(0, last);
                if !last_is_forbidden {
                    break;
                }
            }
        }
        // Opening punctuation at the end of a line goes down with what it opens.
        while current.len() > 1 && current.last().and_then(|u| u.chars().last()).is_some_and(is_line_end_forbidden) {
            carry.insert(0, current.pop().expect("len > 1"));
        }
        while current.last().is_some_and(|u| u == " ") {
            current.pop();
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current = carry;
        current.push(unit);
        current_width = current.iter().map(|u| font.width(u, size)).sum();
        // A single word longer than a whole line is cut by characters.
        if current_width > limit(&lines) + 0.01 && current.len() == 1 {
            let word = current.pop().expect("one unit");
            let mut piece = String::new();
            for c in word.chars() {
                if !piece.is_empty() && font.width(&piece, size) + font.advance(c, size) > limit(&lines) {
                    lines.push(vec![std::mem::take(&mut piece)]);
                }
                piece.push(c);
            }
            current_width = font.width(&piece, size);
            current.push(piece);
        }
    }
    while current.last().is_some_and(|u| u == " ") {
        current.pop();
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines.into_iter().map(|units| units.concat()).collect()
}

/// The widths of a table's columns: `total` shared by `weights`, except that no column is
/// narrower than its `minimums` entry (what its header needs to stay whole, 评定等次 not
/// 评定等 / 次, and its cells' numbers, 100.0% not 100.0 / %); the room a column is given
/// so is taken from the others in proportion to their weights. When the minimums together
/// exceed `total`, the weights alone decide.
pub fn column_widths(total: f32, weights: &[f32], minimums: &[f32]) -> Vec<f32> {
    let proportional = |room: f32, shared: &[bool]| {
        let weight: f32 = weights.iter().zip(shared).filter(|(_, s)| **s).map(|(w, _)| w).sum();
        weights
            .iter()
            .zip(minimums)
            .zip(shared)
            .map(|((w, min), s)| if *s && weight > 0.0 { room * w / weight } else { *min })
            .collect::<Vec<f32>>()
    };
    if minimums.iter().sum::<f32>() > total {
        return proportional(total, &vec![true; weights.len()]);
    }
    // A column held at its minimum stays there; the rest share what is left, until none of
    // them falls below its own minimum (at most one round per column).
    let mut shared = vec![true; weights.len()];
    loop {
        let held: f32 = minimums.iter().zip(&shared).filter(|(_, s)| !**s).map(|(m, _)| m).sum();
        let widths = proportional(total - held, &shared);
        let short: Vec<usize> = (0..widths.len()).filter(|&i| shared[i] && widths[i] < minimums[i]).collect();
        if short.is_empty() {
            return widths;
        }
        for i in short {
            shared[i] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_gets_the_width_its_header_needs_from_the_others() {
        assert_eq!(column_widths(100.0, &[1.0, 1.0, 2.0], &[0.0, 0.0, 0.0]), [25.0, 25.0, 50.0]);
        // The first column needs 40: it gets it, the others share the remaining 60 by weight.
        assert_eq!(column_widths(100.0, &[1.0, 1.0, 2.0], &[40.0, 10.0, 10.0]), [40.0, 20.0, 40.0]);
        // Taking room can push another column under its minimum: it is held there too.
        assert_eq!(column_widths(100.0, &[1.0, 1.0, 2.0], &[40.0, 22.0, 10.0]), [40.0, 22.0, 38.0]);
        // Minimums that cannot all be met leave the weights to decide.
        assert_eq!(column_widths(100.0, &[1.0, 3.0], &[60.0, 60.0]), [25.0, 75.0]);
    }

    fn lines(text: &str, chars_per_line: f32) -> Vec<String> {
        let font = Font::bundled();
        let size = 10.0;
        // Han characters are one em wide in the bundled font.
        break_lines(font, text, size, chars_per_line * size, 0.0)
    }

    #[test]
    fn han_text_breaks_anywhere_at_the_width() {
        assert_eq!(lines("一二三四五六七八九十", 4.0), ["一二三四", "五六七八", "九十"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let result = lines("一二三四，五六七八。", 4.0);
        assert_eq!(result, ["一二三", "四，五六", "七八。"]);
        for line in lines("本人认真履行职责，坚持党建引领；推动（一）改革。“双带头人”比例提高。", 5.0)
        {
            let first = line.chars().next().unwrap();
            assert!(!is_line_start_forbidden(first), "line starts with {first}: {line}");
            let last = line.chars().last().unwrap();
            assert!(!is_line_end_forbidden(last), "line ends with {last}: {line}");
        }
    }

    #[test]
    fn numbers_and_latin_words_stay_whole() {
        let result = lines("门诊候诊由38分钟降至21分钟，比例95.6%。", 7.0);
        for line in &result {
            assert!(!line.starts_with('%') && !line.ends_with("95") && !line.ends_with("95."), "{result:?}");
        }
        assert!(result.iter().any(|l| l.contains("95.6%")), "{result:?}");
        assert!(result.iter().any(|l| l.contains("38")), "{result:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_cut() {
        let result = lines("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ", 4.0);
        assert!(result.len() > 1);
        assert_eq!(result.concat(), "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ");
    }
}
