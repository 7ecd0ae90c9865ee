"""Pictures for the demo content, drawn by Pillow so that `make run` needs no network."""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

PALETTES = [
    ((246, 211, 101), (253, 160, 133)),
    ((161, 196, 253), (194, 233, 251)),
    ((132, 250, 176), (143, 211, 244)),
    ((255, 154, 158), (250, 208, 196)),
    ((224, 195, 252), (142, 197, 252)),
    ((252, 203, 144), (213, 126, 235)),
]


def demo_picture(seed, width=1200, height=675, name="demo.jpg"):
    rng = random.Random(seed)
    top, bottom = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(6):
        r = rng.randint(height // 10, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = tuple(min(255, c + 30) for c in top)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=shade, width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
