//! Rendered client pages, kept until the record changes.
//!
//! A client page depends on the record, the day (due dates are shown relative to today)
//! and the link it is seen through; and on nothing else except its form nonces, which must
//! be fresh in every response. So a page is rendered once with a random placeholder in
//! place of each nonce, cut at the placeholders, and kept under the request path (which
//! holds the token, so the grant and the key) together with the store generation and the
//! day it was rendered at. Serving it again splices freshly signed nonces in; any committed
//! write moves the generation on, so the next request renders anew.
//!
//! The page is kept compressed too, so a browser (which always sends `Accept-Encoding`)
//! gets its answer without a compressor run: as gzip whose fixed parts were deflated once,
//! with the nonces spliced in as stored blocks ([`GzipSplice`]); and, for a page without
//! nonces, as brotli as well.
//!
//! The cache only saves work *after* the token was verified and the link found live: those
//! checks run on every request, in the handlers' extractor.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use time::Date;

use crate::compress::{self, Encoding, GzipSplice};
use crate::domain::{Client, LinkGrant};

/// Bytes of rendered HTML kept at most (the oldest and least used pages go first).
const PAGE_BYTES: u64 = 16 * 1024 * 1024;
/// Grants (with their clients) kept at most.
const GRANTS: usize = 10_000;
/// Locks that let one request at a time render a page (by a hash of its path).
const RENDER_STRIPES: usize = 64;

/// One rendered page: its text cut where nonces go.
#[derive(Debug)]
pub struct CachedPage {
    /// `segments.len() == slots.len() + 1`; the page is `seg0 nonce(slot0) seg1 ...`.
    segments: Vec<Bytes>,
    /// For each cut, the index into `subjects` of the nonce that goes there.
    slots: Vec<usize>,
    /// The subject each nonce is signed for (an approval id, or `comments`).
    subjects: Vec<String>,
    /// The page as gzip with the nonces left out (`None` if the compressor failed).
    gzip: Option<GzipSplice>,
    /// The whole page as brotli: only for a page without nonces.
    br: Option<Bytes>,
    generation: u64,
    day: Date,
    len: usize,
}

impl CachedPage {
    /// Cut `html` at every occurrence of each placeholder; `placeholders[i]` stands for a
    /// nonce of `subjects[i]`.
    #[must_use]
    pub fn cut(html: &str, placeholders: &[(String, String)], generation: u64, day: Date) -> Self {
        let mut segments = Vec::new();
        let mut slots = Vec::new();
        let mut rest = html;
        loop {
            let next = placeholders
                .iter()
                .enumerate()
                .filter_map(|(i, (p, _))| rest.find(p.as_str()).map(|at| (at, i, p.len())))
                .min();
            let Some((at, i, len)) = next else { break };
            segments.push(Bytes::copy_from_slice(&rest.as_bytes()[..at]));
            slots.push(i);
            rest = &rest[at + len..];
        }
        segments.push(Bytes::copy_from_slice(rest.as_bytes()));
        let parts: Vec<&[u8]> = segments.iter().map(|s| &s[..]).collect();
        // Every piece is a nonce of one length: the parts deflate as one stream.
        let gzip = GzipSplice::with_pieces_of(crate::links::NONCE_LEN, &parts, compress::GZIP_PAGE);
        let br = slots
            .is_empty()
            .then(|| compress::brotli(html.as_bytes(), compress::BROTLI_PAGE))
            .flatten();
        Self {
            segments,
            slots,
            subjects: placeholders.iter().map(|(_, s)| s.clone()).collect(),
            gzip,
            br,
            generation,
            day,
            len: html.len(),
        }
    }

    /// The encodings this page goes out in, best first: the kept ones, then brotli made
    /// per answer (a page with nonces, for a client that takes brotli but not gzip, which
    /// no browser is).
    #[must_use]
    pub fn encodings(&self) -> &'static [Encoding] {
        match (self.br.is_some(), self.gzip.is_some()) {
            (true, true) => &[Encoding::Br, Encoding::Gzip, Encoding::Identity],
            (false, true) => &[Encoding::Gzip, Encoding::Br, Encoding::Identity],
            (_, false) => &[Encoding::Br, Encoding::Identity],
        }
    }

    /// Bytes kept for this page, all encodings together.
    fn weight(&self) -> usize {
        self.len
            + self.gzip.as_ref().map_or(0, GzipSplice::deflated_len)
            + self.br.as_ref().map_or(0, Bytes::len)
    }

    /// Whether the page still shows the record as of `generation`, on `day`.
    #[must_use]
    pub fn is_current(&self, generation: u64, day: Date) -> bool {
        self.generation == generation && self.day == day
    }

    /// The page in `encoding` (one of [`CachedPage::encodings`], else it goes out as
    /// identity) with a fresh nonce per subject, made by `sign(subject)`: the encoding it
    /// went out in, and its bytes in pieces to be written one after another (the kept
    /// parts are not copied).
    #[must_use]
    pub fn serve_as(
        &self,
        encoding: Encoding,
        mut sign: impl FnMut(&str) -> String,
    ) -> (Encoding, Vec<Bytes>) {
        match (encoding, &self.gzip, &self.br) {
            (Encoding::Br, _, Some(br)) => (Encoding::Br, vec![br.clone()]),
            (Encoding::Br, _, None) => {
                let page = self.serve(sign);
                match compress::brotli(&page, compress::BROTLI_PAGE) {
                    Some(br) => (Encoding::Br, vec![br]),
                    None => (Encoding::Identity, vec![page]),
                }
            }
            (Encoding::Gzip, Some(gzip), _) => {
                let nonces: Vec<String> = self.subjects.iter().map(|s| sign(s)).collect();
                let pieces: Vec<&[u8]> = self.slots.iter().map(|&i| nonces[i].as_bytes()).collect();
                match gzip.splice(&pieces) {
                    Some(body) => (Encoding::Gzip, vec![body]),
                    // A nonce of another length (never made so): as it is.
                    None => (
                        Encoding::Identity,
                        self.identity(nonces.into_iter().map(Bytes::from).collect()),
                    ),
                }
            }
            _ => {
                let nonces: Vec<Bytes> =
                    self.subjects.iter().map(|s| Bytes::from(sign(s))).collect();
                (Encoding::Identity, self.identity(nonces))
            }
        }
    }

    /// The page with `nonces[i]` for subject `i`, in one buffer: a page of many forms in
    /// pieces went out in a write per 16 pieces (hyper's vectored writes), each its own
    /// round through the TCP stack; one copy of the page costs less than that.
    fn identity(&self, nonces: Vec<Bytes>) -> Vec<Bytes> {
        if self.slots.is_empty() {
            return self.segments.clone();
        }
        let mut out =
            BytesMut::with_capacity(self.len + nonces.iter().map(Bytes::len).sum::<usize>());
        for (segment, &slot) in self.segments.iter().zip(&self.slots) {
            out.extend_from_slice(segment);
            out.extend_from_slice(&nonces[slot]);
        }
        if let Some(last) = self.segments.last() {
            out.extend_from_slice(last);
        }
        vec![out.freeze()]
    }

    /// The page with a fresh nonce per subject, made by `sign(subject)`, in one piece.
    #[must_use]
    pub fn serve(&self, sign: impl FnMut(&str) -> String) -> Bytes {
        let (_, mut pieces) = self.serve_as(Encoding::Identity, sign);
        if pieces.len() == 1 {
            return pieces.pop().unwrap_or_default();
        }
        let mut out = BytesMut::with_capacity(pieces.iter().map(Bytes::len).sum());
        for p in &pieces {
            out.extend_from_slice(p);
        }
        out.freeze()
    }
}

#[derive(Clone, Debug)]
struct PageWeight;

impl quick_cache::Weighter<String, Arc<CachedPage>> for PageWeight {
    fn weight(&self, key: &String, page: &Arc<CachedPage>) -> u64 {
        (key.len() + page.weight() + 64) as u64
    }
}

/// A grant and its client as read at a generation.
#[derive(Debug)]
pub struct CachedGrant {
    pub grant: Arc<LinkGrant>,
    pub client: Arc<Client>,
    generation: u64,
}

/// The caches of the client pages. Cheap to clone.
#[derive(Clone)]
pub struct PageCache {
    pages: Arc<quick_cache::sync::Cache<String, Arc<CachedPage>, PageWeight>>,
    grants: Arc<quick_cache::sync::Cache<String, Arc<CachedGrant>>>,
    renders: Arc<[tokio::sync::Mutex<()>]>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("pages", &self.pages.len())
            .field("page_bytes", &self.pages.weight())
            .field("grants", &self.grants.len())
            .finish()
    }
}

impl Default for PageCache {
    fn default() -> Self {
        Self {
            pages: Arc::new(quick_cache::sync::Cache::with_weighter(
                256, PAGE_BYTES, PageWeight,
            )),
            grants: Arc::new(quick_cache::sync::Cache::new(GRANTS)),
            renders: (0..RENDER_STRIPES)
                .map(|_| tokio::sync::Mutex::new(()))
                .collect(),
        }
    }
}

impl PageCache {
    /// The page kept for `path`, if it is current; counted as a cache hit or miss.
    #[must_use]
    pub fn page(&self, path: &str, generation: u64, day: Date) -> Option<Arc<CachedPage>> {
        let found = self.kept(path, generation, day);
        let result = if found.is_some() { "hit" } else { "miss" };
        metrics::counter!("porthole_page_cache_total", "result" => result).increment(1);
        found
    }

    /// [`PageCache::page`] without counting: the second look of a request that missed and
    /// waited for its [`PageCache::render_turn`] (it was counted once already).
    #[must_use]
    pub fn kept(&self, path: &str, generation: u64, day: Date) -> Option<Arc<CachedPage>> {
        self.pages
            .get(path)
            .filter(|p| p.is_current(generation, day))
    }

    /// Wait for the turn to render `path`. One render of a page runs at a time, so a burst
    /// of requests for a page gone stale renders it once (the others then find it kept)
    /// instead of each holding a whole render in memory at once.
    pub async fn render_turn(&self, path: &str) -> tokio::sync::MutexGuard<'_, ()> {
        use std::hash::{Hash as _, Hasher as _};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        path.hash(&mut h);
        // The remainder is below RENDER_STRIPES, so it fits usize.
        #[allow(clippy::cast_possible_truncation)]
        let stripe = (h.finish() % self.renders.len() as u64) as usize;
        self.renders[stripe].lock().await
    }

    /// Keep a page (replacing an older one of the same path).
    pub fn keep_page(&self, path: String, page: Arc<CachedPage>) {
        self.pages.insert(path, page);
    }

    /// The grant and client kept for `grant_id`, if read at `generation`.
    #[must_use]
    pub fn grant(&self, grant_id: &str, generation: u64) -> Option<Arc<CachedGrant>> {
        self.grants
            .get(grant_id)
            .filter(|g| g.generation == generation)
    }

    /// Keep a grant and its client as read at `generation`.
    pub fn keep_grant(
        &self,
        grant: Arc<LinkGrant>,
        client: Arc<Client>,
        generation: u64,
    ) -> Arc<CachedGrant> {
        let entry = Arc::new(CachedGrant {
            grant,
            client,
            generation,
        });
        self.grants
            .insert(entry.grant.grant_id.clone(), entry.clone());
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Date {
        time::macros::date!(2030 - 01 - 02)
    }

    async fn body(bytes: Bytes) -> String {
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[tokio::test]
    async fn placeholders_become_fresh_nonces_per_subject() {
        let html = "<a>PH1</a><b>PH2</b><c>PH1</c>";
        let page = CachedPage::cut(
            html,
            &[
                ("PH1".into(), "comments".into()),
                ("PH2".into(), "appr".into()),
            ],
            7,
            day(),
        );
        let mut n = 0;
        let out = body(page.serve(|s| {
            n += 1;
            format!("{s}{n}")
        }))
        .await;
        assert_eq!(out, "<a>comments1</a><b>appr2</b><c>comments1</c>");
        assert!(page.is_current(7, day()));
        assert!(!page.is_current(8, day()));
        assert!(!page.is_current(7, day().next_day().expect("day")));
    }

    #[tokio::test]
    async fn a_page_without_forms_is_served_as_is() {
        let page = CachedPage::cut("<p>plain</p>", &[], 1, day());
        assert_eq!(body(page.serve(|_| unreachable!())).await, "<p>plain</p>");
    }

    #[test]
    fn stale_pages_are_not_served_and_the_cache_is_bounded() {
        let cache = PageCache::default();
        let big = "x".repeat(1024 * 1024);
        for i in 0..64 {
            cache.keep_page(
                format!("/p/t/{i}"),
                Arc::new(CachedPage::cut(&big, &[], 3, day())),
            );
        }
        assert!(cache.pages.weight() <= PAGE_BYTES);
        cache.keep_page(
            "/p/t".into(),
            Arc::new(CachedPage::cut("<p>x</p>", &[], 3, day())),
        );
        assert!(cache.page("/p/t", 3, day()).is_some());
        assert!(cache.page("/p/t", 4, day()).is_none());
    }
}
