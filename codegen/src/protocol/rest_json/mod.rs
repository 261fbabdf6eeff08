//! restJson1 (`aws.protocols#restJson1`): the HTTP binding traits place input members in the
//! URI, query and headers (`emit::http_bindings`), the rest go in one JSON object, or an
//! `@httpPayload` member is the whole body ([`body`]); outputs and errors read headers and the
//! status code back the same way. Members are named by `@jsonName`; timestamps default to
//! epoch seconds in the body, `date-time` in labels and queries, `http-date` in headers. Errors
//! are JSON: the code from `X-Amzn-Errortype`, else the body's `__type` or `code`. Runtime side:
//! `smithy_rt::protocol::rest_json` and `smithy_rt::binding`.

mod body;

use proc_macro2::TokenStream;
use quote::quote;
use smithy_model::TimestampFormat;

use super::{Build, ExampleResponse, Protocol, TestSupport};
use crate::CodegenError;
use crate::emit::http_bindings;
use crate::emit::json::{de, ser, value};
use crate::ir::{HttpBinding, MemberIr, OperationIr, ServiceIr, ShapeIr, ShapeIrKind};
use crate::runtime_type::{REST_JSON_ERROR_PARTS, REST_JSON_PARSE_RESPONSE, RuntimeType};

/// `aws.protocols#restJson1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RestJson1;

impl Protocol for RestJson1 {
    fn trait_id(&self) -> &'static str {
        "aws.protocols#restJson1"
    }

    fn uses_http_bindings(&self) -> bool {
        true
    }

    fn document_name(&self, member: &MemberIr) -> String {
        member
            .json_name
            .clone()
            .unwrap_or_else(|| member.name.clone())
    }

    fn default_timestamp_format(&self, binding: &HttpBinding) -> TimestampFormat {
        match binding {
            HttpBinding::Header(_) | HttpBinding::PrefixHeaders(_) => TimestampFormat::HttpDate,
            HttpBinding::Label | HttpBinding::Query(_) | HttpBinding::QueryParams => {
                TimestampFormat::DateTime
            }
            HttpBinding::Document | HttpBinding::Payload | HttpBinding::ResponseCode => {
                TimestampFormat::EpochSeconds
            }
        }
    }

    fn build_request(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        host_prefix: &TokenStream,
    ) -> Result<TokenStream, CodegenError> {
        let route = op.http.as_ref().ok_or_else(|| {
            CodegenError::new(format!(
                "{}: restJson1 operations need an @http trait (method and URI)",
                op.id
            ))
        })?;
        let input = op.input.as_ref().map(|id| ir.shape(id)).transpose()?;
        let new = http_bindings::new_request(route, host_prefix)?;
        let members = http_bindings::request_members(ir, op, route, input)?;
        let body = body::request_body(ir, input)?;
        let compress = op.request_compression;
        // An input structure without members has nothing to put anywhere.
        let unused = input
            .filter(
                |s| matches!(&s.kind, ShapeIrKind::Structure { members, .. } if members.is_empty()),
            )
            .map(|_| quote! { let _ = input; });
        Ok(quote! {
            #unused
            #new
            #members
            #body
            request.body(body, #compress)
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
                let read = body::http_fn_name(ir.shape(id)?);
                quote! { crate::de::#read }
            }
            // Nothing to read: a Unit output ignores the body.
            None => quote! { |_, _| ::std::result::Result::Ok(()) },
        };
        Ok(quote! { #REST_JSON_PARSE_RESPONSE(response, #read_output, #read_error) })
    }

    fn error_parts(&self, _ir: &ServiceIr) -> RuntimeType {
        REST_JSON_ERROR_PARTS
    }

    fn read_error(&self, _ir: &ServiceIr, error: &ShapeIr) -> Result<TokenStream, CodegenError> {
        let read = body::http_fn_name(error);
        Ok(quote! { crate::de::#read(response, body) })
    }

    fn serializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
        let shared = ser::file(ir, build)?;
        let own = match build {
            Build::Production => body::serializers(ir)?,
            Build::TestUtil => TokenStream::new(),
        };
        Ok(quote! { #shared #own })
    }

    fn deserializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
        let shared = de::file(ir, build)?;
        let own = match build {
            Build::Production => body::deserializers(ir)?,
            Build::TestUtil => TokenStream::new(),
        };
        Ok(quote! { #shared #own })
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
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: "{}".to_owned(),
        }
    }

    fn example_error(&self, code: &str, message: &str) -> ExampleResponse {
        ExampleResponse {
            status: 400,
            headers: vec![
                ("x-amzn-requestid".to_owned(), "5b2a7d1e".to_owned()),
                ("x-amzn-errortype".to_owned(), code.to_owned()),
            ],
            body: serde_json::json!({ "message": message }).to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
