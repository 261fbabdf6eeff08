//! awsJson 1.0 and 1.1 (`aws.protocols#awsJson1_0`, `#awsJson1_1`): every input member in one
//! JSON object `POST`ed to the endpoint with `X-Amz-Target: <Service>.<Operation>`; HTTP binding
//! traits and `@jsonName` are ignored; timestamps default to epoch seconds. A service migrated
//! from awsQuery (`@awsQueryCompatible`) sends `x-amzn-query-mode: true` and reads error codes
//! from `x-amzn-query-error`. Runtime side: `smithy_rt::protocol::aws_json`.

use proc_macro2::TokenStream;
use quote::quote;
use smithy_model::TimestampFormat;

use super::{Build, ExampleResponse, Protocol, TestSupport, aws_query_error};
use crate::CodegenError;
use crate::emit::ident;
use crate::emit::json::{de, ser, value};
use crate::ir::{HttpBinding, MemberIr, OperationIr, ServiceIr, ShapeIr};
use crate::runtime_type::{
    AWS_JSON_BUILD_QUERY_COMPATIBLE_REQUEST, AWS_JSON_BUILD_REQUEST, AWS_JSON_ERROR_PARTS,
    AWS_JSON_OPERATION_SPEC, AWS_JSON_PARSE_RESPONSE, AWS_JSON_QUERY_COMPATIBLE_ERROR_PARTS,
    AWS_JSON_VERSION, JSON_OBJECT_BODY, RuntimeType,
};

/// awsJson, in one of its two versions (they differ only in `Content-Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AwsJson {
    /// `aws.protocols#awsJson1_0`
    V1_0,
    /// `aws.protocols#awsJson1_1`
    V1_1,
}

impl Protocol for AwsJson {
    fn trait_id(&self) -> &'static str {
        match self {
            AwsJson::V1_0 => "aws.protocols#awsJson1_0",
            AwsJson::V1_1 => "aws.protocols#awsJson1_1",
        }
    }

    fn uses_http_bindings(&self) -> bool {
        false
    }

    fn document_name(&self, member: &MemberIr) -> String {
        member.name.clone()
    }

    fn default_timestamp_format(&self, _binding: &HttpBinding) -> TimestampFormat {
        TimestampFormat::EpochSeconds
    }

    fn build_request(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        host_prefix: &TokenStream,
    ) -> Result<TokenStream, CodegenError> {
        let version = ident(match self {
            AwsJson::V1_0 => "V1_0",
            AwsJson::V1_1 => "V1_1",
        });
        let target = format!("{}.{}", ir.name, op.name);
        let compression = op.request_compression;
        let body = match &op.input {
            Some(id) => {
                let ser_fn = ser::fn_path(ir, ir.shape(id)?);
                quote! { let body = #JSON_OBJECT_BODY(input, #ser_fn)?; }
            }
            None => quote! { let body = ::std::string::String::from("{}"); },
        };
        let build = if ir.query_compatible {
            AWS_JSON_BUILD_QUERY_COMPATIBLE_REQUEST
        } else {
            AWS_JSON_BUILD_REQUEST
        };
        Ok(quote! {
            #body
            #build(
                &#AWS_JSON_OPERATION_SPEC {
                    version: #AWS_JSON_VERSION::#version,
                    target: #target,
                    request_compression: #compression,
                },
                endpoint,
                #host_prefix,
                body,
            )
        })
    }

    fn parse_response(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        read_error: &TokenStream,
    ) -> Result<TokenStream, CodegenError> {
        let read_output = match &op.output {
            Some(id) => {
                let document = de::document_fn_name(ir.shape(id)?);
                quote! { crate::de::#document }
            }
            // Nothing to read: a Unit output ignores the body.
            None => quote! { |_| ::std::result::Result::Ok(()) },
        };
        Ok(quote! { #AWS_JSON_PARSE_RESPONSE(response, #read_output, #read_error) })
    }

    fn error_parts(&self, ir: &ServiceIr) -> RuntimeType {
        if ir.query_compatible {
            AWS_JSON_QUERY_COMPATIBLE_ERROR_PARTS
        } else {
            AWS_JSON_ERROR_PARTS
        }
    }

    /// A service migrated from awsQuery names an error by its `@awsQueryError` code in the
    /// `x-amzn-query-error` header, and by its shape name in the body (`__type`); either
    /// selects it.
    fn error_codes(&self, ir: &ServiceIr, error: &ShapeIr) -> Vec<String> {
        let name = error.id.name();
        let mut codes = vec![name.to_owned()];
        if let Some(custom) =
            aws_query_error(error).filter(|e| ir.query_compatible && e.code != name)
        {
            codes.push(custom.code.clone());
        }
        codes
    }

    fn read_error(&self, _ir: &ServiceIr, error: &ShapeIr) -> Result<TokenStream, CodegenError> {
        let document = de::document_fn_name(error);
        Ok(quote! { crate::de::#document(body) })
    }

    fn serializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
        ser::file(ir, build)
    }

    fn deserializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
        de::file(ir, build)
    }

    fn test_support(&self) -> TestSupport {
        value::TEST_SUPPORT
    }

    fn test_value_impl(
        &self,
        ir: &ServiceIr,
        shape: &ShapeIr,
    ) -> Result<TokenStream, CodegenError> {
        Ok(value::value_impl(ir, shape))
    }

    fn example_empty_output(&self, _ir: &ServiceIr, _op: &OperationIr) -> ExampleResponse {
        ExampleResponse {
            status: 200,
            headers: Vec::new(),
            body: "{}".to_owned(),
        }
    }

    fn example_error(&self, code: &str, message: &str) -> ExampleResponse {
        ExampleResponse {
            status: 400,
            headers: vec![("x-amzn-requestid".to_owned(), "5b2a7d1e".to_owned())],
            body: serde_json::json!({ "__type": code, "message": message }).to_string(),
        }
    }
}
