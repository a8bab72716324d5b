//! The host operations a guest's allowed requests lead to: file I/O under the mounts
//! ([`fs::FsHost`]), the per-run `/output` directory ([`output::OutputDir`]) and the HTTP client
//! ([`http::HttpClient`]). Each asks [`crate::policy`] first and acts only on what it allowed.

pub mod fs;
pub mod http;
pub mod output;
