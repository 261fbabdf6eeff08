//! The one seam between the producer and the client: a `PutRecordBatch` call. The producer
//! holds it as `Arc<dyn PutBatch>`, so its own type does not depend on the transport.

use std::future::Future;
use std::pin::Pin;

use firehose::client::{Error, Transport};
use firehose::operation::put_record_batch::{
    PutRecordBatchError, PutRecordBatchInput, PutRecordBatchOutput,
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

impl<T: Transport> PutBatch for firehose::Client<T> {
    fn put<'a>(
        &'a self,
        input: &'a PutRecordBatchInput,
    ) -> Pin<Box<dyn Future<Output = CallResult> + Send + 'a>> {
        Box::pin(self.put_record_batch(input))
    }
}
