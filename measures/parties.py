"""Responsible parties derived from the free-text "Ansvar" column.

Plans write responsibility as table cells run together: "Næringshagen Kommunane",
"Kommunen Regionalt bulyst-program", "Regionrådet". A politician filtering on "Regionråd" wants
every one of those spellings. Known parties are recognised by pattern and given one name; what is
left of the text (e.g. "IKT Hallingdal") is a party of its own.
"""

import re

# "og"/"and" lists parties, except after a hyphen: "Valdres natur- og kulturpark" and "Bu-og
# blilyst" are one name each (a suspended compound), never "Valdres natur" and "kulturpark".
SEPARATORS = re.compile(r"\s*(?:[,;/&+\n]|(?<!-)(?<!-\s)\b(?:og|and)\b)\s*")

# (pattern, name); nn and nb spellings of the same party share a name.
KNOWN_PARTIES = [
    (r"\bregionråd(?:et)?\b", "Regionråd"),
    (r"\bnæringshagen?\b", "Næringshage"),
    (r"\bnæringsforum(?:et)?\b", "Næringsforum"),
    (r"\betabler[ae]rsenter(?:et)?\b", "Etablerarsenter"),
    (r"\bklimakoordinator(?:en)?\b", "Klimakoordinator"),
    (r"\bregionalt bulyst-program(?:met)?\b", "Regionalt bulyst-program"),
    (r"\bbærekraft h(?:allingdal)?\b", "Bærekraft Hallingdal"),
    (r"\bregionstyret?\b", "Regionstyret"),
]
# "Kommunane"/"Kommunar"/"Kommunen" as a cell of its own means the member municipalities; a
# lower-case "kommune" belongs to a name ("Hemsedal kommune"), so this one is case-sensitive.
MUNICIPALITIES = re.compile(r"(?<![\wæøå-])Kommun(?:ane|ene|ar|er|en|e)(?![\wæøå]|-\w)")
MUNICIPALITIES_NAME = {"nn": "Kommunane", "nb": "Kommunene"}


def parse_parties(text: str, language: str = "nn") -> list[str]:
    """The distinct parties named in a responsible text, in the order they appear."""
    found = []
    for chunk in SEPARATORS.split(text or ""):
        found.extend(name for _, name in sorted(_parties_in_cell(chunk, language)))
    return list(dict.fromkeys(found))


def _parties_in_cell(chunk, language):
    """(position, name) of each party in one separator-free piece of text."""
    hits = []

    def take(match, name):
        hits.append((match.start(), name))
        return " " * len(match.group())  # blank it out, keeping positions for the leftovers

    for pattern, name in KNOWN_PARTIES:
        # Part of a hyphenated compound ("Regionråd-sekretariatet") is no party of its own.
        whole = rf"(?<![\w-]){pattern}(?!-\w)"
        chunk = re.sub(whole, lambda m, n=name: take(m, n), chunk, flags=re.IGNORECASE)
    municipalities = MUNICIPALITIES_NAME.get(language, MUNICIPALITIES_NAME["nn"])
    chunk = MUNICIPALITIES.sub(lambda m: take(m, municipalities), chunk)
    # What no pattern took is a party of its own; a removed name leaves a wide gap.
    for rest in re.finditer(r"\S+(?: \S+)*", chunk):
        name = rest.group().strip(" .-–")
        if name:
            hits.append((rest.start(), name))
    return hits


def encode_parties(parties: list[str]) -> str:
    """Stored as "|A|B|" so a database `contains "|A|"` finds exactly party A."""
    return "|" + "|".join(parties) + "|" if parties else ""


def decode_parties(value: str) -> list[str]:
    return [p for p in (value or "").split("|") if p]
