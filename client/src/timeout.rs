//! How long a call may take: connecting, each attempt, the whole operation.

use std::time::Duration;

/// Connecting (TCP) gives up after this long: the AWS SDKs' default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
/// One attempt (sending the request, then reading the response's headers and whole body)
/// gives up after this long.
///
/// Firehose answers in well under a second; the slowest legitimate attempt is a maximal
/// PutRecordBatch (4 MiB of records, about 5.4 MB of JSON) on a slow uplink, which 30 s
/// covers down to about 1.5 Mbit/s. A server that accepts and never answers, or trickles its
/// answer, then costs 30 s per attempt instead of forever.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Timeouts: connect (3.1 s), per attempt (30 s), whole operation (none unless set).
///
/// ```
/// use std::time::Duration;
/// use smithy_client::TimeoutConfig;
///
/// let timeouts = TimeoutConfig::default()
///     .with_attempt_timeout(Duration::from_secs(10))
///     .with_operation_timeout(Duration::from_secs(45));
/// assert_eq!(timeouts.connect_timeout(), Duration::from_millis(3100));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Duration,
    attempt: Option<Duration>,
    operation: Option<Duration>,
}

impl TimeoutConfig {
    /// The defaults: connect 3.1 s, attempt 30 s, no operation timeout.
    pub const fn new() -> Self {
        Self {
            connect: DEFAULT_CONNECT_TIMEOUT,
            attempt: Some(DEFAULT_ATTEMPT_TIMEOUT),
            operation: None,
        }
    }

    /// How long connecting (TCP) may take. Used by the HTTPS transport a generated
    /// `Client::new` makes ([`HyperTransport::from_config`](crate::HyperTransport::from_config)).
    pub const fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect = timeout;
        self
    }

    /// How long one attempt may take, from sending the request to having the whole response
    /// ([`Error::Timeout`](crate::Error::Timeout) with [`TimeoutKind::Attempt`], which is
    /// retried); `None` lets an attempt wait as long as the transport does.
    pub fn with_attempt_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.attempt = timeout.into();
        self
    }

    /// How long a whole call may take, all attempts and the waits between them included
    /// ([`Error::Timeout`](crate::Error::Timeout) with [`TimeoutKind::Operation`]); `None`
    /// (the default) sets no limit beyond attempts × attempt timeout plus the backoffs.
    pub fn with_operation_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.operation = timeout.into();
        self
    }

    /// These timeouts, with the ones an `aws-smithy-types` (`aws_config::SdkConfig`) timeout
    /// config sets replacing them: connect, operation attempt, operation. What it leaves
    /// unset (or disables: its getters don't tell the two apart) keeps its value here.
    pub fn with_sdk_timeouts(mut self, sdk: &aws_smithy_types::timeout::TimeoutConfig) -> Self {
        if let Some(connect) = sdk.connect_timeout() {
            self.connect = connect;
        }
        if let Some(attempt) = sdk.operation_attempt_timeout() {
            self.attempt = Some(attempt);
        }
        if let Some(operation) = sdk.operation_timeout() {
            self.operation = Some(operation);
        }
        self
    }

    /// The connect timeout.
    pub const fn connect_timeout(&self) -> Duration {
        self.connect
    }

    /// The per-attempt timeout.
    pub const fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-operation timeout.
    pub const fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// Which limit a [`Error::Timeout`](crate::Error::Timeout) hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt took too long; the call retries it if attempts and quota are left.
    Attempt,
    /// The whole call took too long.
    Operation,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_never_wait_forever() {
        let t = TimeoutConfig::default();
        assert_eq!(t.connect_timeout(), Duration::from_millis(3100));
        assert_eq!(t.attempt_timeout(), Some(Duration::from_secs(30)));
        assert_eq!(t.operation_timeout(), None);
        let t = t
            .with_attempt_timeout(None)
            .with_operation_timeout(Duration::from_secs(5))
            .with_connect_timeout(Duration::from_secs(1));
        assert_eq!(t.attempt_timeout(), None);
        assert_eq!(t.operation_timeout(), Some(Duration::from_secs(5)));
        assert_eq!(t.connect_timeout(), Duration::from_secs(1));
    }

    #[test]
    fn sdk_timeouts_replace_what_they_set() {
        let sdk = aws_smithy_types::timeout::TimeoutConfig::builder()
            .operation_attempt_timeout(Duration::from_secs(7))
            .build();
        let t = TimeoutConfig::default().with_sdk_timeouts(&sdk);
        assert_eq!(t.attempt_timeout(), Some(Duration::from_secs(7)));
        assert_eq!(t.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
        assert_eq!(t.operation_timeout(), None);
        let sdk = aws_smithy_types::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(2))
            .operation_timeout(Duration::from_secs(60))
            .build();
        let t = TimeoutConfig::default().with_sdk_timeouts(&sdk);
        assert_eq!(t.connect_timeout(), Duration::from_secs(2));
        assert_eq!(t.attempt_timeout(), Some(DEFAULT_ATTEMPT_TIMEOUT));
        assert_eq!(t.operation_timeout(), Some(Duration::from_secs(60)));
    }
}
