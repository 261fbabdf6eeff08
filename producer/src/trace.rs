//! `event!`: a `tracing` event with feature `tracing`, nothing without it. The fields are
//! evaluated (by reference) either way, so both builds use the same variables.

macro_rules! event {
    ($level:ident, $message:literal $(, $key:ident = $value:expr)* $(,)?) => {{
        #[cfg(feature = "tracing")]
        ::tracing::$level!(target: "firehose_producer", $($key = $value,)* $message);
        #[cfg(not(feature = "tracing"))]
        {
            $(let _ = &$value;)*
        }
    }};
}

pub(crate) use event;
