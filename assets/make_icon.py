"""Draws Fidelio's app icon (assets/icon.png): a white heart on a rounded blue square.

Standard library only, so anyone can redraw it: python3 assets/make_icon.py
Drawn, not scaled, at any size for the packages: python3 assets/make_icon.py 48 out.png
The Windows icon (every size Explorer asks for, in one file): python3 assets/make_icon.py ico assets/icon.ico
The macOS icon (16 to 512 pixels, and twice that for Retina up to 512): python3 assets/make_icon.py icns assets/icon.icns
"""
import struct
import sys
import zlib
from pathlib import Path

SIZE = 256
BLUE = (0x2B, 0x6C, 0xB0)
WHITE = (0xFF, 0xFF, 0xFF)


def inside_rounded_square(x, y):
    # 48 and 8 pixels of the 256-pixel icon, at every size.
    radius, margin = 48 * SIZE / 256, 8 * SIZE / 256
    lo, hi = margin, SIZE - 1 - margin
    if not (lo <= x <= hi and lo <= y <= hi):
        return False
    cx = min(max(x, lo + radius), hi - radius)
    cy = min(max(y, lo + radius), hi - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_heart(x, y):
    # The classic implicit heart curve, scaled to the icon and flipped so the point is down.
    u = (x - SIZE / 2) / (SIZE * 0.30)
    v = -(y - SIZE * 0.52) / (SIZE * 0.30)
    return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0


def pixel(x, y):
    samples = []
    # 4x4 supersampling keeps the edges smooth.
    for sx in range(4):
        for sy in range(4):
            px, py = x + (sx + 0.5) / 4, y + (sy + 0.5) / 4
            if not inside_rounded_square(px, py):
                samples.append((0, 0, 0, 0))
            elif inside_heart(px, py):
                samples.append(WHITE + (255,))
            else:
                samples.append(BLUE + (255,))
    alpha = sum(s[3] for s in samples) / len(samples)
    if alpha == 0:
        return (0, 0, 0, 0)
    rgb = [round(sum(s[i] * s[3] for s in samples) / (alpha * len(samples))) for i in range(3)]
    return (*rgb, round(alpha))


def png(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def draw(size):
    """The icon as RGBA rows, drawn at `size` pixels (the shapes scale with SIZE)."""
    global SIZE
    SIZE = size
    return [[pixel(x, y) for x in range(size)] for y in range(size)]


def bmp_entry(size, rows):
    # Below 256 pixels an .ico holds uncompressed bitmaps: NSIS and older Windows read no PNG.
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = b"".join(bytes((b, g, r, a)) for row in reversed(rows) for (r, g, b, a) in row)
    mask_row = ((size + 31) // 32) * 4
    return header + pixels + b"\x00" * (mask_row * size)


def ico(sizes):
    entries = []
    for size in sizes:
        rows = draw(size)
        entries.append((size, png(size, size, rows) if size >= 256 else bmp_entry(size, rows)))
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        side = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in entries)


# The PNG-holding types of an .icns and their sizes in pixels (ic11..ic14 are the Retina 2x ones).
ICNS_TYPES = [(b"icp4", 16), (b"ic11", 32), (b"icp5", 32), (b"ic12", 64), (b"ic07", 128),
              (b"ic13", 256), (b"ic08", 256), (b"ic14", 512), (b"ic09", 512)]


def icns():
    drawn = {}
    body = b""
    for kind, size in ICNS_TYPES:
        if size not in drawn:
            drawn[size] = png(size, size, draw(size))
        body += kind + struct.pack(">I", 8 + len(drawn[size])) + drawn[size]
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "ico":
        Path(sys.argv[2]).write_bytes(ico([16, 20, 24, 32, 40, 48, 64, 128, 256]))
    elif len(sys.argv) > 2 and sys.argv[1] == "icns":
        Path(sys.argv[2]).write_bytes(icns())
    else:
        size = int(sys.argv[1]) if len(sys.argv) > 1 else 256
        out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).with_name("icon.png")
        out.write_bytes(png(size, size, draw(size)))
