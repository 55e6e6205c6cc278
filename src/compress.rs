//! Compression done once and kept, so that serving a compressed answer costs a copy, not
//! a compressor run.
//!
//! [`GzipSplice`] keeps a text that is fixed except for a few short pieces (the form nonces
//! of a cached page) as gzip, and makes the gzip of the whole text with fresh pieces
//! without compressing anything again. The gzip member it writes is:
//!
//! | bytes            | what                                                          |
//! |------------------|---------------------------------------------------------------|
//! | 10               | gzip header (no name, no time)                                |
//! | deflate(part 0)  | raw deflate, fresh dictionary, ended by a sync flush          |
//! | 5 + len(piece 0) | a stored block: `00`, LEN and NLEN (little endian), the bytes |
//! | deflate(part 1)  | as part 0; the last part ends with the final block instead    |
//! | 8                | CRC-32 of the whole text, its length mod 2^32 (little endian) |
//!
//! A sync flush leaves the stream on a byte boundary, where a stored block can start. No
//! back-reference may reach into a piece, since its bytes change per answer. Where every
//! piece has one known length ([`GzipSplice::with_pieces_of`], the nonces of a page), the
//! parts are deflated as one stream: at each piece the compressor's window is given that
//! many filler bytes (0xFF, which no part holds: pages are UTF-8), so later parts may
//! refer back across the piece at the right distance yet never match inside it. A page of
//! fifty small forms then compresses as well as a page of none. Otherwise each part is
//! deflated with a fresh dictionary. The
//! CRC-32 of the whole text is combined from the kept CRC-32 of each part and the CRC-32
//! of each piece (`crc(a ‖ b) = crc(a)·x^(8·|b|) + crc(b)` in GF(2)[x] modulo the CRC
//! polynomial; the `x^(8·|b|)` of each part is kept too).

use bytes::{Bytes, BytesMut};
use flate2::{Compress, Compression, FlushCompress, Status};

/// The content codings porthole keeps ready, in the order it prefers them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Br,
    Gzip,
    Identity,
}

impl Encoding {
    /// The `Content-Encoding` token.
    #[must_use]
    pub fn token(self) -> &'static str {
        match self {
            Self::Br => "br",
            Self::Gzip => "gzip",
            Self::Identity => "identity",
        }
    }
}

/// gzip level for texts compressed once for good (stylesheets).
pub const GZIP_BEST: u32 = 9;
/// gzip level for cached pages: they are compressed again after every write, on a request.
pub const GZIP_PAGE: u32 = 6;
/// brotli quality for texts compressed once for good.
pub const BROTLI_BEST: u32 = 11;
/// brotli quality for cached pages (about the speed of gzip level 6, smaller output).
pub const BROTLI_PAGE: u32 = 5;

/// The brotli encoding of `text` at `quality` (0..=11), or `None` if the encoder failed.
#[must_use]
pub fn brotli(text: &[u8], quality: u32) -> Option<Bytes> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: i32::try_from(quality.min(11)).unwrap_or(11),
        lgwin: 22,
        size_hint: text.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(text.len() / 4 + 64);
    brotli::BrotliCompress(&mut &text[..], &mut out, &params).ok()?;
    Some(out.into())
}

/// The gzip encoding of `text` at `level` (0..=9), or `None` if the compressor failed.
#[must_use]
pub fn gzip(text: &[u8], level: u32) -> Option<Bytes> {
    GzipSplice::new(&[text], level)?.splice(&[])
}

/// gzip member header: magic, deflate, no flags, no time, no extra flags, unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
/// Bytes a stored block adds in front of its data (we start on a byte boundary).
const STORED_HEADER: usize = 5;
/// Longest piece one stored block holds.
pub const MAX_PIECE: usize = u16::MAX as usize;

/// One fixed part of a [`GzipSplice`].
#[derive(Debug)]
struct Part {
    deflated: Bytes,
    crc: u32,
    /// `x^(8·len)` modulo the CRC polynomial: appends this part to a CRC.
    shift: u32,
    len: usize,
}

/// A text kept as gzip, with short pieces spliced between its fixed parts per answer (see
/// the module documentation for the layout).
#[derive(Debug)]
pub struct GzipSplice {
    parts: Vec<Part>,
    deflated_len: usize,
    /// The one length every piece must have: the parts were deflated as one stream.
    piece_len: Option<usize>,
    /// With `piece_len`: the whole member made once, pieces left zero.
    frame: Option<Frame>,
}

/// A gzip member of pieces of one length, made once with every piece zero. A splice
/// copies it, writes the pieces in and corrects the CRC-32: for texts of one length the
/// CRC is affine, `crc(a ⊕ b) = crc(a) ⊕ crc(b) ⊕ crc(0…0)`, so the text with its pieces
/// has the CRC of the zero text plus, per piece, the piece's own (less that of as many
/// zero bytes) moved on by the bytes after it. Pieces alike (the nonce of one subject in
/// every comment form) are moved on together: one multiplication for all of them.
#[derive(Debug)]
struct Frame {
    bytes: Bytes,
    /// Where each piece starts in `bytes`.
    at: Vec<usize>,
    /// For each piece, `x^(8·k)` for the `k` bytes of text after it.
    shift: Vec<u32>,
    /// CRC-32 of the text with every piece zero.
    zero_text_crc: u32,
    /// CRC-32 of one piece's length of zero bytes.
    zero_piece_crc: u32,
}

/// What stands for a piece in the compressor's window: a byte no UTF-8 text holds.
const FILLER: u8 = 0xFF;
/// Longest piece deflated around as one stream (nonces are 48 bytes).
const MAX_SHARED_PIECE: usize = 1024;

impl GzipSplice {
    /// Deflate every part once; `None` if the compressor failed (the caller then serves the
    /// text uncompressed) or there is no part.
    #[must_use]
    pub fn new(parts: &[&[u8]], level: u32) -> Option<Self> {
        let last = parts.len().checked_sub(1)?;
        let mut deflated = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let mut c = Compress::new(Compression::new(level.min(9)), false);
            deflated.push(deflate_raw(&mut c, part, i == last)?);
        }
        Some(Self::keep(parts, deflated, None))
    }

    /// Like [`GzipSplice::new`] for pieces that are all `piece_len` bytes long: the parts
    /// are deflated as one stream (see the module documentation), so they compress as well
    /// as the whole text would. Falls back to [`GzipSplice::new`] when a part holds the
    /// filler byte or the pieces are long.
    #[must_use]
    pub fn with_pieces_of(piece_len: usize, parts: &[&[u8]], level: u32) -> Option<Self> {
        if piece_len > MAX_SHARED_PIECE || parts.iter().any(|p| p.contains(&FILLER)) {
            return Self::new(parts, level);
        }
        let last = parts.len().checked_sub(1)?;
        let filler = vec![FILLER; piece_len];
        let mut c = Compress::new(Compression::new(level.min(9)), false);
        let mut deflated = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            deflated.push(deflate_raw(&mut c, part, i == last)?);
            if i < last {
                // After a sync flush all input is consumed: the window may be extended.
                c.set_dictionary(&filler).ok()?;
            }
        }
        Some(Self::keep(parts, deflated, Some(piece_len)))
    }

    fn keep(parts: &[&[u8]], deflated: Vec<Vec<u8>>, piece_len: Option<usize>) -> Self {
        let kept: Vec<Part> = parts
            .iter()
            .zip(deflated)
            .map(|(part, deflated)| Part {
                deflated: deflated.into(),
                crc: crc32fast::hash(part),
                shift: x8n(part.len() as u64),
                len: part.len(),
            })
            .collect();
        let mut splice = Self {
            deflated_len: kept.iter().map(|p| p.deflated.len()).sum(),
            parts: kept,
            piece_len,
            frame: None,
        };
        splice.frame = piece_len.and_then(|n| splice.frame(n));
        splice
    }

    /// The member with every piece `n` zero bytes, and what [`Frame`] keeps with it. The
    /// parts' deflated bytes are then slices of the frame: kept once, not twice.
    fn frame(&mut self, n: usize) -> Option<Frame> {
        let zeros = vec![0u8; n];
        let pieces: Vec<&[u8]> = vec![&zeros[..]; self.pieces()];
        let bytes = self.splice_each(&pieces)?;
        let zero_text_crc = u32::from_le_bytes(
            bytes
                .get(bytes.len() - 8..bytes.len() - 4)?
                .try_into()
                .ok()?,
        );
        let text_len: usize = self.parts.iter().map(|p| p.len).sum::<usize>() + n * self.pieces();
        let (mut at, mut shift) = (Vec::new(), Vec::new());
        let (mut pos, mut text) = (GZIP_HEADER.len(), 0usize);
        for (i, part) in self.parts.iter_mut().enumerate() {
            if i > 0 {
                pos += STORED_HEADER;
                at.push(pos);
                pos += n;
                text += n;
                shift.push(x8n((text_len - text) as u64));
            }
            let end = pos + part.deflated.len();
            if end > bytes.len() {
                return None;
            }
            part.deflated = bytes.slice(pos..end);
            pos = end;
            text += part.len;
        }
        Some(Frame {
            bytes,
            at,
            shift,
            zero_text_crc,
            zero_piece_crc: crc32fast::hash(&zeros),
        })
    }

    /// Bytes of deflated text kept.
    #[must_use]
    pub fn deflated_len(&self) -> usize {
        self.deflated_len
    }

    /// How many pieces [`GzipSplice::splice`] takes.
    #[must_use]
    pub fn pieces(&self) -> usize {
        self.parts.len() - 1
    }

    /// The gzip of `part0 piece0 part1 piece1 ... partN`. Missing pieces count as empty,
    /// extra ones are ignored; a piece longer than [`MAX_PIECE`] is cut there. `None` when
    /// the parts were deflated for pieces of one length and a piece has another.
    #[must_use]
    pub fn splice(&self, pieces: &[&[u8]]) -> Option<Bytes> {
        match &self.frame {
            Some(frame) => self.splice_into(frame, pieces),
            None => self.splice_each(pieces),
        }
    }

    /// [`GzipSplice::splice`] through the frame: one copy of it, the pieces written in, one
    /// CRC-32 and one multiplication per distinct piece.
    fn splice_into(&self, frame: &Frame, pieces: &[&[u8]]) -> Option<Bytes> {
        let n = self.piece_len?;
        let mut out = BytesMut::from(&frame.bytes[..]);
        // Distinct pieces (by address: the same nonce is passed for every slot of its
        // subject, and equal bytes elsewhere only cost one multiplication more), each with
        // the sum of the shifts of its slots.
        let mut distinct: Vec<(&[u8], u32)> = Vec::with_capacity(4);
        for (k, (&at, &shift)) in frame.at.iter().zip(&frame.shift).enumerate() {
            let piece = pieces.get(k).copied().unwrap_or_default();
            if piece.len() != n {
                return None;
            }
            out.get_mut(at..at + n)?.copy_from_slice(piece);
            match distinct
                .iter_mut()
                .find(|(p, _)| std::ptr::eq(p.as_ptr(), piece.as_ptr()))
            {
                Some((_, sum)) => *sum ^= shift,
                None => distinct.push((piece, shift)),
            }
        }
        let crc = distinct
            .iter()
            .fold(frame.zero_text_crc, |crc, (piece, sum)| {
                crc ^ multiply(*sum, crc32fast::hash(piece) ^ frame.zero_piece_crc)
            });
        let end = out.len() - 8;
        out.get_mut(end..end + 4)?
            .copy_from_slice(&crc.to_le_bytes());
        Some(out.freeze())
    }

    /// [`GzipSplice::splice`] part by part, combining the CRC-32 as it goes.
    fn splice_each(&self, pieces: &[&[u8]]) -> Option<Bytes> {
        let piece = |i: usize| -> &[u8] {
            let p = pieces.get(i).copied().unwrap_or_default();
            &p[..p.len().min(MAX_PIECE)]
        };
        if let Some(n) = self.piece_len
            && (0..self.pieces()).any(|i| piece(i).len() != n)
        {
            return None;
        }
        let extra: usize = (0..self.pieces())
            .map(|i| STORED_HEADER + piece(i).len())
            .sum();
        let mut out = BytesMut::with_capacity(GZIP_HEADER.len() + self.deflated_len + extra + 8);
        out.extend_from_slice(&GZIP_HEADER);
        let mut crc = 0u32;
        let mut len = 0usize;
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                let p = piece(i - 1);
                // Within MAX_PIECE, so the length fits two bytes.
                let n = u16::try_from(p.len()).unwrap_or(u16::MAX);
                out.extend_from_slice(&[0]);
                out.extend_from_slice(&n.to_le_bytes());
                out.extend_from_slice(&(!n).to_le_bytes());
                out.extend_from_slice(p);
                let mut h = crc32fast::Hasher::new_with_initial(crc);
                h.update(p);
                crc = h.finalize();
                len += p.len();
            }
            out.extend_from_slice(&part.deflated);
            crc = multiply(part.shift, crc) ^ part.crc;
            len += part.len;
        }
        out.extend_from_slice(&crc.to_le_bytes());
        // ISIZE is the length modulo 2^32 by definition.
        out.extend_from_slice(&((len as u64 & 0xffff_ffff) as u32).to_le_bytes());
        Some(out.freeze())
    }
}

/// Raw deflate of `input` with a fresh dictionary: ended by the final block when `last`,
/// else by a sync flush (byte-aligned, not final).
fn deflate_raw(c: &mut Compress, input: &[u8], last: bool) -> Option<Vec<u8>> {
    let start_in = c.total_in();
    let mut out = Vec::with_capacity(input.len() / 3 + 128);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(1024));
        }
        let (before_in, before_out) = (c.total_in(), c.total_out());
        let done = usize::try_from(before_in - start_in).ok()?;
        let status = c.compress_vec(input.get(done..)?, &mut out, flush).ok()?;
        let all_in = usize::try_from(c.total_in() - start_in).ok()? == input.len();
        let room_left = out.len() < out.capacity();
        match status {
            Status::StreamEnd => return Some(out),
            // A sync flush is complete once the compressor stops short of the room it had.
            Status::Ok | Status::BufError if !last && all_in && room_left => return Some(out),
            // No progress with room to spare: give up rather than spin.
            _ if room_left && (before_in, before_out) == (c.total_in(), c.total_out()) => {
                return None;
            }
            Status::Ok | Status::BufError => {}
        }
    }
}

/// The reflected CRC-32 polynomial (as in gzip and zlib).
const POLY: u32 = 0xedb8_8320;

/// `a(x)·b(x)` modulo the CRC polynomial, both reflected (zlib's `multmodp`).
const fn multiply(a: u32, mut b: u32) -> u32 {
    let mut p = 0u32;
    let mut i = 0;
    while i < 32 {
        p ^= b & ((a >> (31 - i)) & 1).wrapping_neg();
        b = (b >> 1) ^ ((b & 1).wrapping_neg() & POLY);
        i += 1;
    }
    p
}

/// `x^(8·len)` modulo the CRC polynomial, reflected: multiplying a CRC by it appends `len`
/// bytes' worth of shift (zlib's `x2nmodp(len, 3)`).
const fn x8n(len: u64) -> u32 {
    let mut p = 0x8000_0000; // x^0
    let mut sq = 0x0080_0000; // x^8
    let mut n = len;
    while n != 0 {
        if n & 1 != 0 {
            p = multiply(sq, p);
        }
        sq = multiply(sq, sq);
        n >>= 1;
    }
    p
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use proptest::prelude::*;

    use super::*;

    fn gunzip(gz: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_end(&mut out)
            .expect("valid gzip");
        out
    }

    fn unbrotli(br: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::Decompressor::new(br, 4096)
            .read_to_end(&mut out)
            .expect("valid brotli");
        out
    }

    #[test]
    fn whole_texts_round_trip() {
        let text = "body { color: red }\n".repeat(500);
        let gz = gzip(text.as_bytes(), GZIP_BEST).expect("gzip");
        assert!(gz.len() < text.len() / 10);
        assert_eq!(gunzip(&gz), text.as_bytes());
        let br = brotli(text.as_bytes(), BROTLI_BEST).expect("br");
        assert_eq!(unbrotli(&br), text.as_bytes());
        assert_eq!(gunzip(&gzip(b"", GZIP_BEST).expect("gzip")), b"");
    }

    #[test]
    fn pieces_are_spliced_between_the_parts() {
        let head = "<html><p>hello</p>".repeat(100);
        let tail = "</form><p>bye</p>".repeat(100);
        let splice =
            GzipSplice::new(&[head.as_bytes(), b"", tail.as_bytes()], GZIP_PAGE).expect("gz");
        assert_eq!(splice.pieces(), 2);
        let a = splice.splice(&[b"NONCE-A", b"nonce-b"]).expect("gz");
        let b = splice.splice(&[b"NONCE-C", b"nonce-d"]).expect("gz");
        assert_eq!(gunzip(&a), format!("{head}NONCE-Anonce-b{tail}").as_bytes());
        assert_eq!(gunzip(&b), format!("{head}NONCE-Cnonce-d{tail}").as_bytes());
        assert_ne!(a, b);
    }

    #[test]
    fn crc_shift_matches_a_plain_crc() {
        let (a, b) = (b"first part".as_slice(), b"and the second one".as_slice());
        let whole = crc32fast::hash(&[a, b].concat());
        let combined = multiply(x8n(b.len() as u64), crc32fast::hash(a)) ^ crc32fast::hash(b);
        assert_eq!(combined, whole);
    }

    proptest! {
        #[test]
        fn any_parts_and_pieces_decode_to_their_concatenation(
            parts in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..3000), 1..5),
            pieces in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..80), 0..5),
        ) {
            let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
            let splice = GzipSplice::new(&refs, GZIP_PAGE).expect("gz");
            let piece_refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
            let mut expected = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    expected.extend_from_slice(pieces.get(i - 1).map_or(&[][..], Vec::as_slice));
                }
                expected.extend_from_slice(part);
            }
            prop_assert_eq!(gunzip(&splice.splice(&piece_refs).expect("gz")), expected);
        }

        #[test]
        fn parts_deflated_as_one_stream_decode_with_any_pieces_of_their_length(
            parts in proptest::collection::vec("[a-z<>/ =\"]{0,3000}", 1..6),
            seed in any::<u8>(),
        ) {
            let refs: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
            let splice = GzipSplice::with_pieces_of(8, &refs, GZIP_PAGE).expect("gz");
            // Pieces that repeat the text around them: a back-reference into one would show.
            let pieces: Vec<Vec<u8>> = (0..parts.len().saturating_sub(1))
                .map(|i| parts[i].bytes().chain(std::iter::repeat(b'a' + seed % 26)).take(8).collect())
                .collect();
            let piece_refs: Vec<&[u8]> = pieces.iter().map(Vec::as_slice).collect();
            let mut expected = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    expected.extend_from_slice(&pieces[i - 1]);
                }
                expected.extend_from_slice(part.as_bytes());
            }
            prop_assert_eq!(gunzip(&splice.splice(&piece_refs).expect("gz")), expected);
            prop_assert!(splice.splice(&[b"short"]).is_none() || parts.len() == 1);
        }
    }

    #[test]
    fn pieces_shared_by_many_slots_splice_with_the_right_crc() {
        let parts: Vec<String> = (0..40)
            .map(|i| format!("<form><p>form {i}</p><input name=nonce value=\""))
            .collect();
        let refs: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
        let splice = GzipSplice::with_pieces_of(6, &refs, GZIP_PAGE).expect("gz");
        let (a, b) = (b"AAAAAA".to_vec(), b"bbbbbb".to_vec());
        // Slots 0, 3, 6, ... get `b`, the rest `a`: two distinct pieces.
        let pieces: Vec<&[u8]> = (0..39)
            .map(|i| if i % 3 == 0 { &b[..] } else { &a[..] })
            .collect();
        let gz = splice.splice(&pieces).expect("gz");
        let mut expected = parts[0].clone().into_bytes();
        for (piece, part) in pieces.iter().zip(&parts[1..]) {
            expected.extend_from_slice(piece);
            expected.extend_from_slice(part.as_bytes());
        }
        // The decoder checks the CRC-32 and the length in the trailer.
        assert_eq!(gunzip(&gz), expected);
        assert_eq!(&gz[..], &splice.splice_each(&pieces).expect("gz")[..]);
        let mut broken = gz.to_vec();
        let at = broken.len() - 8;
        broken[at] ^= 1;
        let mut out = Vec::new();
        assert!(
            flate2::read::GzDecoder::new(&broken[..])
                .read_to_end(&mut out)
                .is_err()
        );
        assert!(splice.splice(&pieces[..38]).is_none(), "a missing piece");
    }

    #[test]
    fn many_small_forms_compress_as_well_as_the_whole_page() {
        let form = |i: usize| {
            format!(
                "<li><h3>Milestone {i}</h3><form method=post action=/p/x/comments><input type=hidden name=nonce value=\""
            )
        };
        let mut parts: Vec<String> = (0..50).map(form).collect();
        parts.push("\"></form></li></ul></body></html>".into());
        for p in parts.iter_mut().skip(1) {
            p.insert_str(
                0,
                "\"><textarea name=body></textarea><button>Send</button></form></li>",
            );
        }
        let refs: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
        let nonce = [b'N'; 48];
        let pieces: Vec<&[u8]> = (0..50).map(|_| &nonce[..]).collect();
        let shared = GzipSplice::with_pieces_of(48, &refs, GZIP_PAGE).expect("gz");
        let apart = GzipSplice::new(&refs, GZIP_PAGE).expect("gz");
        let (shared, apart) = (
            shared.splice(&pieces).expect("gz"),
            apart.splice(&pieces).expect("gz"),
        );
        assert_eq!(gunzip(&shared), gunzip(&apart));
        assert!(
            shared.len() * 2 < apart.len(),
            "one stream {} bytes, parts apart {} bytes",
            shared.len(),
            apart.len()
        );
    }
}
