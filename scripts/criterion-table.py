#!/usr/bin/env python3
"""Prints the mean time and throughput of every criterion benchmark under target/criterion,
and for the codec the ratio of encode+decode to a memcpy of the same bytes in the same run."""
import json
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"
rows = {}
for dirpath, _, files in os.walk(root):
    if dirpath.endswith(os.sep + "new") and "estimates.json" in files:
        bench = json.load(open(os.path.join(dirpath, "benchmark.json")))
        mean = json.load(open(os.path.join(dirpath, "estimates.json")))["mean"]["point_estimate"]
        rows[bench["full_id"]] = (mean, bench.get("throughput"))
if not rows:
    sys.exit("no criterion results under " + root)
for name in sorted(rows):
    ns, tp = rows[name]
    extra = ""
    if tp and "Bytes" in tp:
        extra = "%8.2f GiB/s" % (tp["Bytes"] / ns * 1e9 / 2**30)
    elif tp and "Elements" in tp:
        extra = "%8.2f M/s" % (tp["Elements"] / ns * 1e3)
    print("%-40s %12.1f ns %s" % (name, ns, extra))
dt = rows.get("dt_16k/encode+decode"), rows.get("dt_16k/memcpy")
if all(dt):
    print("\nDT 16 KiB: encode+decode throughput / memcpy throughput = %.2f (aim: at least 0.5)" % (dt[1][0] / dt[0][0]))
