//! awsQuery (`aws.protocols#awsQuery`): every input member in one form-encoded body
//! (`Action=<Operation>&Version=<API version>&...`) `POST`ed to the endpoint; responses and
//! errors are XML (`<OperationResponse><OperationResult>`, `<ErrorResponse><Error>`). HTTP
//! binding traits are ignored; names come from `@xmlName`; timestamps default to date-time;
//! `@awsQueryError` gives an error its own code. Runtime side: `smithy_rt::protocol::aws_query`
//! and `smithy_rt::xml` (runtime feature `aws-query`).

use proc_macro2::TokenStream;
use quote::quote;
use smithy_model::TimestampFormat;

use super::{Build, ExampleResponse, Protocol, TestSupport, aws_query_error};
use crate::CodegenError;
use crate::emit::{query, xml};
use crate::ir::{HttpBinding, MemberIr, OperationIr, ServiceIr, ShapeIr};
use crate::runtime_type::{
    AWS_QUERY_BUILD_REQUEST, AWS_QUERY_ERROR_PARTS, AWS_QUERY_PARSE_RESPONSE, AWS_QUERY_READ_ERROR,
    AWS_QUERY_WRITER, RuntimeType, XML_OPERATION_VISITOR, XML_TYPE_VISITOR, XML_VALUE,
};

/// The awsQuery protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AwsQuery;

/// Request id of the documentation examples.
const EXAMPLE_REQUEST_ID: &str = "5b2a7d1e";

impl Protocol for AwsQuery {
    fn trait_id(&self) -> &'static str {
        "aws.protocols#awsQuery"
    }

    fn uses_http_bindings(&self) -> bool {
        false
    }

    fn document_name(&self, member: &MemberIr) -> String {
        member
            .xml
            .name
            .clone()
            .unwrap_or_else(|| member.name.clone())
    }

    fn default_timestamp_format(&self, _binding: &HttpBinding) -> TimestampFormat {
        TimestampFormat::DateTime
    }

    fn build_request(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        host_prefix: &TokenStream,
    ) -> Result<TokenStream, CodegenError> {
        let action = &op.name;
        let version = ir.version.as_deref().unwrap_or_default();
        let compression = op.request_compression;
        let (writer, members) = match &op.input {
            Some(id) => {
                let ser_fn = query::fn_name(ir.shape(id)?);
                (
                    quote! { let mut writer },
                    quote! { crate::ser::#ser_fn(&mut writer.input(), input)?; },
                )
            }
            None => (quote! { let writer }, TokenStream::new()),
        };
        Ok(quote! {
            let mut body = ::std::string::String::new();
            #writer = #AWS_QUERY_WRITER::new(&mut body, #action, #version);
            #members
            writer.finish();
            #AWS_QUERY_BUILD_REQUEST(endpoint, #host_prefix, body, #compression)
        })
    }

    fn parse_response(
        &self,
        ir: &ServiceIr,
        op: &OperationIr,
        read_error: &TokenStream,
    ) -> Result<TokenStream, CodegenError> {
        let action = &op.name;
        let read_output = match &op.output {
            Some(id) => {
                let de_fn = xml::de::fn_path(ir, ir.shape(id)?);
                quote! { #de_fn }
            }
            // Nothing to read: a Unit output ignores the result.
            None => quote! { |_reader, _start| ::std::result::Result::Ok(()) },
        };
        Ok(quote! { #AWS_QUERY_PARSE_RESPONSE(response, #action, #read_output, #read_error) })
    }

    fn error_parts(&self, _ir: &ServiceIr) -> RuntimeType {
        AWS_QUERY_ERROR_PARTS
    }

    fn error_codes(&self, _ir: &ServiceIr, error: &ShapeIr) -> Vec<String> {
        let code = aws_query_error(error).map_or_else(|| error.id.name(), |e| e.code.as_str());
        vec![code.to_owned()]
    }

    fn error_status(&self, error: &ShapeIr) -> u16 {
        aws_query_error(error).map_or_else(
            || super::default_error_status(error),
            |e| e.http_response_code,
        )
    }

    fn read_error(&self, ir: &ServiceIr, error: &ShapeIr) -> Result<TokenStream, CodegenError> {
        let de_fn = xml::de::fn_path(ir, error);
        Ok(quote! {
            #AWS_QUERY_READ_ERROR(body, #de_fn)
        })
    }

    fn serializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
        match build {
            Build::Production => query::file(ir),
            Build::TestUtil => xml::ser::file(ir),
        }
    }

    fn deserializers(&self, ir: &ServiceIr, build: Build) -> Result<TokenStream, CodegenError> {
        xml::de::file(ir, build)
    }

    fn runtime_features(&self) -> &'static [&'static str] {
        &["aws-query"]
    }

    fn test_support(&self) -> TestSupport {
        TestSupport {
            value_trait: XML_VALUE,
            type_visitor: XML_TYPE_VISITOR,
            body_format: "XML",
            value_doc: "XML\n written by test-only writers and read by the production deserializers.",
            operation_visitor: XML_OPERATION_VISITOR,
            exports: &[
                "XmlOperationVisitor",
                "XmlTypeVisitor",
                "XmlValue",
                "from_xml",
                "to_xml",
                "try_to_xml",
            ],
            ser_doc: " XML writers of every structure and union: requests are forms, so production code writes no XML.",
            de_doc: " XML readers of the shapes only requests carry (production code only writes them).",
        }
    }

    fn test_value_impl(
        &self,
        ir: &ServiceIr,
        shape: &ShapeIr,
    ) -> Result<TokenStream, CodegenError> {
        xml::value_impl(ir, shape)
    }

    fn example_empty_output(&self, ir: &ServiceIr, op: &OperationIr) -> ExampleResponse {
        let name = &op.name;
        let xmlns = ir
            .xml_namespace
            .as_ref()
            .map(|ns| format!(" xmlns=\"{}\"", escape(&ns.uri).replace('"', "&quot;")))
            .unwrap_or_default();
        ExampleResponse {
            status: 200,
            headers: Vec::new(),
            body: format!(
                "<{name}Response{xmlns}><{name}Result/><ResponseMetadata>\
                 <RequestId>{EXAMPLE_REQUEST_ID}</RequestId></ResponseMetadata></{name}Response>"
            ),
        }
    }

    fn example_error(&self, code: &str, message: &str) -> ExampleResponse {
        ExampleResponse {
            status: 400,
            headers: Vec::new(),
            body: format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{}</Code>\
                 <Message>{}</Message></Error><RequestId>{EXAMPLE_REQUEST_ID}</RequestId>\
                 </ErrorResponse>",
                escape(code),
                escape(message)
            ),
        }
    }
}

/// `text` as XML character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
