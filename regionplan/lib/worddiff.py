"""Word-level differences between two texts, for documents that show old → new.

`word_diff` gives segments ("same" | "removed" | "added", text) in reading order; templates
mark them with <del>/<ins> plus words for those who cannot see the styling
(templates/lib/word_diff.html). Whitespace stays with the word before it, so joining the
"same" and "removed" segments gives the old text back exactly, and "same" and "added" the new.
"""

import difflib
import re

TOKEN = re.compile(r"\S+\s*|\s+")


def words(text):
    return TOKEN.findall(text or "")


def word_diff(old, new):
    a, b = words(old), words(new)
    # Compare words without their trailing spaces, so a changed line break is not a change.
    matcher = difflib.SequenceMatcher(
        None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False
    )
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            segments.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("added", "".join(b[j1:j2])))
    return segments
