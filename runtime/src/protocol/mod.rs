#[cfg(feature = "aws-query")]
pub mod aws_query;
