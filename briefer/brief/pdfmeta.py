"""The brief's PDF metadata: the document information and an XMP packet saying the same.

Title, Author (the analyst), Subject, Keywords (the handling marking), Producer
"Briefer x.y", Creator naming the engine, the document language (``/Lang`` in the
catalogue) and an XMP packet with the same title, author, producer, language and dates, so
readers that prefer XMP (Acrobat, PDF/A validators) show no contradiction.
"""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject, TextStringObject

from .. import __version__
from .clock import compile_time

PRODUCER = f"Briefer {__version__}"


def _pdf_date(when: datetime) -> str:
    offset = when.strftime("%z") or "+0000"
    return when.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def xmp_packet(info: dict[str, str], language: str, when: datetime) -> str:
    stamp = when.isoformat(timespec="seconds")
    esc = {k: escape(v) for k, v in info.items()}
    subject = esc['/Subject']
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{esc['/Title']}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{esc['/Author']}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{esc['/Producer']}</pdf:Producer>
<pdf:Keywords>{esc['/Keywords']}</pdf:Keywords>
<xmp:CreatorTool>{esc['/Creator']}</xmp:CreatorTool>
<xmp:CreateDate>{stamp}</xmp:CreateDate>
<xmp:ModifyDate>{stamp}</xmp:ModifyDate>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def set_metadata(writer: PdfWriter, *, title: str, author: str, subject: str, marking: str,
                 language: str, engine: str, when: datetime | None = None) -> None:
    """Document information, /Lang and a matching XMP packet on ``writer``."""
    when = when or compile_time()
    info = {"/Title": title, "/Author": author, "/Subject": subject, "/Keywords": marking,
            "/Producer": PRODUCER, "/Creator": f"{PRODUCER} ({engine})"}
    if writer._info is not None:            # drop the engine's own entries (Qt's Producer)
        entries = writer._info.get_object()
        if isinstance(entries, dict):
            entries.clear()
    writer.add_metadata({**info, "/CreationDate": _pdf_date(when),
                         "/ModDate": _pdf_date(when)})
    writer._root_object[NameObject("/Lang")] = TextStringObject(language or "en")
    stream = DecodedStreamObject()
    stream.set_data(xmp_packet(info, language or "en", when).encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
