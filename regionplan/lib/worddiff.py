"""Word-level differences between two texts, for documents that show old → new.

`word_diff` gives segments (op, words, space) in reading order, op "same", "removed" or
"added"; templates mark the words with <del>/<ins> and put the space after them outside the
mark. Joining words and space of the "same" and "removed" segments gives the old text back
exactly, of "same" and "added" the new.
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
            segments.append(split_space("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            segments.append(split_space("removed", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(split_space("added", "".join(b[j1:j2])))
    return segments


def split_space(op, text):
    words = text.rstrip()
    return (op, words, text[len(words) :])
