//! TLS for porthole's outgoing HTTPS clients (webhook deliveries, the S3 blob store):
//! rustls with the ring provider and the platform's certificate roots.

use std::sync::Arc;

/// A client configuration trusting what the platform trusts.
///
/// # Errors
/// When the platform's roots cannot be read or the protocol versions set.
pub fn platform_client_config() -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| format!("TLS roots: {e}"))?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}
