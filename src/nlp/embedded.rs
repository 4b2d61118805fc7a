//! Data files compiled into the binary (`include_bytes!`: the gazetteer
//! snapshot and name index, the entity models): giving their pages back once
//! they are decoded.
//!
//! An embedded file is part of the executable's read-only mapping. Reading
//! it (to gunzip it at start-up) brings its pages into the resident set,
//! where they stay for the whole run although nothing reads them again:
//! about 28 MB of the default data (`data/gazetteer/index/*.gz` 21.5 MB, the
//! two NER models 6.9 MB). [`release`] drops them.

/// Tells the kernel that `bytes`, an embedded file already decoded, will not
/// be read again soon: the pages wholly inside it leave the resident set
/// (`madvise(MADV_DONTNEED)`). The data stays valid: the mapping is private,
/// read-only and backed by the executable file, so a later read faults the
/// same bytes back in from the file (Linux refuses writes to a running
/// executable). A no-op on other systems, for a slice of under a page, and
/// when the call fails.
pub fn release(bytes: &'static [u8]) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let start = (bytes.as_ptr() as usize).next_multiple_of(page);
        let end = (bytes.as_ptr() as usize + bytes.len()) / page * page;
        if end > start {
            // SAFETY: [start, end) lies inside `bytes`, a 'static slice of the
            // executable's read-only, file-backed private mapping; advising
            // it away changes no byte a reader can see (module docs).
            let r = unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED)
            };
            if r != 0 {
                tracing::debug!(error = %std::io::Error::last_os_error(), "madvise on embedded data failed");
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = bytes;
}

#[cfg(test)]
mod tests {
    static DATA: [u8; 3 * 4096 + 100] = [7; 3 * 4096 + 100];

    #[test]
    fn released_data_reads_the_same() {
        let bytes: &'static [u8] = &DATA;
        let before: u64 = bytes.iter().map(|&b| u64::from(b)).sum();
        super::release(bytes);
        let after: u64 = bytes.iter().map(|&b| u64::from(b)).sum();
        assert_eq!(before, after);
        assert_eq!(before, 7 * bytes.len() as u64);
        super::release(&bytes[..10]);
    }
}
