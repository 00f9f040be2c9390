"""Hostile inputs, built in memory: bombs, cycles, deep nesting, traversal, odd Unicode.

Each builder returns bytes small enough to upload under every size cap; what they expand to,
or how they recurse, is the attack.
"""

from __future__ import annotations

import functools
import io
import json
import random
import zipfile
import zlib


def _pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A well-formed PDF (header, objects, xref, trailer) around the given object bodies."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    )
    return out.getvalue()


def _stream(data: bytes, *, compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    head = b"<< /Length %d" % len(body) + (b" /Filter /FlateDecode" if compress else b"") + b" >>"
    return head + b"\nstream\n" + body + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    ops = (
        b"BT /F1 11 Tf 72 760 Td 14 TL "
        + b" ".join(b"(%s) '" % ln.encode("latin-1") for ln in lines)
        + b" ET"
    )
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(ops),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


@functools.cache
def content_bomb_pdf(inflated_mb: int = 60) -> bytes:
    """One page whose content stream inflates to `inflated_mb` MB of text operators."""
    unit = b"BT /F1 1 Tf 10 10 Td (a) Tj ET\n"
    ops = unit * (inflated_mb * 1024 * 1024 // len(unit))
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(ops),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def page_tree_cycle_pdf() -> bytes:
    """A page tree whose Pages node lists itself (and its parent) as kids."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
        ]
    )


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(1, int(len(data) * keep))]


def corrupt(data: bytes, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(1, len(out) // 50)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def random_bytes(n: int = 4096, seed: int = 3) -> bytes:
    return random.Random(seed).randbytes(n)


def zip_bomb(names: dict[str, int], *, extra: dict[str, bytes] | None = None) -> bytes:
    """A ZIP whose members inflate to the given sizes (bytes) of repetitive text."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
        for name, size in names.items():
            line = b"a,b,c,d,e,f,g,h\n"
            zf.writestr(name, line * (size // len(line)))
    return buf.getvalue()


@functools.cache
def docx_bomb(xml_mb: int = 39) -> bytes:
    body = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (xml_mb * 1024 * 1024 // 36)
    document = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", document)
    return buf.getvalue()


def traversal_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../../../tmp/evil.csv", "First Name,Last Name\nA,B\n")
        zf.writestr("/etc/passwd", "root:x:0:0")
        zf.writestr("Profile.csv", "First Name,Last Name,Headline\nAda,Lovelace,Engineer\n")
    return buf.getvalue()


def xml_entity_bomb() -> bytes:
    lol = b'<!ENTITY l0 "lollollollollollollollollollol">'
    for i in range(1, 10):
        lol += b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
    return b'<?xml version="1.0"?><!DOCTYPE r [' + lol + b"]><r>&l9;</r>"


def yaml_alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def deep_json(depth: int = 10_000) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_yaml(depth: int = 5_000) -> bytes:
    return b"[" * depth + b"]" * depth


def big_int_json() -> bytes:
    return b'{"n": ' + b"9" * 5_000 + b"}"


def surrogate_json(field: str = "name") -> bytes:
    return json.dumps({field: "x"}).replace('"x"', '"\\ud800"').encode()


HUGE_STRING = "A" * 1_500_000
UNUSUAL_UNICODE = "\u202e\u200b\ufeff\U0001f600\u0301\u0000 Z\u0361\u035c\ufffd\U000e0001"
