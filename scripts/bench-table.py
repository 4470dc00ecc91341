#!/usr/bin/env python3
"""Reads what scripts/bench measured (OUT/raw/...) and writes one table: OUT/results.json,
OUT/results.md, and the markdown on stdout. Computes; never measures. A part that was not
measured in this run is left out of the table and listed under "not measured".
Usage: scripts/bench-table.py OUT_DIR"""
import json
import os
import re
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
raw = os.path.join(out, "raw")
rows = []
missing = []


def row(section, measure, value, baseline="", ratio=None, note=""):
    rows.append({"section": section, "measure": measure, "value": value,
                 "baseline": baseline, "ratio": ratio, "note": note})


def load(name):
    path = os.path.join(raw, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def rate(bytes_per_s):
    for unit, size in (("GiB/s", 2**30), ("MiB/s", 2**20), ("KiB/s", 2**10)):
        if bytes_per_s >= size:
            return "%.2f %s" % (bytes_per_s / size, unit)
    return "%.0f B/s" % bytes_per_s


def dur(seconds):
    if seconds >= 1:
        return "%.2f s" % seconds
    if seconds >= 1e-3:
        return "%.1f ms" % (seconds * 1e3)
    if seconds >= 1e-6:
        return "%.2f µs" % (seconds * 1e6)
    return "%.1f ns" % (seconds * 1e9)


def size(n):
    for unit, s in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= s:
            return "%.1f %s" % (n / s, unit)
    return "%d B" % n


# 1. The codec: every criterion benchmark of this run, and its ratio to the memcpy of its group.
def codec():
    root = os.path.join(raw, "criterion")
    found = {}
    for dirpath, _, files in os.walk(root):
        if dirpath.endswith(os.sep + "new") and "estimates.json" in files:
            with open(os.path.join(dirpath, "benchmark.json")) as f:
                bench = json.load(f)
            with open(os.path.join(dirpath, "estimates.json")) as f:
                ns = json.load(f)["mean"]["point_estimate"]
            found[bench["full_id"]] = (bench.get("group_id") or bench["full_id"].split("/")[0],
                                       ns, bench.get("throughput") or {})
    if not found:
        missing.append("1. SPDU codec (no criterion results)")
        return

    def per_second(ns, tp):
        if "Bytes" in tp:
            return tp["Bytes"] / ns * 1e9, rate(tp["Bytes"] / ns * 1e9)
        if "Elements" in tp:
            return tp["Elements"] / ns * 1e9, "%.2f M/s" % (tp["Elements"] / ns * 1e3)
        return None, ""

    def key(full_id):
        # The last part of an id without a trailing size: "memcpy/GT+MIP_12B" -> "GT+MIP".
        return re.sub(r"_\d+B$", "", full_id.split("/")[-1])

    for name in sorted(found):
        group, ns, tp = found[name]
        speed, shown = per_second(ns, tp)
        value = "%s per iteration%s" % (dur(ns / 1e9), ", " + shown if shown else "")
        baseline, ratio = "", None
        if "memcpy" not in name.split("/", 1)[-1]:
            copies = [i for i in found if found[i][0] == group and "memcpy" in i.split("/", 1)[-1]]
            match = copies if len(copies) == 1 else [i for i in copies if key(i) == key(name)]
            if not match:
                # dt_16k/encode+decode_alloc -> dt_16k/memcpy_alloc; dt_16k/encode -> dt_16k/memcpy.
                suffix = "_alloc" if name.endswith("_alloc") else ""
                match = [i for i in copies if i.split("/")[-1] == "memcpy" + suffix]
            if len(match) == 1:
                _, mns, mtp = found[match[0]]
                mspeed, mshown = per_second(mns, mtp)
                if speed and mspeed and tp.keys() == mtp.keys():
                    baseline, ratio = "%s (%s)" % (match[0], mshown), speed / mspeed
                else:
                    baseline, ratio = "%s (%s)" % (match[0], dur(mns / 1e9)), mns / ns
        row("1. SPDU codec", name, value, baseline, ratio)


# 2. The simulated 1 GiB transfer: native, wasm under Node, memcpy; peak memory 1 GiB vs 4 GiB.
def simulation():
    native = load("sim-native.json")
    if native is None:
        missing.append("2. Simulation (no sim-native.json)")
        return
    big = native["runs"][0]
    label = size(big["file_size"])
    speed = big["payload_sent"] / big["seconds"]
    mspeed = native["memcpy"]["bytes"] / native["memcpy"]["seconds"]
    sec = "2. Simulation"
    row(sec, "%s transfer, native (%s): wall time" % (label, native["profile"]), dur(big["seconds"]),
        note="best of %d; the whole process: session-sim run FILE --format json --trace-limit 10000" % big["repeats"])
    row(sec, "%s transfer, native: payload octets per second" % label, rate(speed),
        "memcpy of %s, native: %s" % (size(native["memcpy"]["bytes"]), rate(mspeed)), speed / mspeed,
        note=native["memcpy"]["method"])
    wasm = load("sim-wasm.json")
    if wasm is None:
        missing.append("2. Simulation in wasm under Node (no sim-wasm.json)")
    else:
        wspeed = wasm["payload_sent"] / wasm["seconds"]
        wm = wasm["memcpy"]["bytes"] / wasm["memcpy"]["seconds"]
        row(sec, "%s transfer, wasm in Node %s (%s): payload octets per second" % (
            size(wasm["file_size"]), wasm["node"], wasm["profile"]), rate(wspeed),
            "memcpy of %s, wasm: %s" % (size(wasm["memcpy"]["bytes"]), rate(wm)), wspeed / wm,
            note="best of %d; one call of run_scenario (the run, its trace and summaries as JSON); %s"
            % (wasm["repeats"], wasm["memcpy"]["method"]))
        if wasm["file_size"] == big["file_size"]:
            row(sec, "wasm / native, simulation speed", "%.2f" % (wspeed / speed), "native", wspeed / speed)
            row(sec, "wasm / native, memcpy speed", "%.2f" % (wm / mspeed), "native", wm / mspeed)
    for r in native["runs"]:
        row(sec, "peak memory, %s transfer (max RSS)" % size(r["file_size"]), size(r["max_rss_kb"] * 1024),
            note="/usr/bin/time -v")
    if len(native["runs"]) > 1:
        a, b = native["runs"][0], native["runs"][-1]
        row(sec, "peak memory %s / %s" % (size(b["file_size"]), size(a["file_size"])),
            "%.2f" % (b["max_rss_kb"] / a["max_rss_kb"]), size(a["file_size"]), b["max_rss_kb"] / a["max_rss_kb"])


# 3. Resume efficiency, from the trace: octets sent again after each break / octets at risk.
def resume():
    runs = load("resume.json")
    if runs is None:
        missing.append("3. Resume efficiency (no resume.json)")
        return
    for name, path in runs:
        with open(path) as f:
            doc = json.load(f)
        rec = "on" if all(s.get("recovery", True) for s in doc["scenario"]["sessions"]) else "off"
        at_risk = resent = breaks = 0
        cursor = high = 0  # per the one transfer: the next file offset A sends, the highest sent
        for e in doc["trace"]["events"]:
            k = e["kind"]
            if k == "spdu" and e["from"] == "A" and e["spdu"] == "DT":
                cursor += e["len"] - e["header_len"]
                high = max(high, cursor)
            elif k == "break":
                breaks += 1
                at_risk += e.get("at_risk", 0)
            elif k in ("resume", "restart"):
                cursor = e["offset"] if k == "resume" else 0
                resent += high - cursor
        claimed = sum(s["payload_resent"] for s in doc["summaries"])
        note = "%d break(s); summaries' payload_resent %s" % (
            breaks, "agrees" if claimed == resent else "says %d" % claimed)
        row("3. Resume efficiency", "%s, recovery %s: octets sent again / octets since last confirmed sync point"
            % (name, rec), "%s / %s" % (size(resent), size(at_risk)), "1.0 is the least possible",
            resent / at_risk if at_risk else None, note)


# 4. Protocol overhead: session-protocol octets / payload octets, per sync interval.
def overhead():
    runs = load("overhead.json")
    if runs is None:
        missing.append("4. Protocol overhead (no overhead.json)")
        return
    for every, path in runs:
        with open(path) as f:
            doc = json.load(f)
        s = doc["summaries"][0]
        size_ = doc["scenario"]["sessions"][0]["app"]["file_transfer"]["size"]
        row("4. Protocol overhead", "%s transfer, minor sync every %s: protocol_bytes / payload_sent"
            % (size(size_), size(every)), "%d / %d" % (s["protocol_bytes"], s["payload_sent"]),
            "", s["protocol_bytes"] / s["payload_sent"], "%.4f%%" % (100 * s["protocol_bytes"] / s["payload_sent"]))


# 5. Bundle: the shipped wasm and JS, raw, gzip -9, brotli -q 11, against a minimal yew counter.
def bundle():
    b = load("bundle.json")
    if b is None:
        missing.append("5. Bundle (no bundle.json)")
        return
    totals = {app: [sum(f[k] for f in files) for k in ("raw", "gzip", "brotli")] for app, files in b.items()}
    for app, files in b.items():
        for f in files:
            row("5. Bundle", "%s: %s" % (app, f["file"]), "%s raw, %s gzip -9, %s brotli -q 11" % (
                size(f["raw"]), size(f["gzip"]), size(f["brotli"])))
    p = totals.get("playground")
    c = totals.get("counter")
    if p:
        for i, how in enumerate(("raw", "gzip -9", "brotli -q 11")):
            if c:
                row("5. Bundle", "playground / counter, wasm + js, %s" % how, "%s / %s" % (size(p[i]), size(c[i])),
                    "minimal yew 0.23 counter", p[i] / c[i])
            else:
                row("5. Bundle", "playground, wasm + js, %s" % how, size(p[i]))
    if not c:
        missing.append("5. Bundle: the minimal yew counter app (not built in this run)")
    # The floor: the counter plus the simulation the page runs, with none of its views.
    f = totals.get("floor")
    if f and c:
        for i, how in enumerate(("raw", "gzip -9", "brotli -q 11")):
            row("5. Bundle", "floor (counter + simulation, no views) / counter, wasm + js, %s" % how,
                "%s / %s" % (size(f[i]), size(c[i])), "minimal yew 0.23 counter", f[i] / c[i])
        if p:
            row("5. Bundle", "playground / floor, wasm + js, gzip -9", "%s / %s" % (size(p[1]), size(f[1])),
                "counter + simulation, no views", p[1] / f[1], "what the views and the page's other parts add")


# 6. The page in headless Chromium.

def work_rows(sec, b, small, big, key, what, drawn):
    """The main thread's work for an interaction, for both runs, and their ratio."""
    if key not in small:
        return
    for r in (small, big):
        row(sec, "main-thread work for %s, %d SPDUs" % (what, r["spdus"]), dur(r[key] / 1e3),
            note="median of %d x 3, the page quiet first: script, style and layout up to two frames on (%s)"
            % (b["repeats"], drawn))
    row(sec, "work for %s, %d / %d SPDUs" % (what, big["spdus"], small["spdus"]),
        "%.2f" % (big[key] / small[key]), "%d SPDUs" % small["spdus"], big[key] / small[key])

def browser():
    b = load("browser.json")
    if b is None:
        missing.append("6. Browser (no browser.json)")
        return
    sec = "6. Browser (headless Chromium %s)" % b.get("chromium", "")
    row(sec, "navigation to a usable page (\"Start session\" enabled)", dur(b["first_usable_ms"] / 1e3),
        note="median of %d" % b["repeats"])
    t = b.get("throttled")
    if t:
        net = t["network"]
        how = "%.1f Mbit/s down, %d ms round trip, CPU %dx slower" % (
            net["downloadThroughput"] * 8 / 1e6, net["latency"], t["cpu_slowdown"])
        for enc, name in (("gzip", "gzip"), ("br", "brotli")):
            row(sec, "navigation to a usable page, throttled (%s), the site served %s" % (how, name),
                dur(t[enc]["ms"] / 1e3),
                note="median of %d; %s over the network" % (t[enc]["repeats"], size(t[enc]["octets"])))
        row(sec, "throttled navigation, brotli / gzip", "%.2f" % (t["br"]["ms"] / t["gzip"]["ms"]), "gzip",
            t["br"]["ms"] / t["gzip"]["ms"])
    small, big = b["runs"]["small"], b["runs"]["large"]
    for r in (small, big):
        row(sec, "timeline of %d SPDUs (%d arrows drawn): navigation to the run played at Speed %s, drawn, ended"
            % (r["spdus"], r["arrows"], r["speed"]),
            dur(r["render_ms"] / 1e3), note="median of %d" % b["repeats"])
    row(sec, "render time, %d / %d SPDUs" % (big["spdus"], small["spdus"]), "%.2f" % (big["render_ms"] / small["render_ms"]),
        "%d SPDUs" % small["spdus"], big["render_ms"] / small["render_ms"])
    for r in (small, big):
        row(sec, "drawing the diagram from nothing (table to diagram), %d SPDUs" % r["spdus"], dur(r["draw_ms"] / 1e3),
            note="median of %d x 3: click to the next frame" % b["repeats"])
    row(sec, "drawing, %d / %d SPDUs" % (big["spdus"], small["spdus"]), "%.2f" % (big["draw_ms"] / small["draw_ms"]),
        "%d SPDUs" % small["spdus"], big["draw_ms"] / small["draw_ms"])
    work_rows(sec, b, small, big, "draw_work_ms", "drawing from the table",
              "the table's page of rows removed, the diagram drawn")
    if "select_ms" in small:
        for r in (small, big):
            row(sec, "drawing the diagram from nothing (selecting its session), %d SPDUs" % r["spdus"],
                dur(r["select_ms"] / 1e3), note="median of %d x 3: click on the session's name to the next frame, from a one-call RPC session's timeline" % b["repeats"])
        row(sec, "drawing on selecting, %d / %d SPDUs" % (big["spdus"], small["spdus"]),
            "%.2f" % (big["select_ms"] / small["select_ms"]), "%d SPDUs" % small["spdus"], big["select_ms"] / small["select_ms"])
        work_rows(sec, b, small, big, "select_work_ms", "drawing on selecting", "the diagram drawn")
    for r in (small, big):
        row(sec, "re-render after \"Zoom in\", %d SPDUs" % r["spdus"], dur(r["zoom_ms"] / 1e3),
            note="median of %d x 3: click to the next frame" % b["repeats"])
    row(sec, "re-render, %d / %d SPDUs" % (big["spdus"], small["spdus"]), "%.2f" % (big["zoom_ms"] / small["zoom_ms"]),
        "%d SPDUs" % small["spdus"], big["zoom_ms"] / small["zoom_ms"])
    work_rows(sec, b, small, big, "zoom_work_ms", "\"Zoom in\"", "the margin drawn")
    if "break_halfway_ms" in b:
        row(sec, "\"Break transfer\" on the 20 MB run paused halfway: click to the next frame",
            dur(b["break_halfway_ms"] / 1e3), note="median of %d; the action is added to the run as it is" % b["repeats"])
    if "compare" in b:
        c = b["compare"]
        row(sec, "two timelines side by side (Compare with TCP/IP today), table to diagrams",
            dur(c["two_ms"] / 1e3), note="median of %d x 3: click to the next frame" % b["repeats"])
        row(sec, "work for two timelines against one", "%.2f" % (c["two_work_ms"] / c["one_work_ms"]),
            "one timeline, %s" % dur(c["one_work_ms"] / 1e3), c["two_work_ms"] / c["one_work_ms"])
    s = b["scrub"]
    row(sec, "scrubbing \"Time\" through %d SPDUs: median frame" % big["spdus"], dur(s["median_ms"] / 1e3),
        note="%d steps, %d frames" % (s["steps"], s["frames"]))
    row(sec, "scrubbing \"Time\": worst frame", dur(s["worst_ms"] / 1e3), "median frame", s["worst_ms"] / s["median_ms"])


# 7. Load: 1,000 sessions in one world, against each session run alone.
def load_test():
    l = load("load.json")
    if l is None:
        missing.append("7. Load (no load.json)")
        return
    n = l["sessions"]
    row("7. Load", "%d sessions in one world: wall time" % n, dur(l["world_seconds"]),
        "each alone, summed (one session's mean x %d): %s" % (n, dur(l["alone_seconds"])),
        l["world_seconds"] / l["alone_seconds"], "%s; %d released of %d" % (l["apps"], l["released"], n))
    row("7. Load", "peak memory of the %d-session world (VmHWM)" % n, size(l["peak_rss_kb"] * 1024),
        "one session alone: %s" % size(l["alone_peak_rss_kb"] * 1024) if l.get("alone_peak_rss_kb") else "")


# 8. The two stacks: octets sent again and time to finish for the same break, TCP/IP against
# OSI; protocol octets above the transport per payload octet on each.
def stacks():
    runs = load("stacks.json")
    if runs is None:
        missing.append("8. Stacks (no stacks.json)")
        return
    by = {}
    for tag, stack, path in runs:
        with open(path) as f:
            by[(tag, stack)] = json.load(f)["summaries"][0]
    for tag in sorted({t for t, _ in by}):
        osi, tcp = by.get((tag, "osi")), by.get((tag, "tcpip"))
        if not osi or not tcp:
            continue
        if tag.endswith("overhead"):
            for stack, s in (("osi", osi), ("tcpip", tcp)):
                row("8. Stacks", "%s, transfer without breaks: protocol_bytes / payload_sent" % stack,
                    "%d / %d" % (s["protocol_bytes"], s["payload_sent"]), "", s["protocol_bytes"] / s["payload_sent"],
                    "%.4f%%" % (100 * s["protocol_bytes"] / s["payload_sent"]))
            continue
        row("8. Stacks", "%s: octets sent again, tcpip / osi" % tag,
            "%s / %s" % (size(tcp["payload_resent"]), size(osi["payload_resent"])), "OSI session layer",
            tcp["payload_resent"] / osi["payload_resent"] if osi["payload_resent"] else None)
        row("8. Stacks", "%s: time to finish, tcpip / osi" % tag,
            "%s / %s" % (dur(tcp["ended_at"] / 1e6), dur(osi["ended_at"] / 1e6)), "OSI session layer",
            tcp["ended_at"] / osi["ended_at"])



# 9. The session protocol over real TCP: send over loopback against a plain TCP copy.
def real_tcp():
    t = load("tcp.json")
    if t is None:
        missing.append("9. Real TCP (no tcp.json)")
        return
    sec, n = "9. Real TCP", t["size"]
    best = "best of %d; " % t["repeats"] if t["repeats"] > 1 else ""
    row(sec, "send over loopback, %s, sync every %s: throughput" % (size(n), size(t["sync_every"])),
        rate(n / t["send_seconds"]), "plain TCP copy: %s" % rate(n / t["plain_seconds"]),
        t["send_seconds"] / t["plain_seconds"], best + "ratio of times; connect to the file written")
    row(sec, "the same through a proxy, no cut", rate(n / t["proxy_seconds"]),
        "direct: %s" % rate(n / t["send_seconds"]), t["proxy_seconds"] / t["send_seconds"], "ratio of times")
    row(sec, "the same with the first connection cut at %s: throughput" % size(t["cut_at"]),
        rate(n / t["cut_seconds"]), "no cut: %s" % rate(n / t["proxy_seconds"]),
        t["cut_seconds"] / t["proxy_seconds"], "resumed with AR; %s sent again" % size(t["cut_sent_again"]))
    for r in t["resend"]:
        row(sec, "octets sent again at a cut, sync every %s" % size(r["sync_every"]), size(r["sent_again"]),
            "the sync interval", r["sent_again"] / r["sync_every"], "at most 4 points unconfirmed")


for part in (codec, simulation, resume, overhead, bundle, browser, load_test, stacks, real_tcp):
    part()

meta = load("meta.json") or {}
doc = {"meta": meta, "rows": rows, "not_measured": missing}
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(doc, f, indent=1)

lines = ["# scripts/bench%s" % (" --quick" if meta.get("quick") else ""), ""]
for k in ("date", "machine", "cpu", "rustc", "commit"):
    if k in meta:
        lines.append("- %s: %s" % (k, meta[k]))
lines += ["", "| row | measure | value | compared with | ratio | note |", "|---|---|---|---|---|---|"]
for r in rows:
    ratio = "" if r["ratio"] is None else "%.3g" % r["ratio"]
    lines.append("| %s | %s | %s | %s | %s | %s |" % (r["section"], r["measure"], r["value"], r["baseline"], ratio, r["note"]))
if missing:
    lines += ["", "Not measured in this run: " + "; ".join(missing) + "."]
text = "\n".join(lines) + "\n"
with open(os.path.join(out, "results.md"), "w") as f:
    f.write(text)
print(text, end="")
