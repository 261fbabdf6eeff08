//! moto's IAM, for the role a Lambda function runs as. IAM speaks awsQuery and has no model
//! here, so `CreateRole` is an [`Operation`] written by hand on the runtime's awsQuery writer
//! and reader. The generic client (`smithy_client::ServiceClient`) signs it with our SigV4
//! signer for `iam` and sends it over its hyper transport, as it does any generated operation.

use smithy_client::{Config, Error, HyperTransport, Service, ServiceClient};
use smithy_rt::endpoint::AsEndpoint;
use smithy_rt::protocol::aws_query::{CONTENT_TYPE, QueryWriter, error_parts, read_result};
use smithy_rt::request::{Method, RequestBuilder};
use smithy_rt::{BuildError, HttpRequest, HttpResponse, Operation, UnhandledError};

/// The IAM API version every awsQuery request names.
const VERSION: &str = "2010-05-08";

/// Lambda may assume the role: the trust policy a function's execution role has.
pub const LAMBDA_TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// IAM's `CreateRole`: a role name and its trust policy in, the role's ARN out.
pub struct CreateRole;

pub struct CreateRoleInput {
    pub role_name: String,
    pub assume_role_policy_document: String,
}

impl Operation for CreateRole {
    type Input = CreateRoleInput;
    /// The new role's ARN.
    type Output = String;
    type Error = UnhandledError;
    const NAME: &'static str = "CreateRole";

    fn build_request(
        input: &CreateRoleInput,
        endpoint: &(impl AsEndpoint + ?Sized),
    ) -> Result<HttpRequest, BuildError> {
        let mut body = String::new();
        let mut form = QueryWriter::new(&mut body, Self::NAME, VERSION);
        form.member("RoleName").string(&input.role_name);
        form.member("AssumeRolePolicyDocument")
            .string(&input.assume_role_policy_document);
        form.finish();
        let mut request = RequestBuilder::new(Method::POST, endpoint, None)?;
        request.push_path("/");
        request.set_header("Content-Type", CONTENT_TYPE)?;
        request.body(body.into_bytes(), false)
    }

    fn parse_response(response: &HttpResponse) -> Result<String, UnhandledError> {
        smithy_rt::operation::parse_response(
            response,
            |response| {
                let body = smithy_rt::response::response_body(response)?;
                let read = read_result(body, Self::NAME, |reader, _| {
                    let mut arn = None;
                    while let Some(member) = reader.next_child()? {
                        if member.local() != "Role" {
                            reader.skip()?;
                            continue;
                        }
                        while let Some(field) = reader.next_child()? {
                            match field.local() {
                                "Arn" => arn = Some(reader.string()?),
                                _ => reader.skip()?,
                            }
                        }
                    }
                    Ok(arn)
                })?;
                read.result
                    .flatten()
                    .ok_or("the CreateRole response has no Role/Arn")
                    .map_err(Into::<Box<dyn std::error::Error + Send + Sync>>::into)
            },
            |response| match error_parts(response) {
                Ok((_, meta)) => UnhandledError::new(meta, response.status().as_u16()),
                Err(unreadable) => unreadable,
            },
        )
    }
}

/// An IAM client for `config` (its endpoint is moto's).
pub fn client(config: Config) -> ServiceClient<HyperTransport> {
    let service = Service {
        id: "com.amazonaws.iam#AWSIdentityManagementV20100508",
        signing_name: Some("iam"),
        sdk_id: Some("IAM"),
        unsigned_operations: &[],
        resolve_endpoint: None,
    };
    let transport = HyperTransport::from_config(&config);
    ServiceClient::new(config, transport, service)
}

/// Creates a role that Lambda may assume and returns its ARN.
pub async fn create_lambda_role(
    iam: &ServiceClient<HyperTransport>,
    name: &str,
) -> Result<String, Error<UnhandledError>> {
    let input = CreateRoleInput {
        role_name: name.to_owned(),
        assume_role_policy_document: LAMBDA_TRUST_POLICY.to_owned(),
    };
    iam.call::<CreateRole>(&input).await
}
