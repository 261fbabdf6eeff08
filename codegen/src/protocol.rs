//! The wire protocols the generator supports, and what differs between them.

use smithy_model::{Shape, TimestampFormat};

/// An awsJson protocol. The two versions differ only in their `Content-Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`
    AwsJson1_1,
}

impl Protocol {
    /// The protocol a service shape declares, if it is one we support.
    /// A service that carries both prefers 1.1 (it is what the AWS SDKs pick).
    pub fn of_service(service: &Shape) -> Option<Protocol> {
        if service.traits.aws_json_1_1() {
            Some(Protocol::AwsJson1_1)
        } else if service.traits.aws_json_1_0() {
            Some(Protocol::AwsJson1_0)
        } else {
            None
        }
    }

    /// The Smithy trait id of the protocol.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
        }
    }

    /// The `Content-Type` of every request.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }

    /// Timestamp format used when neither the member nor its target says otherwise.
    pub fn default_timestamp_format(self) -> TimestampFormat {
        TimestampFormat::EpochSeconds
    }

    /// Name of the matching `smithy_rt::protocol::aws_json::Version` variant.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "V1_0",
            Protocol::AwsJson1_1 => "V1_1",
        }
    }

    /// `X-Amz-Target` value: service shape name, a dot, operation name.
    pub fn target(self, service_name: &str, operation_name: &str) -> String {
        format!("{service_name}.{operation_name}")
    }
}
