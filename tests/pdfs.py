"""Reading back the PDFs the app prints: their text, metadata and structure.

pypdf reads them on any machine; poppler's pdfinfo and pdftotext, what a person
would use, are used as well where they are installed (.ci/run installs them).
"""

import io
import shutil
import subprocess
import tempfile

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The text of every page as pdftotext extracts it (or pypdf without poppler), line breaks as spaces."""
    if shutil.which("pdftotext"):
        command = [shutil.which("pdftotext"), "-enc", "UTF-8", "-", "-"]
        text = subprocess.run(command, input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603
    else:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def links(content: bytes) -> list[str]:
    """The addresses the PDF's links lead to."""
    return [
        str(annotation.get_object()["/A"]["/URI"])
        for page in PdfReader(io.BytesIO(content)).pages
        for annotation in page.get("/Annots", [])
        if "/URI" in annotation.get_object().get("/A", {})
    ]


def fonts(content: bytes) -> dict[str, bool]:
    """Each font the pages use, and whether its program is embedded in the file."""
    found = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor", {})
            found[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return found


def pdfinfo(content: bytes) -> dict[str, str] | None:
    """What poppler's pdfinfo reports, or None where it is not installed."""
    if not shutil.which("pdfinfo"):
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(content)
        file.flush()
        command = [shutil.which("pdfinfo"), file.name]
        output = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603
    return dict(
        (key.strip(), value.strip()) for key, value in (line.split(":", 1) for line in output.splitlines())
    )


def structure(content: bytes) -> list[str]:
    """The structure tree's element types, depth first (["Document", "H1", "P", …])."""
    return [kind for kind, _alt in _elements(content)]


def figures(content: bytes) -> list[str]:
    """The alternative text of each figure, in reading order."""
    return [str(alt) for kind, alt in _elements(content) if kind == "Figure"]


def _elements(content: bytes) -> list[tuple[str, str | None]]:
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                found.append((str(node["/S"])[1:], node.get("/Alt")))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    return found


def assert_tagged(content: bytes, title: str | None = None) -> None:
    """A tagged PDF with a structure tree, a title shown instead of the file name and a language."""
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root and structure(content)[0] == "Document"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert str(root["/Lang"]) in ("fr", "en")
    assert reader.metadata.title, "the PDF has no title"
    if title is not None:
        assert reader.metadata.title == title
    if (info := pdfinfo(content)) is not None:
        assert info["Tagged"] == "yes"
        assert info["Title"] == reader.metadata.title


def qr_codes(content: bytes) -> list[str]:
    """What the QR codes printed in the PDF say, read by a decoder (zxing-cpp) from its images.

    The codes are printed at one pixel a module: each image is enlarged without smoothing, with a
    white margin, as a phone's camera would see it on paper."""
    import zxingcpp
    from PIL import Image, ImageOps

    texts = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for image in page.images:
            picture = image.image.convert("L")
            picture = picture.resize((picture.width * 8, picture.height * 8), Image.Resampling.NEAREST)
            picture = ImageOps.expand(picture, border=32, fill=255)
            texts += [code.text for code in zxingcpp.read_barcodes(picture) if code.format == zxingcpp.QRCode]
    return texts
