//! The one seam between the producer and the client: a `PutRecordBatch` call. The producer
//! holds it as `Box<dyn PutBatch>`, so its own type does not depend on the transport.

use std::future::Future;
use std::pin::Pin;

use firehose::client::{Error, RetryConfig, Transport};
use firehose::operation::put_record_batch::{
    PutRecordBatch, PutRecordBatchError, PutRecordBatchInput, PutRecordBatchOutput,
};

/// What one `PutRecordBatch` call returns.
pub(crate) type CallResult = Result<PutRecordBatchOutput, Error<PutRecordBatchError>>;

/// Sends one `PutRecordBatch` call.
pub(crate) trait PutBatch: Send + Sync + 'static {
    fn put<'a>(
        &'a self,
        input: &'a PutRecordBatchInput,
    ) -> Pin<Box<dyn Future<Output = CallResult> + Send + 'a>>;
}

/// A client whose calls make one attempt each: the producer is the only retry layer of its
/// calls. With the client retrying as well, attempts would multiply, and a final error could
/// hide an earlier attempt that stored the records (so `maybe_delivered` would lie).
pub(crate) struct OneAttempt<T> {
    client: firehose::Client<T>,
    /// The client's retry settings with one attempt: adaptive mode's rate limiter still
    /// paces the calls.
    retry: RetryConfig,
}

impl<T: Transport> OneAttempt<T> {
    pub(crate) fn new(client: firehose::Client<T>) -> Self {
        let retry = client.config().retry_config().clone().with_max_attempts(1);
        Self { client, retry }
    }
}

impl<T: Transport> PutBatch for OneAttempt<T> {
    fn put<'a>(
        &'a self,
        input: &'a PutRecordBatchInput,
    ) -> Pin<Box<dyn Future<Output = CallResult> + Send + 'a>> {
        Box::pin(
            self.client
                .service_client()
                .call_with_retry_config::<PutRecordBatch>(input, &self.retry),
        )
    }
}
