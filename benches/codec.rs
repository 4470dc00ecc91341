//! Codec throughput: encode and decode of DT SPDUs carrying 16 KiB of user data, and of the
//! small control SPDUs, each next to a plain memcpy of the same bytes in the same run.
//!
//! ```text
//! cargo bench --bench codec                  # full run (about a minute)
//! BENCH_QUICK=1 cargo bench --bench codec    # short run for CI: keeps the bench from rotting
//! ```
//!
//! Aim (DT, 16 KiB): encode+decode at least half of memcpy's throughput. The encoder copies
//! the user data once into the output (that is the memcpy baseline); the decoder slices it out
//! of the received TSDU without a copy. Each encode+decode is paired with the memcpy that gets
//! its destination the same way:
//!
//! - `encode+decode` / `memcpy`: one output buffer reused for every TSDU;
//! - `encode+decode_alloc` / `memcpy_alloc`: a new output buffer for every TSDU, as the
//!   session machine does (`encode_tsdu_bytes`, the TSDU handed on as `Bytes`);
//! - `session/send+receive` / `session/memcpy_alloc`: the whole data path of the simulation,
//!   an S-DATA request on one machine and the TSDU handled by the other.
//!
//! Every memcpy is memcpy at its best (`memcpy_best`): the aim is not met by a baseline that
//! happens to land where `rep movsb` stalls.
//!
//! Instructions per decode, counted by callgrind rather than timed (exact and repeatable on a
//! busy machine): `DECODE_COUNT=<name>` skips criterion and decodes one fixed TSDU
//! [`native::COUNT`] times inside `count_decodes` (the decoded SPDUs dropped each time, as a
//! receiver drops them), for callgrind to count that function alone. The names are those of
//! `decode_tsdus` (GT+MIP, GT+MIA, FN, AB, CN, AC, GT+RS, GT+DT_16K); `DECODE_COUNT=list` prints
//! them. `cargo build --release` builds the bench with the release profile (the shipped one,
//! opt-level "z"; `cargo bench` would use opt-level 3):
//!
//! ```text
//! CARGO_PROFILE_RELEASE_DEBUG=true cargo build --release --bench codec
//! bin=$(ls -t target/release/deps/codec-* | grep -v '\.d$' | head -n 1)
//! for s in $(DECODE_COUNT=list $bin); do
//!   DECODE_COUNT=$s valgrind -q --tool=callgrind --collect-atstart=no \
//!     --toggle-collect='*count_decodes*' --callgrind-out-file=/tmp/cg.$s $bin
//!   echo "$s $(awk '/^totals:/ {print $2 / 20000}' /tmp/cg.$s)"
//! done
//! ```
//!
//! For opt-level 3, take the binary `CARGO_PROFILE_BENCH_DEBUG=true cargo bench --bench codec
//! --no-run` names. docs/benchmarks.md has the figures.

/// criterion's benches, or with `DECODE_COUNT` set the instruction-count harness.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Ok(name) = std::env::var("DECODE_COUNT") {
        std::process::exit(native::count(&name));
    }
    native::benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}

/// criterion is a native-only dev-dependency: for wasm32 (`cargo clippy --all-targets --target
/// wasm32-unknown-unknown`) this bench is empty.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use bytes::Bytes;
    use criterion::measurement::WallTime;
    use criterion::{criterion_group, BenchmarkGroup, Criterion, Throughput};
    use osi_session::protocol::codec::{
        decode_tsdu, encode_tsdu, encode_tsdu_bytes, encode_tsdu_into, Abort, Accept,
        ConnectAcceptItem, DataTransfer, DecodeContext, Finish, FunctionalUnits, GiveTokens,
        MinorSync, MinorSyncAck, ResyncType, Resynchronize, SerialNumber, Spdu, TokenPosition,
        TokenSet, TokenSetting, TransportDisconnect,
    };
    use osi_session::protocol::machine::{Config, Indication, Output, Request};
    use osi_session::protocol::pair::Pair;

    /// User data of one DT SPDU.
    const DT_LEN: usize = 16 * 1024;

    /// CN as verified in X225.md (decoded here to get the value, and checked to encode back).
    const CN_WIRE: &[u8] = &[
        0x0d, 0x23, 0x05, 0x0c, 0x13, 0x01, 0x00, 0x16, 0x01, 0x02, 0x17, 0x01, 0x31, 0x1a, 0x01,
        0x02, 0x14, 0x02, 0x00, 0x39, 0x33, 0x02, 0x00, 0x01, 0x34, 0x02, 0x00, 0x01, 0xc1, 0x07,
        0x31, 0x05, 0xa0, 0x03, 0x80, 0x01, 0x01,
    ];

    /// `BENCH_QUICK=1`: a short run (CI); otherwise a modest full one (18 functions, ~3 s each).
    fn quick() -> bool {
        std::env::var("BENCH_QUICK").is_ok_and(|v| v == "1")
    }

    fn configure(group: &mut BenchmarkGroup<'_, WallTime>) {
        if quick() {
            group
                .warm_up_time(Duration::from_millis(100))
                .measurement_time(Duration::from_millis(200))
                .sample_size(10);
        } else {
            group
                .warm_up_time(Duration::from_secs(1))
                .measurement_time(Duration::from_secs(2))
                .sample_size(30);
        }
    }

    /// Encodes `spdus` and checks that decoding gives them back, so a broken codec fails the
    /// bench instead of timing error paths.
    fn wire_of(spdus: &[Spdu]) -> Bytes {
        let wire = Bytes::from(encode_tsdu(spdus).expect("encode"));
        let back = decode_tsdu(&wire, DecodeContext::default()).expect("decode");
        assert_eq!(back, spdus, "round trip");
        wire
    }

    /// Sender and receiver in one: encodes into `buf`, hands the buffer to the decoder as `Bytes`
    /// without a copy, decodes, and takes the (emptied) buffer back for the next TSDU.
    fn encode_decode_recycled(spdus: &[Spdu], buf: &mut Vec<u8>, ctx: DecodeContext) {
        buf.clear();
        encode_tsdu_into(spdus, buf).unwrap();
        let tsdu = Bytes::from(std::mem::take(buf));
        black_box(decode_tsdu(&tsdu, ctx).unwrap());
        let mut back = tsdu.try_into_mut().expect("decoded SPDUs dropped");
        back.clear();
        *buf = back.into();
    }

    /// Appends `data` to `out` as memcpy does best: at the offset (0 to 63 octets on) where
    /// the destination has the source's alignment modulo 64. Then `rep movsb` neither pays
    /// for misalignment nor stalls on 4 KiB aliasing (a destination 1 to 63 octets after the
    /// source modulo a page, 2 to 25 times slower), which a buffer placed by the allocator
    /// may hit in one run and not the next: the baseline never flatters the codec.
    fn memcpy_best(out: &mut Vec<u8>, data: &[u8]) {
        let dst = (out.as_ptr() as usize).wrapping_add(out.len());
        let pad = (data.as_ptr() as usize).wrapping_sub(dst) % 64;
        out.resize(out.len() + pad, 0);
        out.extend_from_slice(data);
    }

    /// The memcpy of a new buffer: `data` into a new buffer of `capacity` octets (plus the
    /// room [`memcpy_best`] may skip), freed by the caller.
    fn memcpy_alloc(data: &[u8], capacity: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(capacity + 64);
        memcpy_best(&mut out, data);
        out
    }

    fn data_tsdu(len: usize) -> Vec<Spdu> {
        let user_information: Bytes = (0..len)
            .map(|i| (i * 31 + 7) as u8)
            .collect::<Vec<u8>>()
            .into();
        vec![
            Spdu::GiveTokens(GiveTokens::default()),
            Spdu::DataTransfer(DataTransfer {
                enclosure: None,
                user_information,
            }),
        ]
    }

    fn dt_16k(c: &mut Criterion) {
        let spdus = data_tsdu(DT_LEN);
        let payload = match &spdus[1] {
            Spdu::DataTransfer(dt) => dt.user_information.clone(),
            _ => unreachable!(),
        };
        let wire = wire_of(&spdus);
        let ctx = DecodeContext::default();

        let mut group = c.benchmark_group("dt_16k");
        configure(&mut group);
        // Bytes of user data moved per iteration: the same for every function of the group.
        group.throughput(Throughput::Bytes(DT_LEN as u64));

        // The copy the encoder cannot avoid: the user data into the output buffer, reused.
        let mut buf: Vec<u8> = Vec::with_capacity(wire.len() + 64);
        group.bench_function("memcpy", |b| {
            b.iter(|| {
                buf.clear();
                memcpy_best(&mut buf, black_box(&payload[..]));
                black_box(&buf);
            })
        });

        // The same copy into a new buffer of the TSDU's size, freed after.
        group.bench_function("memcpy_alloc", |b| {
            b.iter(|| black_box(memcpy_alloc(black_box(&payload[..]), wire.len())))
        });

        group.bench_function("encode", |b| {
            b.iter(|| {
                buf.clear();
                encode_tsdu_into(black_box(&spdus), &mut buf).unwrap();
                black_box(&buf);
            })
        });

        group.bench_function("decode", |b| {
            b.iter(|| black_box(decode_tsdu(black_box(&wire), ctx).unwrap()))
        });

        // Encode into a reused buffer, decode it in place, reuse the buffer.
        group.bench_function("encode+decode", |b| {
            b.iter(|| encode_decode_recycled(black_box(&spdus), &mut buf, ctx))
        });

        // A new output buffer for every TSDU, as the machine sends them (`encode_tsdu_bytes`).
        group.bench_function("encode+decode_alloc", |b| {
            b.iter(|| {
                let tsdu = encode_tsdu_bytes(black_box(&spdus)).unwrap();
                black_box(decode_tsdu(&tsdu, ctx).unwrap())
            })
        });

        group.finish();
    }

    fn control_tsdus() -> Vec<(&'static str, Vec<Spdu>)> {
        let gt = || Spdu::GiveTokens(GiveTokens::default());
        let serial = SerialNumber::new(42).expect("valid serial number");
        let cn = decode_tsdu(&Bytes::from_static(CN_WIRE), DecodeContext::default()).expect("CN");
        assert_eq!(encode_tsdu(&cn).expect("CN encodes"), CN_WIRE);
        vec![
            (
                "GT+MIP",
                vec![
                    gt(),
                    Spdu::MinorSync(MinorSync {
                        no_explicit_confirmation: None,
                        serial_number: serial,
                        user_data: None,
                    }),
                ],
            ),
            (
                "GT+MIA",
                vec![
                    gt(),
                    Spdu::MinorSyncAck(MinorSyncAck {
                        serial_number: serial,
                        user_data: None,
                    }),
                ],
            ),
            (
                "FN",
                vec![Spdu::Finish(Finish {
                    transport_disconnect: Some(TransportDisconnect::RELEASED),
                    user_data: None,
                })],
            ),
            (
                "AB",
                vec![Spdu::Abort(Abort {
                    transport_disconnect: Some(
                        TransportDisconnect::RELEASED | TransportDisconnect::USER_ABORT,
                    ),
                    reflect: None,
                    user_data: None,
                })],
            ),
            ("CN", cn),
        ]
    }

    fn control(c: &mut Criterion) {
        let ctx = DecodeContext::default();
        let mut group = c.benchmark_group("control");
        configure(&mut group);
        // One TSDU (one control SPDU, after a GT where X.225 wants one) per iteration.
        group.throughput(Throughput::Elements(1));

        let mut buf: Vec<u8> = Vec::with_capacity(256);
        for (name, spdus) in control_tsdus() {
            let wire = wire_of(&spdus);
            group.bench_function(format!("encode+decode/{name}"), |b| {
                b.iter(|| encode_decode_recycled(black_box(&spdus), &mut buf, ctx))
            });
            group.bench_function(format!("memcpy/{name}_{}B", wire.len()), |b| {
                b.iter(|| {
                    buf.clear();
                    buf.extend_from_slice(black_box(&wire[..]));
                    black_box(&buf);
                })
            });
        }

        group.finish();
    }

    /// The data path of the simulation: an S-DATA request on A, its TSDU handled by B, and
    /// the outputs of both drained (X.225 7.3: GT + DT, delivered as an S-DATA indication).
    fn session(c: &mut Criterion) {
        let units = FunctionalUnits::HALF_DUPLEX;
        let config = Config {
            functional_units: units,
            ..Config::default()
        };
        let pair = Pair::connected(config.clone(), config);
        let (mut a, mut b) = (pair.a, pair.b);
        let payload = match &data_tsdu(DT_LEN)[1] {
            Spdu::DataTransfer(dt) => dt.user_information.clone(),
            _ => unreachable!(),
        };
        let tsdu_len = 4 + DT_LEN;

        let mut group = c.benchmark_group("session");
        configure(&mut group);
        group.throughput(Throughput::Bytes(DT_LEN as u64));
        group.bench_function("memcpy_alloc", |bench| {
            bench.iter(|| black_box(memcpy_alloc(black_box(&payload[..]), tsdu_len)))
        });
        group.bench_function("send+receive", |bench| {
            bench.iter(|| {
                a.handle_request(0, Request::Data(black_box(payload.clone())))
                    .unwrap();
                while let Some(out) = a.poll_output() {
                    if let Output::Transmit { tsdu, .. } = out {
                        b.handle_tsdu(0, tsdu);
                    }
                }
                let mut delivered = 0;
                while let Some(out) = b.poll_output() {
                    if let Output::Indication(Indication::Data(d)) = out {
                        delivered += d.len();
                    }
                }
                assert_eq!(delivered, DT_LEN);
            })
        });
        group.finish();
    }

    criterion_group!(benches, dt_16k, control, session);

    /// Decodes per TSDU in the instruction-count harness (`DECODE_COUNT`).
    pub const COUNT: usize = 20_000;

    /// The TSDUs the count harness decodes: the control TSDUs of the criterion group, AC and
    /// GT + RS, and the data path's GT + DT with 16 KiB.
    fn decode_tsdus() -> Vec<(&'static str, Vec<Spdu>)> {
        let mut tsdus = control_tsdus();
        let cn = match &tsdus.iter().find(|(name, _)| *name == "CN").expect("CN").1[..] {
            [Spdu::Connect(cn)] => cn.clone(),
            _ => unreachable!("CN_WIRE is one CN"),
        };
        let serial = SerialNumber::new(42).expect("valid serial number");
        let setting = TokenSetting::default().with(TokenSet::DATA, TokenPosition::Responder);
        tsdus.push((
            "AC",
            vec![Spdu::Accept(Accept {
                connection_id: None,
                connect_accept: cn.connect_accept.map(|item| ConnectAcceptItem {
                    token_setting: Some(setting),
                    ..item
                }),
                tokens: None,
                functional_units: cn.functional_units,
                calling_selector: None,
                responding_selector: cn.called_selector,
                user_data: cn.user_data,
            })],
        ));
        tsdus.push((
            "GT+RS",
            vec![
                Spdu::GiveTokens(GiveTokens::default()),
                Spdu::Resynchronize(Resynchronize {
                    token_setting: Some(setting),
                    resync_type: ResyncType::Restart,
                    serial_number: serial,
                    user_data: None,
                }),
            ],
        ));
        tsdus.push(("GT+DT_16K", data_tsdu(DT_LEN)));
        tsdus
    }

    /// Decodes `wire` `n` times, dropping what it decodes. Not inlined, so callgrind can
    /// count it alone (`--toggle-collect`).
    #[inline(never)]
    fn count_decodes(wire: &Bytes, n: usize) {
        let ctx = DecodeContext::default();
        for _ in 0..n {
            drop(black_box(decode_tsdu(black_box(wire), ctx)));
        }
    }

    /// The count harness: decodes the TSDU `name` [`COUNT`] times; `list` prints the names.
    /// Returns the exit code.
    pub fn count(name: &str) -> i32 {
        let tsdus = decode_tsdus();
        if name == "list" {
            for (name, _) in &tsdus {
                println!("{name}");
            }
            return 0;
        }
        let Some((_, spdus)) = tsdus.iter().find(|(n, _)| *n == name) else {
            eprintln!("DECODE_COUNT: no TSDU {name:?}; DECODE_COUNT=list names them");
            return 2;
        };
        count_decodes(&wire_of(spdus), COUNT);
        0
    }
}
