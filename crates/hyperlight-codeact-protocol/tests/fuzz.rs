//! Property tests (bounded fuzzing) of every decoder the host runs on guest bytes: arbitrary
//! input must give a value or an error, never a panic, and encoded values must round-trip.

use hyperlight_codeact_protocol::{
    Decoder, Item, RunRequest, RunResponse, ToolCall, ToolCancelRequest, ToolReply, ToolWait, ToolWaitReply, Value,
};
use proptest::prelude::*;

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        "-?[1-9][0-9]{19,40}".prop_map(Value::BigInt),
        any::<f64>().prop_filter("NaN never equals itself", |f| !f.is_nan()).prop_map(Value::Float),
        ".{0,20}".prop_map(Value::Str),
        prop::collection::vec(any::<u8>(), 0..32).prop_map(Value::Bytes),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::List),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..8).prop_map(Value::Dict),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn decoders_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = RunRequest::decode(&bytes);
        let _ = RunResponse::decode(&bytes);
        let _ = ToolCall::decode(&bytes);
        let _ = ToolReply::decode(&bytes);
        let _ = Value::decode(&bytes);
        let _ = ToolWait::decode(&bytes);
        let _ = ToolWaitReply::decode(&bytes);
        let _ = ToolCancelRequest::decode(&bytes);
        // The streaming reader the guest's C uses: every read ends in a value head or an error.
        let mut r = Decoder::new(&bytes);
        let _ = r.clone().reply();
        while let Ok(item) = r.item() {
            if let Item::Dict(_) = item {
                let _ = r.key();
            }
        }
    }

    #[test]
    fn values_round_trip(v in value()) {
        prop_assert_eq!(Value::decode(&v.encode()).unwrap(), v.clone());
        let call = ToolCall { name: "t".into(), args: vec![("a".into(), v.clone())] };
        prop_assert_eq!(ToolCall::decode(&call.encode()).unwrap(), call);
        let reply = ToolReply::Ok(v);
        prop_assert_eq!(ToolReply::decode(&reply.encode()).unwrap(), reply);
    }

    #[test]
    fn corrupted_messages_are_errors_or_values(v in value(), flip in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut bytes = v.encode();
        let i = flip.index(bytes.len());
        bytes[i] = byte;
        let _ = Value::decode(&bytes);
    }
}
