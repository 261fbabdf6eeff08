//! The retry rules of the standard mode (and the adaptive mode's rate limiting), against a
//! scripted in-memory transport on a paused Tokio clock: waits are exact, tests are instant.

use super::*;
use smithy_rt::retry::ErrorKind;

const UNAVAILABLE: Step = Step::Respond(503, Vec::new(), "");
const OK: Step = Step::Respond(200, Vec::new(), "{}");

fn throttled() -> Step {
    Step::Respond(400, Vec::new(), r#"{"__type":"ThrottlingException"}"#)
}

/// A client over `script` with retry settings `retry` and its own quota `quota`.
fn client(script: &Scripted, retry: RetryConfig, quota: &RetryQuota) -> ServiceClient<Scripted> {
    let config = config().with_retry_config(retry.with_quota(quota.clone()));
    ServiceClient::new(config, script.clone(), SERVICE)
}

async fn call(client: &ServiceClient<Scripted>) -> Result<String, Error<UnhandledError>> {
    client.call::<Echo>(&"x".to_owned()).await
}

/// A call over `script` with the standard settings and a quota of its own.
async fn call_standard(script: &Scripted) -> Result<String, Error<UnhandledError>> {
    call(&client(
        script,
        RetryConfig::standard(),
        &RetryQuota::default(),
    ))
    .await
}

#[tokio::test(start_paused = true)]
async fn transient_errors_are_retried_until_success() {
    let script = Scripted::new([UNAVAILABLE, Step::Respond(500, Vec::new(), ""), OK]);
    let quota = RetryQuota::default();
    let client = client(&script, RetryConfig::standard(), &quota);
    assert_eq!(call(&client).await.unwrap(), "{}");
    assert_eq!(script.attempts(), 3);
    // Two transient retries took 10 tokens each; success gave the last retry's back.
    assert_eq!(quota.available(), 490);
}

#[tokio::test(start_paused = true)]
async fn attempts_stop_at_max_attempts() {
    for (max, expected) in [(1, 1), (2, 2), (3, 3), (5, 5)] {
        let script = Scripted::new([UNAVAILABLE]);
        let quota = RetryQuota::default();
        let retry = RetryConfig::standard().with_max_attempts(max);
        let error = call(&client(&script, retry, &quota)).await.unwrap_err();
        assert_eq!(script.attempts(), expected, "max {max}");
        let Error::Service(e) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(e.status(), 503);
        assert_eq!(error.retry_kind(), Some(ErrorKind::TransientError));
        // A call that fails for good keeps what its retries took.
        assert_eq!(
            quota.available(),
            500 - 10 * (expected as u32 - 1),
            "max {max}"
        );
    }
    // The default is 3, and `disabled` is 1.
    for (retry, expected) in [(RetryConfig::standard(), 3), (RetryConfig::disabled(), 1)] {
        let script = Scripted::new([UNAVAILABLE]);
        call(&client(&script, retry, &RetryQuota::default()))
            .await
            .unwrap_err();
        assert_eq!(script.attempts(), expected);
    }
}

#[tokio::test(start_paused = true)]
async fn a_call_can_retry_as_it_says_instead_of_the_config() {
    let script = Scripted::new([UNAVAILABLE, UNAVAILABLE, OK]);
    let quota = RetryQuota::default();
    let client = client(&script, RetryConfig::standard(), &quota);
    let once = client.config().retry_config().clone().with_max_attempts(1);
    let error = client
        .call_with_retry_config::<Echo>(&"x".to_owned(), &once)
        .await
        .unwrap_err();
    assert!(error.is_retryable(), "{error:?}");
    assert_eq!(script.attempts(), 1);
    // The same client still retries plain calls as its config says, from its own quota.
    assert_eq!(call(&client).await.unwrap(), "{}");
    assert_eq!(script.attempts(), 3);
    // Its one retry took 10 tokens; the success gave them back.
    assert_eq!(quota.available(), 500);
}

#[tokio::test(start_paused = true)]
async fn each_kind_of_error_is_retried_or_not_as_the_sdks_do() {
    use TransportErrorKind::*;
    let cases: Vec<(Step, usize)> = vec![
        (UNAVAILABLE, 3),
        (Step::Respond(502, Vec::new(), ""), 3),
        (Step::Respond(504, Vec::new(), ""), 3),
        (Step::Respond(501, Vec::new(), ""), 1),
        (throttled(), 3),
        (
            Step::Respond(400, Vec::new(), r#"{"__type":"LimitExceededException"}"#),
            3,
        ),
        (
            Step::Respond(400, Vec::new(), r#"{"__type":"RequestTimeout"}"#),
            3,
        ),
        (
            Step::Respond(400, Vec::new(), r#"{"__type":"ValidationException"}"#),
            1,
        ),
        (
            Step::Respond(403, Vec::new(), r#"{"__type":"AccessDeniedException"}"#),
            1,
        ),
        (Step::Respond(429, Vec::new(), ""), 1),
        (Step::Fail(Connect), 3),
        (Step::Fail(Io), 3),
        (Step::Fail(Tls), 1),
        (Step::Fail(InvalidResponse), 1),
        (Step::Fail(ResponseTooLarge), 1),
        (Step::Fail(InvalidRequest), 1),
        (Step::Fail(Setup), 1),
    ];
    for (i, (step, expected)) in cases.into_iter().enumerate() {
        let script = Scripted::new([step]);
        let error = call_standard(&script).await.unwrap_err();
        assert_eq!(script.attempts(), expected, "case {i}: {error:?}");
        assert_eq!(error.is_retryable(), expected > 1, "case {i}: {error:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn throttling_retries_cost_5_tokens_and_transient_ones_10() {
    let quota = RetryQuota::default();
    let script = Scripted::new([throttled()]);
    let error = call(&client(&script, RetryConfig::standard(), &quota))
        .await
        .unwrap_err();
    assert!(error.is_throttling());
    assert_eq!(quota.available(), 490);
    let script = Scripted::new([Step::Fail(TransportErrorKind::Io)]);
    call(&client(&script, RetryConfig::standard(), &quota))
        .await
        .unwrap_err();
    assert_eq!(quota.available(), 470);
    // A success at the first attempt adds 1 token.
    let script = Scripted::new([OK]);
    call(&client(&script, RetryConfig::standard(), &quota))
        .await
        .unwrap();
    assert_eq!(quota.available(), 471);
}

#[tokio::test(start_paused = true)]
async fn an_exhausted_quota_stops_retries_until_calls_succeed() {
    let quota = RetryQuota::new(25);
    let script = Scripted::new([UNAVAILABLE]);
    let client = client(&script, RetryConfig::standard(), &quota);
    // 25 tokens: two transient retries (20), then 5 left.
    call(&client).await.unwrap_err();
    assert_eq!((script.attempts(), quota.available()), (3, 5));
    // 5 < 10: no retry at all.
    call(&client).await.unwrap_err();
    assert_eq!((script.attempts(), quota.available()), (4, 5));
    // A throttling retry costs 5: one more attempt, then the quota is dry.
    let throttling = Scripted::new([throttled()]);
    let other = super::retry::client(&throttling, RetryConfig::standard(), &quota);
    call(&other).await.unwrap_err();
    assert_eq!((throttling.attempts(), quota.available()), (2, 0));
    // Successes refill one token each; 10 of them allow a transient retry again.
    let fine = Scripted::new([OK]);
    let fine = super::retry::client(&fine, RetryConfig::standard(), &quota);
    for _ in 0..10 {
        call(&fine).await.unwrap();
    }
    assert_eq!(quota.available(), 10);
    call(&client).await.unwrap_err();
    assert_eq!((script.attempts(), quota.available()), (6, 0));
}

#[tokio::test(start_paused = true)]
async fn backoff_is_jittered_exponential_and_capped() {
    let retry = RetryConfig::standard()
        .with_max_attempts(6)
        .with_initial_backoff(Duration::from_millis(100))
        .with_max_backoff(Duration::from_millis(500));
    let ceilings = [100, 200, 400, 500, 500].map(Duration::from_millis);
    let quota = RetryQuota::new(u32::MAX);
    let mut totals = [Duration::ZERO; 5];
    let calls = 200;
    for _ in 0..calls {
        let script = Scripted::new([UNAVAILABLE]);
        call(&client(&script, retry.clone(), &quota))
            .await
            .unwrap_err();
        let gaps = script.gaps();
        assert_eq!(gaps.len(), 5);
        for (i, gap) in gaps.iter().enumerate() {
            assert!(*gap <= ceilings[i], "wait {i}: {gap:?} > {:?}", ceilings[i]);
            totals[i] += *gap;
        }
    }
    // Full jitter: uniform in [0, ceiling], so the mean is about half the ceiling.
    for (i, total) in totals.iter().enumerate() {
        let mean = total.as_secs_f64() / f64::from(calls);
        let half = ceilings[i].as_secs_f64() / 2.0;
        assert!(
            (mean - half).abs() < half * 0.2,
            "wait {i}: mean {mean} vs {half}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_wait_the_service_asks_for_is_honoured_up_to_the_max_backoff() {
    let script = Scripted::new([
        Step::Respond(503, vec![("x-amz-retry-after", "1500")], ""),
        Step::Respond(503, vec![("x-amz-retry-after", "600000")], ""),
        OK,
    ]);
    call_standard(&script).await.unwrap();
    assert_eq!(
        script.gaps(),
        [Duration::from_millis(1500), Duration::from_secs(20)]
    );
}

#[tokio::test(start_paused = true)]
async fn every_attempt_sends_the_same_body_bytes_signed_anew() {
    let script = Scripted::new([UNAVAILABLE, Step::Fail(TransportErrorKind::Io), OK]);
    call_standard(&script).await.unwrap();
    let seen = script.seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let first = seen[0].request.body().as_bytes();
    for attempt in seen.iter() {
        let body = attempt.request.body().as_bytes();
        // Built once: every attempt shares the very same bytes.
        assert_eq!(body.as_ptr(), first.as_ptr());
        assert_eq!(body, b"{\"Name\":\"x\"}");
        let auth = attempt.request.headers().get("authorization").unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 "), "{auth}");
        assert_eq!(
            attempt.request.headers().get("x-amz-security-token"),
            Some(TOKEN)
        );
    }
}

#[tokio::test(start_paused = true)]
async fn adaptive_mode_slows_down_after_throttling() {
    let quota = RetryQuota::default();
    // Standard mode: throttling doesn't hold later calls back.
    let script = Scripted::new([throttled(), OK]);
    let standard = client(
        &script,
        RetryConfig::standard().with_max_attempts(1),
        &quota,
    );
    call(&standard).await.unwrap_err();
    let started = tokio::time::Instant::now();
    for _ in 0..3 {
        call(&standard).await.unwrap();
    }
    assert_eq!(started.elapsed(), Duration::ZERO);

    // Adaptive mode: after a throttle the client sends at most the limiter's rate.
    let script = Scripted::new([throttled(), OK]);
    let adaptive = client(
        &script,
        RetryConfig::adaptive().with_max_attempts(1),
        &quota,
    );
    let limiter = adaptive.rate_limiter().clone();
    assert!(!limiter.is_enabled());
    call(&adaptive).await.unwrap_err();
    assert!(limiter.is_enabled());
    assert!(
        limiter.fill_rate() >= 0.5 && limiter.fill_rate() <= 1.0,
        "{}",
        limiter.fill_rate()
    );
    let started = tokio::time::Instant::now();
    for _ in 0..3 {
        call(&adaptive).await.unwrap();
    }
    // Three tokens at no more than one per second.
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn errors_say_whether_a_retry_could_succeed() {
    use TransportErrorKind::*;
    let transport = |kind| Error::<UnhandledError>::Transport(TransportError::new(kind, "x"));
    for (kind, expected) in [
        (Connect, Some(ErrorKind::TransientError)),
        (Io, Some(ErrorKind::TransientError)),
        (Tls, None),
        (InvalidResponse, None),
        (ResponseTooLarge, None),
        (InvalidRequest, None),
        (Setup, None),
    ] {
        assert_eq!(transport(kind).retry_kind(), expected, "{kind:?}");
    }
    let attempt = Error::<UnhandledError>::Timeout {
        after: Duration::from_secs(1),
        kind: TimeoutKind::Attempt,
    };
    assert_eq!(attempt.retry_kind(), Some(ErrorKind::TransientError));
    let operation = Error::<UnhandledError>::Timeout {
        after: Duration::from_secs(1),
        kind: TimeoutKind::Operation,
    };
    assert_eq!(operation.retry_kind(), None);
    let config = Error::<UnhandledError>::Config(ConfigError::MissingEnv { name: "X" });
    assert!(!config.is_retryable() && !config.is_throttling());
}
