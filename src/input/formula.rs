//! Formulas of an `.xlsx` workbook, checked before their results are used: a figure typed as
//! `=SUM(C2:C13)` is read by the result the file saved with it, and that result is only as
//! good as the program that saved it (Python's XlsxWriter saves 0 for every formula and asks
//! the spreadsheet to compute them when opened). The arithmetic and the functions figure sheets
//! use (`+ - * / ^`, `SUM`, `MIN`, `MAX`, `AVERAGE`, `ROUND`, `ABS`, `TRUE()`, `FALSE()`, cells
//! and ranges of any sheet) are computed here from the cells' values and compared with the
//! saved result; a formula that cannot be computed, has no saved result, or disagrees with it
//! is not trusted, and its cell says why.

use std::collections::{BTreeMap, HashMap};

use crate::input::table::{Address, Sheet, Value};

/// What a formula computes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Number(f64),
    Bool(bool),
}

/// Why a formula's saved result is not used.
#[derive(Debug, Clone, PartialEq)]
pub enum Distrust {
    /// The formula uses what this program does not compute (text, another function).
    Unsupported(String),
    /// The file holds no result for it.
    NoResult,
    /// The file asks the spreadsheet program to compute every formula when it opens it: the
    /// saved results were never computed (XlsxWriter saves 0).
    Recalculate,
    /// The saved result is not what the formula computes.
    Disagrees { saved: String, computed: String },
}

impl Distrust {
    /// The message about a cell holding `formula`.
    pub fn message(&self, formula: &str) -> String {
        let shown: String = formula.chars().take(60).collect();
        let cut = if formula.chars().count() > 60 { "…" } else { "" };
        let formula = format!("={shown}{cut}");
        match self {
            Distrust::Unsupported(what) => {
                format!("found the formula {formula}, which uses {what}: its result cannot be checked")
            }
            Distrust::NoResult => format!("found the formula {formula} with no result saved in the file"),
            Distrust::Recalculate => {
                format!(
                    "found the formula {formula}, whose result the file asks to be computed when it is opened: the saved result was never computed"
                )
            }
            Distrust::Disagrees { saved, computed } => {
                format!("found the formula {formula}, whose saved result {saved} is not what it computes, {computed}")
            }
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            Distrust::Unsupported(_) => {
                "type the figure itself, or compute it with + - * / and SUM, MIN, MAX, AVERAGE, ROUND or ABS of cells"
            }
            _ => {
                "open the workbook in Excel or LibreOffice and save it (the results are then computed and saved), or type the figure itself"
            }
        }
    }
}

/// The most cells the formulas of one workbook may read in all: a range over a whole column
/// of a large sheet, repeated in every row, would otherwise take minutes.
pub const MAX_READS: usize = 4_000_000;

/// The cells of every sheet, by the sheet's name as formulas write it (any case).
struct Book<'a> {
    sheets: Vec<(&'a str, BTreeMap<Address, &'a Value>)>,
    /// The formulas of each sheet, by their cells in order.
    formulas: Vec<BTreeMap<Address, &'a str>>,
    /// Formulas computed so far, and those being computed (a formula that reaches itself).
    done: HashMap<(usize, Address), Result<Scalar, Distrust>>,
    busy: Vec<(usize, Address)>,
    reads: usize,
}

/// Checks every formula of a workbook's sheets; a cell whose formula is not trusted gets the
/// value [`Value::Untrusted`], saying why. `recalculate`: the file asks for every formula
/// to be computed on opening.
pub fn verify(sheets: &mut [Sheet], recalculate: bool) {
    let verdicts: Vec<(usize, Address, Distrust, &str)> = {
        let mut book = Book {
            sheets: sheets
                .iter()
                .map(|s| (s.name.as_str(), s.cells.iter().map(|c| (c.at, &c.value)).collect()))
                .collect(),
            formulas: sheets.iter().map(|s| s.formulas.iter().map(|(at, f)| (*at, f.as_str())).collect()).collect(),
            done: HashMap::new(),
            busy: Vec::new(),
            reads: 0,
        };
        let keys: Vec<(usize, Address)> =
            book.formulas.iter().enumerate().flat_map(|(i, f)| f.keys().map(move |at| (i, *at))).collect();
        let mut out = Vec::new();
        for (sheet, at) in keys {
            let formula = book.formulas[sheet][&at];
            let saved = book.sheets[sheet].1.get(&at).map(|v| (*v).clone()).unwrap_or(Value::Empty);
            if matches!(saved, Value::Untrusted { .. }) {
                continue; // Already refused, for a reason more exact than this check's.
            }
            let verdict = if recalculate {
                Err(Distrust::Recalculate)
            } else {
                book.cell(sheet, at).and_then(|computed| agree(&saved, &computed))
            };
            if let Err(why) = verdict {
                out.push((sheet, at, why, formula));
            }
        }
        out
    };
    let verdicts: Vec<(usize, Address, Value)> = verdicts
        .into_iter()
        .map(|(sheet, at, why, formula)| {
            (sheet, at, Value::Untrusted { message: why.message(formula), hint: why.hint().to_owned() })
        })
        .collect();
    let mut verdicts: HashMap<(usize, Address), Value> =
        verdicts.into_iter().map(|(sheet, at, value)| ((sheet, at), value)).collect();
    for (i, sheet) in sheets.iter_mut().enumerate() {
        for cell in &mut sheet.cells {
            if let Some(value) = verdicts.remove(&(i, cell.at)) {
                cell.value = value;
            }
        }
    }
    // Formulas whose cells hold no value yet.
    let mut rest: Vec<((usize, Address), Value)> = verdicts.into_iter().collect();
    rest.sort_by_key(|(key, _)| *key);
    let mut grown = vec![false; sheets.len()];
    for ((sheet, at), value) in rest {
        sheets[sheet].cells.push(crate::input::table::Cell { at, value });
        grown[sheet] = true;
    }
    for (sheet, _) in sheets.iter_mut().zip(grown).filter(|(_, grown)| *grown) {
        sheet.cells.sort_by_key(|c| c.at);
    }
}

/// Whether a saved result is what the formula computes.
fn agree(saved: &Value, computed: &Scalar) -> Result<(), Distrust> {
    let disagree = |saved: String| {
        let computed = match computed {
            Scalar::Number(n) => Value::Number(*n).describe(),
            Scalar::Bool(b) => Value::Bool(*b).describe(),
        };
        Err(Distrust::Disagrees { saved, computed })
    };
    match (saved, computed) {
        (Value::Empty, _) => Err(Distrust::NoResult),
        (Value::Number(s) | Value::Percent(s), Scalar::Number(c)) => {
            if (s - c).abs() <= 1e-9 * c.abs().max(1.0) {
                Ok(())
            } else {
                disagree(saved.describe())
            }
        }
        (Value::Bool(s), Scalar::Bool(c)) if s == c => Ok(()),
        // Booleans in arithmetic, and numbers shown as booleans, as spreadsheets take them.
        (Value::Bool(s), Scalar::Number(c)) if (f64::from(u8::from(*s)) - c).abs() < 1e-9 => Ok(()),
        (Value::Number(s), Scalar::Bool(c)) if (*s - f64::from(u8::from(*c))).abs() < 1e-9 => Ok(()),
        (Value::Date(_), _) => Err(Distrust::Unsupported("a date".into())),
        _ => disagree(saved.describe()),
    }
}

impl Book<'_> {
    fn sheet_index(&self, name: Option<&str>, here: usize) -> Result<usize, Distrust> {
        match name {
            None => Ok(here),
            Some(name) => self
                .sheets
                .iter()
                .position(|(n, _)| n.eq_ignore_ascii_case(name))
                .ok_or_else(|| Distrust::Unsupported(format!("the sheet {name}, which the workbook does not have"))),
        }
    }

    /// A cell's value for arithmetic: computed when it holds a formula.
    fn cell(&mut self, sheet: usize, at: Address) -> Result<Scalar, Distrust> {
        if let Some(done) = self.done.get(&(sheet, at)) {
            return done.clone();
        }
        let Some(formula) = self.formulas[sheet].get(&at).copied() else {
            return Ok(match self.sheets[sheet].1.get(&at) {
                Some(Value::Number(n) | Value::Percent(n)) => Scalar::Number(*n),
                Some(Value::Bool(b)) => Scalar::Bool(*b),
                None | Some(Value::Empty) => Scalar::Number(0.0),
                Some(other) => return Err(Distrust::Unsupported(format!("{at}, which holds {}", other.describe()))),
            });
        };
        if self.busy.contains(&(sheet, at)) || self.busy.len() > 64 {
            return Err(Distrust::Unsupported("a cell that refers back to itself".into()));
        }
        self.busy.push((sheet, at));
        let result =
            Parser { text: formula.as_bytes(), at: 0, depth: 0 }.formula().and_then(|expr| self.eval(&expr, sheet));
        self.busy.pop();
        self.done.insert((sheet, at), result.clone());
        result
    }

    fn count_read(&mut self) -> Result<(), Distrust> {
        self.charge(1)
    }

    /// Counts `cells` more read, refusing past [`MAX_READS`].
    fn charge(&mut self, cells: usize) -> Result<(), Distrust> {
        self.reads = self.reads.saturating_add(cells);
        if self.reads > MAX_READS {
            Err(Distrust::Unsupported("more cells than a workbook's formulas may read".into()))
        } else {
            Ok(())
        }
    }

    fn number(&mut self, expr: &Expr, sheet: usize) -> Result<f64, Distrust> {
        match self.eval(expr, sheet)? {
            Scalar::Number(n) => Ok(n),
            Scalar::Bool(b) => Ok(f64::from(u8::from(b))),
        }
    }

    fn eval(&mut self, expr: &Expr, sheet: usize) -> Result<Scalar, Distrust> {
        let finite = |n: f64| {
            if n.is_finite() { Ok(Scalar::Number(n)) } else { Err(Distrust::Unsupported("a division by zero".into())) }
        };
        match expr {
            Expr::Number(n) => Ok(Scalar::Number(*n)),
            Expr::Cell(name, at) => {
                self.count_read()?;
                let target = self.sheet_index(name.as_deref(), sheet)?;
                self.cell(target, *at)
            }
            Expr::Range(..) => Err(Distrust::Unsupported("a range outside a function".into())),
            Expr::Negate(e) => finite(-self.number(e, sheet)?),
            Expr::Binary(op, a, b) => {
                let (a, b) = (self.number(a, sheet)?, self.number(b, sheet)?);
                finite(match op {
                    b'+' => a + b,
                    b'-' => a - b,
                    b'*' => a * b,
                    b'/' => a / b,
                    _ => a.powf(b),
                })
            }
            Expr::Call(name, args) => self.call(name, args, sheet),
        }
    }

    /// The numbers a function's arguments hold: a range's numbers (blank and other cells
    /// skipped, as spreadsheets do), or each argument's value.
    fn numbers(&mut self, args: &[Expr], sheet: usize) -> Result<Vec<f64>, Distrust> {
        let mut out = Vec::new();
        for arg in args {
            if let Expr::Range(name, first, last) = arg {
                let target = self.sheet_index(name.as_deref(), sheet)?;
                let (top, bottom) = (first.row.min(last.row), first.row.max(last.row));
                let (left, right) = (first.column.min(last.column), first.column.max(last.column));
                // The rows of the range, from the cells kept in order: each cell looked at counts.
                let rows = Address { row: top, column: 0 }..=Address { row: bottom, column: u32::MAX };
                let mut scanned = 0usize;
                let inside: Vec<Address> = self.sheets[target]
                    .1
                    .range(rows.clone())
                    .map(|(a, _)| a)
                    .chain(self.formulas[target].range(rows).map(|(a, _)| a))
                    .inspect(|_| scanned += 1)
                    .filter(|a| (left..=right).contains(&a.column))
                    .copied()
                    .collect::<std::collections::BTreeSet<Address>>()
                    .into_iter()
                    .collect();
                self.charge(scanned)?;
                for at in inside {
                    let is_number = self.formulas[target].contains_key(&at)
                        || matches!(self.sheets[target].1.get(&at), Some(Value::Number(_) | Value::Percent(_)));
                    if is_number && let Scalar::Number(n) = self.cell(target, at)? {
                        out.push(n);
                    }
                }
            } else if let Expr::Cell(name, at) = arg {
                // A cell given alone counts as a range of one: a blank one is skipped, as
                // spreadsheets do (MIN(D25, 40) of a blank D25 is 40). A TRUE or FALSE cell is
                // counted by LibreOffice and skipped by Excel, so it cannot be checked.
                self.count_read()?;
                let target = self.sheet_index(name.as_deref(), sheet)?;
                let blank = !self.formulas[target].contains_key(at)
                    && matches!(self.sheets[target].1.get(at), None | Some(Value::Empty));
                if blank {
                    continue;
                }
                match self.cell(target, *at)? {
                    Scalar::Number(n) => out.push(n),
                    Scalar::Bool(_) => {
                        return Err(Distrust::Unsupported(format!(
                            "{at}, a TRUE or FALSE cell in a function, which spreadsheet programs count differently"
                        )));
                    }
                }
            } else {
                out.push(self.number(arg, sheet)?);
            }
        }
        Ok(out)
    }

    fn call(&mut self, name: &str, args: &[Expr], sheet: usize) -> Result<Scalar, Distrust> {
        let n = |v: f64| {
            if v.is_finite() { Ok(Scalar::Number(v)) } else { Err(Distrust::Unsupported("a division by zero".into())) }
        };
        match (name, args.len()) {
            ("TRUE", 0) => Ok(Scalar::Bool(true)),
            ("FALSE", 0) => Ok(Scalar::Bool(false)),
            ("SUM", _) => n(self.numbers(args, sheet)?.iter().sum()),
            ("MIN", _) => n(self.numbers(args, sheet)?.into_iter().reduce(f64::min).unwrap_or(0.0)),
            ("MAX", _) => n(self.numbers(args, sheet)?.into_iter().reduce(f64::max).unwrap_or(0.0)),
            ("AVERAGE", _) => {
                let values = self.numbers(args, sheet)?;
                n(values.iter().sum::<f64>() / values.len() as f64)
            }
            ("ABS", 1) => n(self.number(&args[0], sheet)?.abs()),
            ("ROUND", 2) => {
                let (value, digits) = (self.number(&args[0], sheet)?, self.number(&args[1], sheet)?);
                if digits.fract() != 0.0 || !(-15.0..=15.0).contains(&digits) {
                    return Err(Distrust::Unsupported("ROUND to a number of digits it cannot take".into()));
                }
                let scale = 10f64.powi(digits as i32);
                // Half away from zero, as spreadsheets round.
                n(((value * scale).abs() + 0.5).floor() * value.signum() / scale)
            }
            _ => Err(Distrust::Unsupported(format!("the function {name} with {} arguments", args.len()))),
        }
    }
}

/// A formula, parsed.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Number(f64),
    /// A cell, with the sheet it is on when the formula names one.
    Cell(Option<String>, Address),
    Range(Option<String>, Address, Address),
    Negate(Box<Expr>),
    Binary(u8, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn unsupported<T>(&self) -> Result<T, Distrust> {
        let rest = String::from_utf8_lossy(&self.text[self.at.min(self.text.len())..]);
        let shown: String = rest.chars().take(20).collect();
        Err(Distrust::Unsupported(if shown.is_empty() {
            "an unfinished expression".into()
        } else {
            format!("`{shown}`")
        }))
    }

    fn peek(&mut self) -> Option<u8> {
        while self.text.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.text.get(self.at).copied()
    }

    fn formula(mut self) -> Result<Expr, Distrust> {
        if self.peek() == Some(b'=') {
            self.at += 1;
        }
        let expr = self.sum()?;
        if self.peek().is_some() {
            return self.unsupported();
        }
        Ok(expr)
    }

    fn deeper(&mut self) -> Result<(), Distrust> {
        self.depth += 1;
        if self.depth > 64 { Err(Distrust::Unsupported("more nesting than a figure needs".into())) } else { Ok(()) }
    }

    fn sum(&mut self) -> Result<Expr, Distrust> {
        self.deeper()?;
        let mut left = self.product()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.product()?));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, Distrust> {
        let mut left = self.power()?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.power()?));
        }
        Ok(left)
    }

    /// Powers, left to right (`2^3^2` is 64), of signed operands: a sign binds tighter than `^`
    /// in spreadsheets, so `-2^2` is 4.
    fn power(&mut self) -> Result<Expr, Distrust> {
        let mut left = self.signed()?;
        while self.peek() == Some(b'^') {
            self.at += 1;
            left = Expr::Binary(b'^', Box::new(left), Box::new(self.signed()?));
        }
        Ok(left)
    }

    /// An operand with the signs before it.
    fn signed(&mut self) -> Result<Expr, Distrust> {
        match self.peek() {
            Some(sign @ (b'-' | b'+')) => {
                self.at += 1;
                self.deeper()?;
                let inner = self.signed();
                self.depth -= 1;
                if sign == b'-' { Ok(Expr::Negate(Box::new(inner?))) } else { inner }
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr, Distrust> {
        match self.peek() {
            Some(b'(') => {
                self.at += 1;
                let inner = self.sum()?;
                if self.peek() != Some(b')') {
                    return self.unsupported();
                }
                self.at += 1;
                Ok(inner)
            }
            Some(b'0'..=b'9' | b'.') => self.number(),
            Some(b'\'' | b'$' | b'A'..=b'Z' | b'a'..=b'z' | b'_') => self.name(),
            _ => self.unsupported(),
        }
    }

    fn number(&mut self) -> Result<Expr, Distrust> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
            self.at += 1;
        }
        if matches!(self.text.get(self.at), Some(b'E' | b'e')) {
            self.at += 1;
            if matches!(self.text.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            while self.text.get(self.at).is_some_and(u8::is_ascii_digit) {
                self.at += 1;
            }
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).unwrap_or("");
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Expr::Number(n)),
            _ => {
                self.at = start;
                self.unsupported()
            }
        }
    }

    /// A function call, or a cell or range, with the sheet it is on.
    fn name(&mut self) -> Result<Expr, Distrust> {
        let start = self.at;
        let sheet = if self.text.get(self.at) == Some(&b'\'') {
            // 'sheet name'!A1, with '' for a quote.
            self.at += 1;
            let mut name = Vec::new();
            loop {
                match self.text.get(self.at) {
                    Some(b'\'') if self.text.get(self.at + 1) == Some(&b'\'') => {
                        name.push(b'\'');
                        self.at += 2;
                    }
                    Some(b'\'') => {
                        self.at += 1;
                        break;
                    }
                    Some(b) => {
                        name.push(*b);
                        self.at += 1;
                    }
                    None => return self.unsupported(),
                }
            }
            if self.text.get(self.at) != Some(&b'!') {
                self.at = start;
                return self.unsupported();
            }
            self.at += 1;
            Some(String::from_utf8_lossy(&name).into_owned())
        } else {
            None
        };
        let word_start = self.at;
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$')) {
            self.at += 1;
        }
        let word = String::from_utf8_lossy(&self.text[word_start..self.at]).into_owned();
        if sheet.is_none() && self.text.get(self.at) == Some(&b'!') {
            self.at += 1;
            let cell = self.reference()?;
            return self.maybe_range(Some(word), cell);
        }
        if sheet.is_none() && self.peek() == Some(b'(') {
            self.at += 1;
            let name = word.to_ascii_uppercase();
            let name = name.strip_prefix("_XLFN.").unwrap_or(&name).to_owned();
            let mut args = Vec::new();
            if self.peek() != Some(b')') {
                loop {
                    args.push(self.argument()?);
                    match self.peek() {
                        Some(b',') => self.at += 1,
                        Some(b')') => break,
                        _ => return self.unsupported(),
                    }
                }
            }
            self.at += 1;
            return Ok(Expr::Call(name, args));
        }
        let cell = Address::parse(&word).ok_or(()).or_else(|()| {
            self.at = word_start;
            self.unsupported()
        })?;
        self.maybe_range(sheet, cell)
    }

    fn reference(&mut self) -> Result<Address, Distrust> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'$') {
            self.at += 1;
        }
        let word = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
        Address::parse(&word).ok_or(()).or_else(|()| {
            self.at = start;
            self.unsupported()
        })
    }

    fn maybe_range(&mut self, sheet: Option<String>, first: Address) -> Result<Expr, Distrust> {
        if self.text.get(self.at) == Some(&b':') {
            self.at += 1;
            let last = self.reference()?;
            return Ok(Expr::Range(sheet, first, last));
        }
        Ok(Expr::Cell(sheet, first))
    }

    fn argument(&mut self) -> Result<Expr, Distrust> {
        self.sum()
    }
}

/// `C2`, `$C$2`: a cell's address.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::table::Cell;

    fn sheet(name: &str, cells: &[(&str, Value)], formulas: &[(&str, &str)]) -> Sheet {
        Sheet {
            name: name.into(),
            cells: cells.iter().map(|(at, v)| Cell { at: Address::parse(at).unwrap(), value: v.clone() }).collect(),
            formulas: formulas.iter().map(|(at, f)| (Address::parse(at).unwrap(), (*f).to_owned())).collect(),
        }
    }

    fn verdict(sheets: &mut [Sheet], at: &str) -> Value {
        verify(sheets, false);
        let at = Address::parse(at).unwrap();
        sheets[0].cells.iter().find(|c| c.at == at).map(|c| c.value.clone()).unwrap_or(Value::Empty)
    }

    #[test]
    fn a_sum_that_agrees_with_its_saved_result_is_trusted() {
        let cells = [("C2", Value::Number(812.0)), ("C3", Value::Number(654.0)), ("C4", Value::Number(1466.0))];
        let mut sheets = [sheet("months", &cells, &[("C4", "SUM(C2:C3)")])];
        assert_eq!(verdict(&mut sheets, "C4"), Value::Number(1466.0));
        let mut sheets = [sheet("months", &cells, &[("C4", "C2+C3")])];
        assert_eq!(verdict(&mut sheets, "C4"), Value::Number(1466.0));
        let mut sheets = [sheet("months", &cells, &[("C4", "=(C2 + $C$3) * 2 / 2")])];
        assert_eq!(verdict(&mut sheets, "C4"), Value::Number(1466.0));
    }

    #[test]
    fn a_stale_or_missing_result_is_not() {
        let mut sheets = [sheet("months", &[("C2", Value::Number(838.0))], &[("C2", "837+1001")])];
        let Value::Untrusted { message: why, .. } = verdict(&mut sheets, "C2") else { panic!() };
        assert!(
            why.starts_with("found the formula =837+1001, whose saved result 838 is not what it computes, 1838"),
            "{why}"
        );
        let mut sheets = [sheet("months", &[], &[("C2", "SUM(C3:C4)")])];
        let Value::Untrusted { message: why, .. } = verdict(&mut sheets, "C2") else { panic!() };
        assert!(why.contains("with no result saved"), "{why}");
        // XlsxWriter's 0 for every formula, with the file flagged to recompute them.
        let mut sheets = [sheet("months", &[("C4", Value::Number(0.0)), ("C2", Value::Number(5.0))], &[("C4", "C2")])];
        verify(&mut sheets, true);
        let c4 = sheets[0].cells.iter().find(|c| c.at == Address::parse("C4").unwrap()).unwrap();
        assert!(matches!(&c4.value, Value::Untrusted { message, .. } if message.contains("asks to be computed")));
    }

    #[test]
    fn other_sheets_flags_and_chains() {
        let mut sheets = [
            sheet(
                "months",
                &[("E2", Value::Bool(false)), ("C4", Value::Number(30.0))],
                &[("E2", "FALSE()"), ("C4", "'by country'!B2*3")],
            ),
            sheet("by country", &[("B2", Value::Number(10.0)), ("B3", Value::Number(10.0))], &[("B2", "B3")]),
        ];
        assert_eq!(verdict(&mut sheets, "E2"), Value::Bool(false));
        assert_eq!(verdict(&mut sheets, "C4"), Value::Number(30.0));
    }

    #[test]
    fn what_it_cannot_compute_is_said() {
        for formula in
            ["VLOOKUP(A1,B1:C9,2)", "A1&\"x\"", "A1>2", "C2/0", "C3", "INDIRECT(\"A1\")", "((((", "Sheet9!A1"]
        {
            let mut sheets =
                [sheet("months", &[("C2", Value::Number(1.0)), ("C3", Value::Number(2.0))], &[("C3", formula)])];
            let value = verdict(&mut sheets, "C3");
            assert!(matches!(value, Value::Untrusted { .. }), "{formula}: {value:?}");
        }
        // Nesting is bounded, not a stack overflow.
        let deep = "(".repeat(10_000) + "1" + &")".repeat(10_000);
        let mut sheets = [sheet("months", &[("C2", Value::Number(1.0))], &[("C2", &deep)])];
        assert!(matches!(verdict(&mut sheets, "C2"), Value::Untrusted { .. }));
    }

    #[test]
    fn round_min_max_average_abs() {
        let cells = [("A1", Value::Number(2.5)), ("A2", Value::Number(-4.0)), ("B1", Value::Number(3.0))];
        for (formula, saved) in [
            ("ROUND(A1,0)", 3.0),
            ("ROUND(-2.5,0)", -3.0),
            ("MIN(A1:A2)", -4.0),
            ("MAX(A1:A2,9)", 9.0),
            ("AVERAGE(A1:A2)", -0.75),
            ("ABS(A2)", 4.0),
        ] {
            let mut sheets =
                [sheet("s", &[cells[0].clone(), cells[1].clone(), ("B1", Value::Number(saved))], &[("B1", formula)])];
            assert_eq!(verdict(&mut sheets, "B1"), Value::Number(saved), "{formula}");
        }
    }

    /// Found by a hostile tester: these were computed otherwise than spreadsheets compute them,
    /// so a stale result that matched passed and a right one was refused.
    #[test]
    fn signs_powers_and_blank_cells_as_spreadsheets_take_them() {
        let cells = [("A1", Value::Number(2.5)), ("A3", Value::Bool(true))];
        // D1 is blank: MIN, MAX and AVERAGE skip it, as they skip a blank cell of a range.
        for (formula, saved) in [
            ("-2^2+842", 846.0),
            ("2^3^2", 64.0),
            ("2^-1", 0.5),
            ("MIN(D1,40)+798", 838.0),
            ("AVERAGE(D1,1676)", 1676.0),
            ("MAX(D1,-3)", -3.0),
        ] {
            let mut sheets =
                [sheet("s", &[cells[0].clone(), cells[1].clone(), ("B1", Value::Number(saved))], &[("B1", formula)])];
            assert_eq!(verdict(&mut sheets, "B1"), Value::Number(saved), "{formula}");
        }
        // What the old reading computed is now a stale result.
        let mut sheets = [sheet("s", &[("B1", Value::Number(838.0))], &[("B1", "-2^2+842")])];
        assert!(matches!(verdict(&mut sheets, "B1"), Value::Untrusted { .. }));
        // A TRUE cell given to a function: LibreOffice counts it, Excel does not.
        let mut sheets = [sheet("s", &[cells[1].clone(), ("B1", Value::Number(838.0))], &[("B1", "SUM(A3,837)")])];
        match verdict(&mut sheets, "B1") {
            Value::Untrusted { message, .. } => assert!(message.contains("TRUE or FALSE"), "{message}"),
            other => panic!("{other:?}"),
        }
    }

    /// Ranges are found among the cells kept in order (each used to look through every formula
    /// of the workbook, which made 100,000 formulas take minutes): 40,000 formulas each summing
    /// two blank cells are each checked.
    #[test]
    fn many_ranges_are_each_checked() {
        let n = 40_000u32;
        let cells: Vec<Cell> =
            (1..=n).map(|row| Cell { at: Address { row, column: 1 }, value: Value::Number(1.0) }).collect();
        let formulas = (1..=n).map(|row| (Address { row, column: 0 }, "SUM(Z1:Z2)".to_owned())).collect();
        let mut sheets = [Sheet { name: "s".into(), cells, formulas }];
        verify(&mut sheets, false);
        // Each formula's saved result is missing: every one is distrusted, none is skipped.
        assert_eq!(sheets[0].cells.iter().filter(|c| matches!(c.value, Value::Untrusted { .. })).count(), n as usize);
    }
}
