//! Kafka headers read as bytes.
//!
//! Kafka header names are strings in the protocol, but the broker does not
//! check their encoding, so any producer can send a name that is not UTF-8.
//! rdkafka's `Headers::get`/`iter` turn the name into `&str` with an
//! `unwrap()`, which panics on such a name: one hostile message would kill
//! the consumer thread on every restart. This module reads names and values
//! through librdkafka's C API as bytes instead; deciding what to do with a
//! name that is not UTF-8 is the decoder's job (`invalid_header`).

use std::ffi::CStr;

use rdkafka::bindings as rdsys;
use rdkafka::message::BorrowedMessage;

/// A header as read: name and value bytes (`None`: a null value).
pub type RawHeader = (Vec<u8>, Option<Vec<u8>>);

/// Every header of `m`, in order, names and values as bytes.
///
/// A name is read up to its first NUL byte: librdkafka hands names out as C
/// strings, so a name with an embedded NUL loses its tail (the only case in
/// which a header is not read back byte for byte).
pub fn message_headers(m: &BorrowedMessage<'_>) -> Vec<RawHeader> {
    let mut headers: *mut rdsys::rd_kafka_headers_t = std::ptr::null_mut();
    // SAFETY: `m.ptr()` is a valid message for the lifetime of `m`; on
    // success librdkafka stores a pointer to headers owned by the message.
    let err = unsafe { rdsys::rd_kafka_message_headers(m.ptr(), &mut headers) };
    if err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR || headers.is_null() {
        return Vec::new();
    }
    // SAFETY: `headers` is valid while `m` is borrowed.
    unsafe { read_all(headers) }
}

/// Every header of an `OwnedHeaders` list, as [`message_headers`] reads
/// a consumed message's (the fuzz target checks the two agree).
pub fn read_owned(headers: &rdkafka::message::OwnedHeaders) -> Vec<RawHeader> {
    // `as_borrowed` hands out the native list as a zero-sized reference
    // whose address is the list itself.
    let native = headers.as_borrowed() as *const rdkafka::message::BorrowedHeaders
        as *const rdsys::rd_kafka_headers_t;
    // SAFETY: the list lives as long as `headers`.
    unsafe { read_all(native) }
}

/// Reads every header of a native header list.
///
/// # Safety
/// `headers` must point to a live `rd_kafka_headers_t`.
pub(crate) unsafe fn read_all(headers: *const rdsys::rd_kafka_headers_t) -> Vec<RawHeader> {
    // SAFETY: the caller guarantees `headers` is live.
    let count = unsafe { rdsys::rd_kafka_header_cnt(headers) };
    let mut out = Vec::with_capacity(count);
    for idx in 0..count {
        let mut name: *const std::os::raw::c_char = std::ptr::null();
        let mut value: *const std::os::raw::c_void = std::ptr::null();
        let mut size: usize = 0;
        // SAFETY: idx < count; the out-pointers are valid locals.
        let err = unsafe {
            rdsys::rd_kafka_header_get_all(headers, idx, &mut name, &mut value, &mut size)
        };
        if err != rdsys::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR || name.is_null() {
            continue;
        }
        // SAFETY: librdkafka NUL-terminates names; the value is `size`
        // bytes owned by the header list.
        let name = unsafe { CStr::from_ptr(name) }.to_bytes().to_vec();
        let value = (!value.is_null())
            .then(|| unsafe { std::slice::from_raw_parts(value.cast::<u8>(), size) }.to_vec());
        out.push((name, value));
    }
    out
}
