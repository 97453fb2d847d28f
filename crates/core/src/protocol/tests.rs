#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use proptest::prelude::*;

fn every_client_frame() -> Vec<ClientFrame> {
    vec![
        ClientFrame::Hello(Hello {
            v: PROTOCOL_VERSION,
            role: Role::Visitor,
            token: Some("v1.c_abc.sig".into()),
            resume: Some(Resume {
                last_seq: 7,
                epoch: Some("e1".into()),
            }),
        }),
        ClientFrame::Hello(Hello {
            v: 1,
            role: Role::Agent,
            token: None,
            resume: None,
        }),
        ClientFrame::Message {
            id: "m-1".into(),
            text: "Where is my parcel?".into(),
            conversation: None,
            author: Some(Author::Bot),
        },
        ClientFrame::Handover {
            reason: "request".into(),
            explanation: "asked for a person".into(),
        },
        ClientFrame::LeaveMessage {
            id: "m-2".into(),
            text: "call me".into(),
            email: Some("a@b.c".into()),
        },
        ClientFrame::Typing {
            conversation: Some("c_1".into()),
            on: true,
        },
        ClientFrame::Claim {
            conversation: "c_1".into(),
            resume: ClaimResume {
                visitor_seq: 3,
                agent_seq: 1,
                epoch: None,
            },
        },
        ClientFrame::Release {
            conversation: "c_1".into(),
        },
        ClientFrame::Close {
            conversation: "c_1".into(),
        },
        ClientFrame::Ping,
    ]
}

fn sample_entry() -> QueueEntry {
    QueueEntry {
        conversation: "c_1".into(),
        status: QueueStatus::Waiting,
        reason: Some("sentiment".into()),
        explanation: None,
        email: None,
        agent: None,
        preview: "This is the third time".into(),
        created_at: 1,
        updated_at: 2,
        visitor_online: true,
    }
}

fn every_server_frame() -> Vec<ServerFrame> {
    vec![
        ServerFrame::Welcome(Welcome {
            v: 1,
            role: Role::Visitor,
            epoch: "e1".into(),
            epoch_changed: false,
            conversation: Some("c_1".into()),
            token: Some("t".into()),
            resumed: true,
            visitor_seq: 4,
            agents_online: 0,
            agent: None,
            heartbeat_secs: 20,
            max_frame_bytes: 65536,
        }),
        ServerFrame::Ack {
            id: "m-1".into(),
            seq: 1,
            conversation: None,
        },
        ServerFrame::Message(ChatMessage {
            conversation: "c_1".into(),
            seq: 2,
            id: "a-9".into(),
            author: Author::Agent,
            name: Some("Ada".into()),
            text: "Hello!".into(),
            at: 1_700_000_000_000,
        }),
        ServerFrame::Presence { agents_online: 2 },
        ServerFrame::AgentJoined { name: "Ada".into() },
        ServerFrame::AgentLeft { name: "Ada".into() },
        ServerFrame::Closed {
            conversation: "c_1".into(),
        },
        ServerFrame::Typing {
            conversation: None,
            on: false,
        },
        ServerFrame::Queue {
            conversations: vec![sample_entry()],
        },
        ServerFrame::Claimed {
            conversation: "c_1".into(),
            epoch: "e1".into(),
            entry: sample_entry(),
        },
        ServerFrame::Replayed {
            conversation: "c_1".into(),
            count: 3,
        },
        ServerFrame::Pong,
        ServerFrame::Error(ErrorFrame::new(ErrorCode::InvalidText, "too long").about("m-1")),
    ]
}

#[test]
fn every_client_frame_survives_a_round_trip() {
    for frame in every_client_frame() {
        let text = encode(&frame).unwrap();
        assert_eq!(decode_client(&text).unwrap(), frame, "{text}");
    }
}

#[test]
fn every_server_frame_survives_a_round_trip() {
    for frame in every_server_frame() {
        let text = encode(&frame).unwrap();
        assert_eq!(decode_server(&text).unwrap(), frame, "{text}");
    }
}

#[test]
fn the_documented_visitor_hello_decodes() {
    let text = r#"{"type":"hello","v":1,"role":"visitor","token":null,"resume":{"last_seq":0}}"#;
    let ClientFrame::Hello(hello) = decode_client(text).unwrap() else {
        panic!("not a hello")
    };
    assert!(hello.version_supported());
    assert_eq!(hello.token, None);
    assert_eq!(hello.resume.unwrap().last_seq, 0);
}

#[test]
fn a_hello_from_an_unknown_version_decodes_but_is_not_supported() {
    let text = r#"{"type":"hello","v":2,"role":"visitor","token":null,"future_field":[1,2]}"#;
    let ClientFrame::Hello(hello) = decode_client(text).unwrap() else {
        panic!("not a hello")
    };
    assert!(!hello.version_supported());
}

#[test]
fn an_unknown_type_is_told_apart_from_malformed_json() {
    assert_eq!(
        decode_client(r#"{"type":"subscribe","channel":"x"}"#)
            .unwrap_err()
            .code(),
        ErrorCode::UnknownType
    );
    assert_eq!(
        decode_client("{not json").unwrap_err().code(),
        ErrorCode::Malformed
    );
    assert_eq!(
        decode_client(r#"{"text":"no type"}"#).unwrap_err().code(),
        ErrorCode::Malformed
    );
    assert_eq!(
        decode_client(r#"{"type":"message","text":5}"#)
            .unwrap_err()
            .code(),
        ErrorCode::Malformed
    );
}

#[test]
fn error_codes_say_retry_only_in_the_200_range() {
    for code in ErrorCode::ALL {
        assert_eq!(code.retry(), code.number() >= 200, "{code:?}");
        assert_eq!(ErrorCode::from_number(code.number()), Some(code));
    }
}

#[test]
fn close_codes_in_the_4500_range_and_going_away_mean_reconnect() {
    assert!(CloseCode::should_reconnect(CloseCode::GoingAway.number()));
    assert!(CloseCode::should_reconnect(
        CloseCode::SlowConsumer.number()
    ));
    assert!(CloseCode::should_reconnect(4999));
    assert!(!CloseCode::should_reconnect(CloseCode::BadHello.number()));
    assert!(!CloseCode::should_reconnect(CloseCode::Forbidden.number()));
    assert!(!CloseCode::should_reconnect(CloseCode::Normal.number()));
    for code in CloseCode::ALL {
        assert_eq!(CloseCode::from_number(code.number()), Some(code));
    }
}

#[test]
fn message_ids_allow_only_safe_characters() {
    assert!(valid_id("m-1_a.b"));
    assert!(!valid_id(""));
    assert!(!valid_id("with space"));
    assert!(!valid_id(&"x".repeat(MAX_ID_BYTES + 1)));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_the_decoders(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = decode_client(&text);
        let _ = decode_server(&text);
    }

    #[test]
    fn json_shaped_noise_never_panics_the_decoders(
        kind in "[a-z_]{0,12}",
        body in r#"[ -~]{0,200}"#,
    ) {
        let text = format!(r#"{{"type":"{kind}",{body}}}"#);
        let _ = decode_client(&text);
        let _ = decode_server(&text);
    }

    #[test]
    fn chat_messages_round_trip_with_any_text(text in ".{0,200}", seq in 1u64..u64::MAX, id in "[A-Za-z0-9_.-]{1,64}") {
        let frame = ServerFrame::Message(ChatMessage {
            conversation: "c".into(), seq, id, author: Author::Visitor, name: None, text, at: 0,
        });
        let encoded = encode(&frame).unwrap();
        prop_assert_eq!(decode_server(&encoded).unwrap(), frame);
    }
}
