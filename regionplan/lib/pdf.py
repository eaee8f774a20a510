"""PDFs with WeasyPrint: tagged (PDF/UA-1), fonts embedded, A4, reproducible.

WeasyPrint is imported when a PDF is made, not when this module is: it costs about a second,
and every management command, test run and worker start would otherwise pay it.

`html_to_archive_pdf` writes the archive variant: PDF/A-3a (archival and tagged), with files
attached (PDF/A-3 allows any file, each with its relationship to the document) and Dublin Core
properties added to the XMP metadata. Everything in it comes from the arguments, dates
included, so the same input gives the same bytes.
"""

from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

ARCHIVE_VARIANT = "pdf/a-3a"


def render(html):
    """The laid-out document (the costly part): write it as one PDF or several variants."""
    from weasyprint import HTML

    return HTML(string=html).render()


def document_to_pdf(document, *, variant="pdf/ua-1"):
    return document.write_pdf(pdf_variant=variant)


def html_to_pdf(html, *, variant="pdf/ua-1"):
    return document_to_pdf(render(html), variant=variant)


@dataclass(frozen=True)
class Attached:
    """A file to embed: its name, content, description, date and relationship to the document
    ("Data", "Source", "Alternative", "Supplement" in PDF/A-3)."""

    name: str
    content: bytes
    description: str
    moment: datetime
    relationship: str = "Data"


def dublin_core_xmp(*, identifier="", date="", publisher="", language=""):
    """An rdf:Description with Dublin Core properties, types as XMP defines them for dc."""
    parts = []
    if identifier:
        parts.append(f"<dc:identifier>{escape(identifier)}</dc:identifier>")
    if date:
        parts.append(f"<dc:date><rdf:Seq><rdf:li>{escape(date)}</rdf:li></rdf:Seq></dc:date>")
    if publisher:
        parts.append(
            f"<dc:publisher><rdf:Bag><rdf:li>{escape(publisher)}</rdf:li></rdf:Bag></dc:publisher>"
        )
    if language:
        parts.append(
            f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"
        )
    return (
        '<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">'
        + "".join(parts)
        + "</rdf:Description>"
    ).encode()


def html_to_archive_pdf(html, *, attachments=(), xmp=b""):
    """A PDF/A-3a of `html` with `attachments` ([Attached]) and `xmp` (an rdf:Description, see
    dublin_core_xmp) added to the document's XMP packet."""
    return document_to_archive_pdf(render(html), attachments=attachments, xmp=xmp)


def document_to_archive_pdf(document, *, attachments=(), xmp=b""):
    """As html_to_archive_pdf, from a rendered document (which stays as it was)."""
    from weasyprint import Attachment

    metadata = document.metadata
    generate = metadata.generate_rdf_metadata

    def generate_with_ours(*args, **kwargs):
        # WeasyPrint writes one rdf:RDF (title, creator, dates, PDF/A part and conformance);
        # our properties go inside it, as XMP wants a single rdf:RDF per packet.
        rdf = generate(*args, **kwargs)
        return rdf.replace(b"</rdf:RDF>", xmp + b"</rdf:RDF>")

    files = [
        Attachment(
            string=attached.content,
            name=attached.name,
            description=attached.description,
            created=attached.moment,
            modified=attached.moment,
            relationship=attached.relationship,
        )
        for attached in attachments
    ]
    metadata.generate_rdf_metadata = generate_with_ours
    try:
        return document.write_pdf(pdf_variant=ARCHIVE_VARIANT, attachments=files)
    finally:
        del metadata.generate_rdf_metadata
