//! Float <-> text conversions for the MicroPython port, done the way CPython does them.
//!
//! MicroPython's own float formatting and parsing are approximate (`'%.20f' % 0.1`,
//! `round(2.675, 2)`, 17-digit literals). Rust's `core::fmt` and `str::parse` are exact
//! (shortest round-trip digits, correctly rounded fixed/exponent output, correctly rounded
//! parsing), so the C port calls these instead (`c/hlc_compat.c`, wired in by `micropython/patches/0002-float-format-parse.patch`).
//! Layout follows CPython: `repr` is positional for decimal exponents -4..16; `g` switches to
//! exponent form when the exponent is < -4 or >= the precision; exponents have a sign and at
//! least two digits.

use alloc::string::String;
use core::ffi::{c_char, c_int};
use core::fmt::Write;

/// A writer over a fixed buffer that counts everything written, even what did not fit, so the
/// caller can retry with a buffer of the reported size.
struct Counting<'a> {
    bytes: &'a mut [u8],
    len: usize,
}

impl Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        if end <= self.bytes.len() {
            self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        }
        self.len = end;
        Ok(())
    }
}

/// Splits Rust's `{:e}` output ("1.2345e-7") into its digits ("12345") and decimal exponent.
fn split_exp(text: &str) -> (String, i32) {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).map(char::from).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// Writes `digits` (significant digits, first one non-zero unless the value is 0) with
/// decimal exponent `exp` in positional notation; `min_frac` pads fraction digits with zeros.
fn write_positional(w: &mut impl Write, digits: &str, exp: i32, min_frac: usize) -> core::fmt::Result {
    let mut frac_len;
    if exp < 0 {
        w.write_str("0.")?;
        for _ in 0..(-exp - 1) {
            w.write_char('0')?;
        }
        w.write_str(digits)?;
        frac_len = (-exp - 1) as usize + digits.len();
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            w.write_str(digits)?;
            for _ in digits.len()..int_len {
                w.write_char('0')?;
            }
            frac_len = 0;
            if min_frac > 0 {
                w.write_char('.')?;
            }
        } else {
            w.write_str(&digits[..int_len])?;
            w.write_char('.')?;
            w.write_str(&digits[int_len..])?;
            frac_len = digits.len() - int_len;
        }
    }
    while frac_len < min_frac {
        w.write_char('0')?;
        frac_len += 1;
    }
    Ok(())
}

/// Writes `d[.ddd]e±XX`.
fn write_scientific(w: &mut impl Write, digits: &str, exp: i32, upper: bool, force_dot: bool) -> core::fmt::Result {
    w.write_str(&digits[..1])?;
    if digits.len() > 1 {
        w.write_char('.')?;
        w.write_str(&digits[1..])?;
    } else if force_dot {
        w.write_char('.')?;
    }
    write!(w, "{}{}{:02}", if upper { 'E' } else { 'e' }, if exp < 0 { '-' } else { '+' }, exp.unsigned_abs())
}

/// CPython's `repr(float)` of a finite, non-negative value, without the ".0" that repr adds to
/// integral values (the caller adds it where CPython does: floats yes, complex parts no).
fn write_repr(w: &mut impl Write, v: f64) -> core::fmt::Result {
    if v == 0.0 {
        return w.write_char('0');
    }
    // Rust gives the shortest digits that round-trip; when two such strings are equally
    // short, CPython takes the one nearest the exact value (ties to even), which is the
    // correctly rounded value at that length.
    let (shortest, _) = split_exp(&alloc::format!("{v:e}"));
    let nearest = alloc::format!("{:.*e}", shortest.len() - 1, v);
    let (digits, exp) =
        if nearest.parse::<f64>() == Ok(v) { split_exp(&nearest) } else { split_exp(&alloc::format!("{v:e}")) };
    if (-4..16).contains(&exp) {
        write_positional(w, &digits, exp, 0)
    } else {
        write_scientific(w, &digits, exp, false, false)
    }
}

/// Strips trailing fraction zeros (and a then-trailing '.') of a positional number.
fn strip_zeros(s: &mut String) {
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
}

/// Formats a finite, non-negative `v`. `fmt` is one of e E f F g G, r for repr, or n for a
/// format spec with a precision but no type; `prec` < 0 means the default (6); `alt` is '#'.
fn format_finite(w: &mut impl Write, v: f64, fmt: u8, prec: i32, alt: bool) -> core::fmt::Result {
    let upper = fmt.is_ascii_uppercase();
    let prec = if prec < 0 { 6 } else { prec as usize };
    match fmt.to_ascii_lowercase() {
        b'r' => write_repr(w, v),
        b'f' => {
            write!(w, "{v:.prec$}")?;
            if alt && prec == 0 {
                w.write_char('.')?;
            }
            Ok(())
        }
        b'e' => {
            let (digits, exp) = split_exp(&alloc::format!("{v:.prec$e}"));
            write_scientific(w, &digits, exp, upper, alt)
        }
        lower => {
            // 'g': round to `p` significant digits, then pick the notation by the exponent.
            // 'n' (a format spec with a precision but no type) keeps room for one fraction
            // digit, so it switches to exponent form one digit earlier.
            let p = prec.max(1);
            let (digits, exp) = split_exp(&alloc::format!("{:.*e}", p - 1, v));
            let limit = if lower == b'n' { p as i32 - 1 } else { p as i32 };
            if exp < -4 || exp >= limit {
                let mut digits = digits;
                if !alt {
                    while digits.len() > 1 && digits.ends_with('0') {
                        digits.pop();
                    }
                }
                write_scientific(w, &digits, exp, upper, alt)
            } else {
                let frac = (p as i32 - 1 - exp) as usize;
                let mut s = alloc::format!("{v:.frac$}");
                if !alt {
                    strip_zeros(&mut s);
                } else if !s.contains('.') {
                    s.push('.');
                }
                w.write_str(&s)
            }
        }
    }
}

/// Formats `|v|` (the C side adds the sign) into `buf`; returns the full length, which may
/// exceed `cap`, in which case the caller retries with a larger buffer. No NUL is written.
///
/// # Safety
/// `buf` must be writable for `cap` bytes (it may be NULL when `cap` is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_float_format(
    v: f64,
    fmt: c_char,
    prec: c_int,
    alt: c_int,
    buf: *mut c_char,
    cap: usize,
) -> usize {
    let bytes: &mut [u8] = if buf.is_null() || cap == 0 {
        &mut []
    } else {
        // SAFETY: per the function contract.
        unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), cap) }
    };
    let mut w = Counting { bytes, len: 0 };
    let upper = (fmt as u8).is_ascii_uppercase();
    let v = v.abs();
    let _ = if v.is_nan() {
        w.write_str(if upper { "NAN" } else { "nan" })
    } else if v.is_infinite() {
        w.write_str(if upper { "INF" } else { "inf" })
    } else {
        format_finite(&mut w, v, fmt as u8, prec, alt != 0)
    };
    w.len
}

/// `round(v, ndigits)` as CPython computes it: correctly rounded (half to even on the exact
/// binary value) to `ndigits` decimal places, which may be negative.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_float_round(v: f64, ndigits: isize) -> f64 {
    if !v.is_finite() || ndigits > 330 {
        return v;
    }
    if ndigits < -330 {
        return 0.0 * v;
    }
    let text = if ndigits >= 0 {
        let n = ndigits as usize;
        alloc::format!("{v:.n$}")
    } else {
        round_integer_digits(v, ndigits.unsigned_abs())
    };
    text.parse().unwrap_or(v)
}

/// Rounds `v` to a multiple of 10^k (k >= 1), half to even, from its exact decimal digits.
fn round_integer_digits(v: f64, k: usize) -> String {
    let a = v.abs();
    // trunc() without libm (core has none): values >= 2^52 are already integral.
    let t = if a >= 4_503_599_627_370_496.0 { a } else { (a as u64) as f64 };
    let sticky = a != t; // a non-zero fraction breaks ties upwards
    let int = alloc::format!("{t:.0}");
    let neg = if v.is_sign_negative() { "-" } else { "" };
    if int.len() < k {
        return alloc::format!("{neg}0");
    }
    let (head, tail) = int.split_at(int.len() - k);
    let first = tail.as_bytes()[0];
    let rest_zero = tail[1..].bytes().all(|b| b == b'0');
    let last_odd = head.bytes().last().is_some_and(|b| (b - b'0') % 2 == 1);
    let up = first > b'5' || (first == b'5' && (!rest_zero || sticky || last_odd));
    let mut head: alloc::vec::Vec<u8> = if head.is_empty() { alloc::vec![b'0'] } else { head.as_bytes().to_vec() };
    if up {
        let mut i = head.len();
        loop {
            if i == 0 {
                head.insert(0, b'1');
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    let mut s = String::from(neg);
    s.push_str(core::str::from_utf8(&head).unwrap_or("0"));
    for _ in 0..k {
        s.push('0');
    }
    s
}

/// Parses a decimal float literal (digits, '.', exponent; no sign, no underscores), correctly
/// rounded. Returns 0 when Rust's grammar rejects it (the caller keeps MicroPython's value).
///
/// # Safety
/// `s` must be readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_float_parse(s: *const c_char, len: usize, out: *mut f64) -> c_int {
    if s.is_null() || out.is_null() {
        return 0;
    }
    // SAFETY: per the function contract.
    let bytes = unsafe { core::slice::from_raw_parts(s.cast::<u8>(), len) };
    let Ok(text) = core::str::from_utf8(bytes) else { return 0 };
    if text.bytes().any(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))) {
        return 0; // keep "inf"/"nan" spellings out: MicroPython handles those itself
    }
    match text.parse::<f64>() {
        Ok(v) => {
            // SAFETY: `out` is a valid pointer per the function contract.
            unsafe { *out = v };
            1
        }
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(v: f64, f: u8, prec: i32, alt: bool) -> String {
        let mut b = [0u8; 512];
        // SAFETY: b is 512 writable bytes.
        let n = unsafe { hlc_float_format(v, f as c_char, prec, alt as c_int, b.as_mut_ptr().cast(), b.len()) };
        let sign = if v.is_sign_negative() && !v.is_nan() { "-" } else { "" };
        alloc::format!("{sign}{}", core::str::from_utf8(&b[..n]).unwrap())
    }

    #[test]
    fn repr_matches_cpython() {
        for (v, want) in [
            (2f64.sqrt(), "1.4142135623730951"),
            (3.5, "3.5"),
            (0.1, "0.1"),
            (100.0, "100"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (1.0 / 3.0, "0.3333333333333333"),
            (0.0, "0"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (123456789.123, "123456789.123"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (1e-310, "1e-310"),
            (1e15 + 0.3, "1000000000000000.2"),
        ] {
            assert_eq!(fmt(v, b'r', -1, false), want, "repr of {v:e}");
        }
    }

    #[test]
    fn printf_formats_match_cpython() {
        for (v, f, p, alt, want) in [
            (0.1, b'f', 20, false, "0.10000000000000000555"),
            (2.675, b'f', 2, false, "2.67"),
            (0.5, b'f', 0, false, "0"),
            (1.5, b'f', 0, false, "2"),
            (1.0, b'f', 0, true, "1."),
            (12345.678, b'e', -1, false, "1.234568e+04"),
            (0.000123, b'e', 2, false, "1.23e-04"),
            (1.0, b'E', 0, false, "1E+00"),
            (1e100, b'e', 3, false, "1.000e+100"),
            (0.0001, b'g', -1, false, "0.0001"),
            (1234567.0, b'g', -1, false, "1.23457e+06"),
            (1234.5, b'g', 3, false, "1.23e+03"),
            (100.0, b'g', 3, false, "100"),
            (0.1, b'g', 17, false, "0.10000000000000001"),
            (0.0, b'g', -1, false, "0"),
            (1.5, b'g', 0, false, "2"),
            (1e-5, b'g', -1, false, "1e-05"),
            (2.5, b'g', -1, true, "2.50000"),
            (1e20, b'G', -1, false, "1E+20"),
            (f64::INFINITY, b'F', -1, false, "INF"),
            (234.0, b'n', 3, false, "2.34e+02"),
            (1.0, b'n', 3, false, "1"),
            (0.5, b'n', 3, false, "0.5"),
        ] {
            assert_eq!(fmt(v, f, p, alt), want, "{v:e} {} {p}", f as char);
        }
    }

    #[test]
    fn round_matches_cpython() {
        for (v, n, want) in [
            (2.675, 2, 2.67),
            (0.125, 2, 0.12),
            (0.375, 2, 0.38),
            (1.5, 0, 2.0),
            (2.5, 0, 2.0),
            (-0.5, 0, -0.0),
            (123.456, -1, 120.0),
            (125.0, -1, 120.0),
            (135.0, -1, 140.0),
            (125.0001, -1, 130.0),
            (25.4, -1, 30.0),
            (999.0, -1, 1000.0),
            (4.0, -1, 0.0),
            (5.0, -1, 0.0),
            (5.5, -1, 10.0),
            (1e300, 2, 1e300),
        ] {
            assert_eq!(hlc_float_round(v, n), want, "round({v}, {n})");
        }
    }

    #[test]
    fn parse_is_exact() {
        let mut out = 0.0;
        for s in ["973.6640168902517", "2.871906431157352e-18", "1e-310", "1.", ".5", "1E+05"] {
            // SAFETY: s is a live str.
            assert_eq!(unsafe { hlc_float_parse(s.as_ptr().cast(), s.len(), &mut out) }, 1, "{s}");
            assert_eq!(out, s.parse::<f64>().unwrap());
        }
        // SAFETY: as above.
        assert_eq!(unsafe { hlc_float_parse(".".as_ptr().cast(), 1, &mut out) }, 0);
    }
}
