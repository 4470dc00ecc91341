//! The rows of X.225 clause 8's parameter tables, one per SPDU the codec implements.

use super::*;

fn ud() -> Option<Bytes> {
    Some(b("ud"))
}

fn row(
    kind: SpduKind,
    clause: &'static str,
    params: &'static [(u8, bool)],
    full: Spdu,
    bare: Spdu,
) -> Row {
    Row {
        kind,
        clause,
        params,
        full,
        bare,
    }
}

/// A row for an SPDU whose only parameter is an optional User Data (PGI 193).
fn data_only(kind: SpduKind, clause: &'static str, f: fn(Option<Bytes>) -> Spdu) -> Row {
    row(kind, clause, &[(193, O)], f(ud()), f(None))
}

pub fn rows() -> Vec<Row> {
    use SpduKind as K;
    let mut rows = vec![
        row(
            K::CN,
            "8.3.1",
            &[(1, O), (5, O), (20, O), (51, O), (52, O), (193, O)],
            Spdu::Connect(Connect {
                connection_id: conn_id(),
                connect_accept: Some(item()),
                functional_units: Some(FunctionalUnits::DEFAULT),
                calling_selector: Some(b("s1")),
                called_selector: Some(b("s2")),
                user_data: ud(),
            }),
            Spdu::Connect(Connect::default()),
        ),
        row(
            K::AC,
            "8.3.2",
            &[(1, O), (5, O), (16, O), (20, O), (51, O), (52, O), (193, O)],
            Spdu::Accept(Accept {
                connection_id: conn_id(),
                connect_accept: Some(item()),
                tokens: Some(TokenSet::DATA),
                functional_units: Some(FunctionalUnits::DEFAULT),
                calling_selector: Some(b("s1")),
                responding_selector: Some(b("s2")),
                user_data: ud(),
            }),
            Spdu::Accept(Accept::default()),
        ),
        row(
            K::RF,
            "8.3.3",
            &[(1, O), (17, O), (20, O), (22, O), (50, O)],
            Spdu::Refuse(Refuse {
                connection_id: conn_id(),
                transport_disconnect: Some(TransportDisconnect::RELEASED),
                functional_units: Some(FunctionalUnits::DEFAULT),
                version: Some(Version::V2),
                reason: Some(RefuseReason::REJECTED_BY_USER),
                reason_user_data: b("no"),
            }),
            Spdu::Refuse(Refuse::default()),
        ),
        row(
            K::FN,
            "8.3.4",
            &[(17, O), (193, O)],
            Spdu::Finish(Finish {
                transport_disconnect: Some(TransportDisconnect::RELEASED),
                user_data: ud(),
            }),
            Spdu::Finish(Finish::default()),
        ),
        data_only(K::DN, "8.3.5", |user_data| {
            Spdu::Disconnect(Disconnect { user_data })
        }),
        data_only(K::NF, "8.3.6", |user_data| {
            Spdu::NotFinished(NotFinished { user_data })
        }),
        row(
            K::AB,
            "8.3.7",
            &[(17, O), (49, O), (193, O)],
            Spdu::Abort(Abort {
                transport_disconnect: Some(TransportDisconnect::RELEASED),
                reflect: Some(b("r")),
                user_data: ud(),
            }),
            Spdu::Abort(Abort::default()),
        ),
        row(K::AA, "8.3.8", &[], Spdu::AbortAccept, Spdu::AbortAccept),
        row(
            K::DT,
            "8.3.9",
            &[(25, O)],
            Spdu::DataTransfer(DataTransfer {
                enclosure: Some(Enclosure::BEGIN),
                user_information: b("x"),
            }),
            Spdu::DataTransfer(DataTransfer {
                enclosure: None,
                user_information: b("x"),
            }),
        ),
        row(K::EX, "8.3.10", &[], ex(), ex()),
        row(
            K::TD,
            "8.3.11",
            &[(25, O)],
            Spdu::TypedData(TypedData {
                enclosure: Some(Enclosure::END),
                user_information: b("\x01t"),
            }),
            Spdu::TypedData(TypedData {
                enclosure: None,
                user_information: b("\x01t"),
            }),
        ),
        row(
            K::GT,
            "8.3.14",
            &[(16, O), (193, O)],
            Spdu::GiveTokens(GiveTokens {
                tokens: Some(TokenSet::DATA),
                user_data: ud(),
            }),
            Spdu::GiveTokens(GiveTokens::default()),
        ),
        row(
            K::PT,
            "8.3.15",
            &[(16, O), (193, O)],
            Spdu::PleaseTokens(PleaseTokens {
                tokens: Some(TokenSet::DATA),
                user_data: ud(),
            }),
            Spdu::PleaseTokens(PleaseTokens::default()),
        ),
        row(
            K::GTC,
            "8.3.16",
            &[],
            Spdu::GiveTokensConfirm,
            Spdu::GiveTokensConfirm,
        ),
        row(
            K::GTA,
            "8.3.17",
            &[],
            Spdu::GiveTokensAck,
            Spdu::GiveTokensAck,
        ),
    ];
    rows.extend(sync_rows());
    rows.extend(activity_rows());
    rows
}

fn ex() -> Spdu {
    Spdu::Expedited(Expedited {
        user_information: b("\x01x"),
    })
}

fn sync_rows() -> Vec<Row> {
    use SpduKind as K;
    let serial = |s: fn(SerialNumber, Option<Bytes>) -> Spdu| (s(sn(3), ud()), s(sn(3), None));
    let (maa, maa0) = serial(|serial_number, user_data| {
        Spdu::MajorSyncAck(MajorSyncAck {
            serial_number,
            user_data,
        })
    });
    let (aea, aea0) = serial(|serial_number, user_data| {
        Spdu::ActivityEndAck(ActivityEndAck {
            serial_number,
            user_data,
        })
    });
    vec![
        row(
            K::MIP,
            "8.3.18",
            &[(15, O), (42, M), (193, O)],
            Spdu::MinorSync(MinorSync {
                no_explicit_confirmation: Some(true),
                serial_number: sn(3),
                user_data: ud(),
            }),
            Spdu::MinorSync(MinorSync {
                serial_number: sn(3),
                ..MinorSync::default()
            }),
        ),
        row(
            K::MIA,
            "8.3.19",
            &[(42, M), (46, O)],
            Spdu::MinorSyncAck(MinorSyncAck {
                serial_number: sn(3),
                user_data: ud(),
            }),
            Spdu::MinorSyncAck(MinorSyncAck {
                serial_number: sn(3),
                user_data: None,
            }),
        ),
        row(
            K::MAP,
            "8.3.20",
            &[(15, M), (42, M), (193, O)],
            Spdu::MajorSync(MajorSync {
                serial_number: sn(3),
                user_data: ud(),
            }),
            Spdu::MajorSync(MajorSync {
                serial_number: sn(3),
                user_data: None,
            }),
        ),
        row(K::MAA, "8.3.21", &[(42, M), (193, O)], maa, maa0),
        row(
            K::RS,
            "8.3.22",
            &[(26, O), (27, M), (42, M), (193, O)],
            Spdu::Resynchronize(Resynchronize {
                token_setting: Some(TokenSetting::default()),
                resync_type: ResyncType::Set,
                serial_number: sn(3),
                user_data: ud(),
            }),
            Spdu::Resynchronize(Resynchronize {
                token_setting: None,
                resync_type: ResyncType::Set,
                serial_number: sn(3),
                user_data: None,
            }),
        ),
        row(
            K::RA,
            "8.3.23",
            &[(26, O), (42, M), (193, O)],
            Spdu::ResynchronizeAck(ResynchronizeAck {
                token_setting: Some(TokenSetting::default()),
                serial_number: sn(3),
                user_data: ud(),
            }),
            Spdu::ResynchronizeAck(ResynchronizeAck {
                serial_number: sn(3),
                ..ResynchronizeAck::default()
            }),
        ),
        row(K::AEA, "8.3.34", &[(42, M), (193, O)], aea, aea0),
    ]
}

fn activity_rows() -> Vec<Row> {
    use SpduKind as K;
    let reason = Some(ActivityReason::UNABLE_TO_CONTINUE);
    vec![
        row(
            K::AS,
            "8.3.27",
            &[(41, M), (193, O)],
            Spdu::ActivityStart(ActivityStart {
                activity_id: b("a1"),
                user_data: ud(),
            }),
            Spdu::ActivityStart(ActivityStart {
                activity_id: b("a1"),
                user_data: None,
            }),
        ),
        row(
            K::AR,
            "8.3.28",
            &[(33, M), (41, M), (193, O)],
            Spdu::ActivityResume(ActivityResume {
                linking: linking(),
                activity_id: b("a2"),
                user_data: ud(),
            }),
            Spdu::ActivityResume(ActivityResume {
                linking: LinkingInformation {
                    old_activity_id: b("old"),
                    serial_number: sn(4),
                    ..LinkingInformation::default()
                },
                activity_id: b("a2"),
                user_data: None,
            }),
        ),
        row(
            K::AI,
            "8.3.29",
            &[(50, O)],
            Spdu::ActivityInterrupt(ActivityInterrupt { reason }),
            Spdu::ActivityInterrupt(ActivityInterrupt::default()),
        ),
        row(
            K::AIA,
            "8.3.30",
            &[],
            Spdu::ActivityInterruptAck,
            Spdu::ActivityInterruptAck,
        ),
        row(
            K::AD,
            "8.3.31",
            &[(50, O)],
            Spdu::ActivityDiscard(ActivityDiscard { reason }),
            Spdu::ActivityDiscard(ActivityDiscard::default()),
        ),
        row(
            K::ADA,
            "8.3.32",
            &[],
            Spdu::ActivityDiscardAck,
            Spdu::ActivityDiscardAck,
        ),
        row(
            K::AE,
            "8.3.33",
            &[(15, O), (42, M), (193, O)],
            Spdu::ActivityEnd(ActivityEnd {
                sync_type_item: true,
                serial_number: sn(3),
                user_data: ud(),
            }),
            Spdu::ActivityEnd(ActivityEnd {
                sync_type_item: false,
                serial_number: sn(3),
                user_data: None,
            }),
        ),
    ]
}
