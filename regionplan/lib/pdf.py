"""PDFs with WeasyPrint: tagged (PDF/UA-1), fonts embedded, A4, reproducible.

WeasyPrint is imported when a PDF is made, not when this module is: it costs about a second,
and every management command, test run and worker start would otherwise pay it.
"""


def html_to_pdf(html, *, variant="pdf/ua-1"):
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant=variant)
