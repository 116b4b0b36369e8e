"""Real scans for the OCR tests and scripts/bench_ocr.py: text drawn by Pillow on A4 pages at
300 dpi, saved as PNG, TIFF or an image-only PDF (no text layer). Every name is invented."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DPI = 300
A4 = (int(8.27 * DPI), int(11.69 * DPI))
_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
          "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")

LETTER_FR = """Institut des Archives Lumineuses
14 avenue des Tilleuls, 1202 Genève

Genève, le 12 mai 2022

Réf. : IAL/DG/22-0317

Madame Odile Varenne
Présidente
Société des Amis du Papier
8 rue du Moulin, 69002 Lyon, France

Madame la Présidente,

J'ai le plaisir de vous informer que la conférence sur la conservation des
manuscrits se tiendra à Lyon du 3 au 5 octobre 2022. M. Bastien Quérel,
Directeur de la Bibliothèque municipale de Nantes, y présentera ses travaux.

Je vous prie d'agréer, Madame la Présidente, l'assurance de ma haute
considération.

Armelle Fontenay
Directrice de l'Institut des Archives Lumineuses"""

LETTER_EN = [
    """Northfield Heritage Trust
22 Quarry Lane, Dunmore

Ref.: NHT/ARC/2023/118

14 March 2023

Mr Tobias Renwick
Director
Ashcombe Record Office

Dear Mr Renwick,

Thank you for your letter of 2 February 2023 about the survey of the
parish registers. I am glad to confirm that our conservator, Ms Ilse
Marchetti, will visit the Ashcombe Record Office in April to examine the
damaged volumes.""",
    """Northfield Heritage Trust

The Trust will meet the cost of the visit. Please let me know which days
suit your staff.

Yours sincerely,

Harriet Osei
Chief Executive, Northfield Heritage Trust

- 2 -""",
]

COLUMNS = ("""Weavers meet in Carrow
The annual assembly of the
Guild of Hand Weavers met in
Carrow last spring. Its chair,
Marguerite Lindgren, opened
the session and thanked the
members of the Carrow Textile
Museum for their work on the
pattern archive.""", """The museum's curator, Daniel
Okonkwo-Reyes, showed the
restored looms to the guests.
The next assembly will take
place in Elmford, where the
guild keeps its library of
old pattern books.""")


def _font(size_pt: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    size = round(size_pt / 72 * DPI)
    for path in _FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)  # no accented letters: install fonts-dejavu-core


def page(text: str, columns: tuple[str, ...] = (), size_pt: float = 11) -> Image.Image:
    """An A4 page at 300 dpi with ``text`` (one line per line, from the top) or, with
    ``columns``, two columns side by side, in black on white."""
    image = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(image)
    font = _font(size_pt)
    step = round(size_pt / 72 * DPI * 1.45)
    blocks = [(DPI, text)] if not columns else [
        (DPI * 3 // 4 + i * (A4[0] - DPI * 3 // 2) // 2 + (DPI // 6 if i else 0), c)
        for i, c in enumerate(columns)]
    for left, block in blocks:
        y = DPI
        for line in block.split("\n"):
            draw.text((left, y), line, font=font, fill=0)
            y += step
    return image


def save(pages: list[Image.Image], path: Path) -> Path:
    """Save ``pages`` as one file: PNG (one page), TIFF (one frame a page) or PDF (images
    only, no text layer), as the suffix says, at 300 dpi."""
    path.parent.mkdir(parents=True, exist_ok=True)
    first, rest = pages[0], pages[1:]
    if path.suffix == ".pdf":
        first.save(path, save_all=True, append_images=rest, resolution=DPI)
    elif path.suffix in (".tif", ".tiff"):
        first.save(path, save_all=True, append_images=rest, dpi=(DPI, DPI),
                   compression="tiff_deflate")
    else:
        first.save(path, dpi=(DPI, DPI))
    return path
