"""Draws Fidelio's app icon (assets/icon.png): a white heart on a rounded blue square.

Standard library only, so anyone can redraw it: python3 assets/make_icon.py
Drawn, not scaled, at any size for the packages: python3 assets/make_icon.py 48 out.png
"""
import struct
import sys
import zlib
from pathlib import Path

SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else 256
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


if __name__ == "__main__":
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).with_name("icon.png")
    out.write_bytes(png(SIZE, SIZE, rows))
