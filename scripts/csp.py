#!/usr/bin/env python3
"""Trunk post_build hook: gives a release build a Content-Security-Policy that allows
nothing but the site's own files. Trunk loads the wasm with a small inline module script;
the policy allows exactly that script by its SHA-256 hash, and 'wasm-unsafe-eval' for
WebAssembly. Debug builds (trunk serve) are left alone: their live-reload script changes.
First it makes the build work offline (offline.py: a service worker and a web app manifest,
which the policy allows from the site itself), since that adds an inline script to hash.
"""
import base64
import hashlib
import os
import re
import sys

sys.dont_write_bytecode = True  # no scripts/__pycache__ left in the tree
import offline  # noqa: E402

if os.environ.get("TRUNK_PROFILE") != "release":
    sys.exit(0)

staging = os.environ["TRUNK_STAGING_DIR"]
offline.write(staging, os.environ.get("TRUNK_PUBLIC_URL", "/").rstrip("/") + "/")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
scripts = re.findall(r"<script(?: [^>]*)?>(.*?)</script>", html, flags=re.S)
if not scripts:
    sys.exit("csp.py: no inline script found in " + path)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
    for s in scripts
)
policy = (
    "default-src 'none'; "
    f"script-src 'self' {hashes} 'wasm-unsafe-eval'; "
    "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; "
    "base-uri 'self'; form-action 'none'; object-src 'none'"
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
if "Content-Security-Policy" in html:
    sys.exit("csp.py: index.html already has a Content-Security-Policy")
# Trunk's minifier (Trunk.toml: minify on release) writes the tag without quotes.
html, n = re.subn(r'(<meta charset="?utf-8"? ?/?>)', r"\1\n    " + meta, html, count=1)
if n != 1:
    sys.exit("csp.py: no <meta charset> to put the policy after")
open(path, "w", encoding="utf-8").write(html)
