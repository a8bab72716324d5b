//! `repr(float)` as CPython prints it: the shortest digits that round-trip (which Rust's
//! `{:e}` formatting produces), laid out by CPython's rules: positional notation for
//! exponents in -4..16, else scientific with a signed, at least two-digit exponent.

use core::fmt::Write;

/// A fixed buffer that `write!` can fill without allocating.
struct Buf<'a> {
    bytes: &'a mut [u8],
    len: usize,
}

impl Write for Buf<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        if end > self.bytes.len() {
            return Err(core::fmt::Error);
        }
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Formats `v` into `out`, returning the length (0 if `out` is too small).
pub fn repr(v: f64, out: &mut [u8]) -> usize {
    let mut b = Buf { bytes: out, len: 0 };
    if format_into(v, &mut b).is_err() {
        return 0;
    }
    b.len
}

fn format_into(v: f64, w: &mut impl Write) -> core::fmt::Result {
    if v.is_nan() {
        return w.write_str("nan");
    }
    if v.is_infinite() {
        return w.write_str(if v < 0.0 { "-inf" } else { "inf" });
    }
    if v == 0.0 {
        return w.write_str(if v.is_sign_negative() { "-0.0" } else { "0.0" });
    }
    let mut sci = [0u8; 40];
    let mut s = Buf { bytes: &mut sci, len: 0 };
    write!(s, "{v:e}")?;
    let len = s.len;
    let text = core::str::from_utf8(&sci[..len]).map_err(|_| core::fmt::Error)?;
    let (mantissa, exp) = text.split_once('e').ok_or(core::fmt::Error)?;
    let exp: i32 = exp.parse().map_err(|_| core::fmt::Error)?;
    let (neg, mantissa) = mantissa.strip_prefix('-').map_or((false, mantissa), |m| (true, m));
    let mut digits = [0u8; 24];
    let mut n = 0;
    for c in mantissa.bytes().filter(u8::is_ascii_digit) {
        digits[n] = c;
        n += 1;
    }
    let digits = core::str::from_utf8(&digits[..n]).map_err(|_| core::fmt::Error)?;
    if neg {
        w.write_char('-')?;
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            w.write_str("0.")?;
            for _ in 0..(-exp - 1) {
                w.write_char('0')?;
            }
            w.write_str(digits)
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                w.write_str(digits)?;
                for _ in digits.len()..int_len {
                    w.write_char('0')?;
                }
                w.write_str(".0")
            } else {
                w.write_str(&digits[..int_len])?;
                w.write_char('.')?;
                w.write_str(&digits[int_len..])
            }
        }
    } else {
        w.write_str(&digits[..1])?;
        if digits.len() > 1 {
            w.write_char('.')?;
            w.write_str(&digits[1..])?;
        }
        write!(w, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}

/// Called by the patched `float_print` in MicroPython's objfloat.c.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_float_repr(v: f64, buf: *mut core::ffi::c_char, cap: usize) -> usize {
    if buf.is_null() || cap == 0 {
        return 0;
    }
    // SAFETY: the caller passes a writable buffer of `cap` bytes.
    let out = unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), cap) };
    let n = repr(v, &mut out[..cap - 1]);
    out[n] = 0;
    n
}

#[cfg(test)]
mod tests {
    use super::repr;

    fn r(v: f64) -> String {
        let mut b = [0u8; 40];
        let n = repr(v, &mut b);
        String::from_utf8(b[..n].to_vec()).unwrap()
    }

    #[test]
    fn matches_cpython_repr() {
        for (v, want) in [
            (2f64.sqrt(), "1.4142135623730951"),
            (3.5, "3.5"),
            (0.1, "0.1"),
            (100.0, "100.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
            (1.0 / 3.0, "0.3333333333333333"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "nan"),
            (123456789.123, "123456789.123"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ] {
            assert_eq!(r(v), want, "repr of {v:e}");
        }
    }
}
