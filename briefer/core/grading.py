"""The analyst's vocabularies for sourcing: source types, the NATO/Admiralty grades, the
ICD 203 likelihood scale and the TLP sharing rules. Pure data, no storage.

- **Reliability** (of a source, a document): A–F, F = cannot be judged (the default).
- **Credibility** (of the information, a quote): 1–6, 6 = cannot be judged (the default).
- **Likelihood** (of a key judgment): seven steps of ICD 203, each with its probability
  range; separate from the judgment's *confidence* (how good the evidence is).
"""

from __future__ import annotations

#: A document's kind of source, with the words a brief prints for it.
SOURCE_TYPES: dict[str, str] = {
    "news": "news outlet",
    "state_media": "state media",
    "think_tank": "think tank",
    "social_media": "social media",
    "official": "official statement",
    "aggregator": "aggregator",
    "academic": "academic",
    "other": "other",
    "unknown": "unknown type",
}

#: Source reliability (NATO/Admiralty), A–F.
RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
#: Grades a key judgment should not rest on alone.
WEAK_RELIABILITY = frozenset("DEF")

#: Information credibility (NATO/Admiralty), 1–6.
CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}

#: ICD 203 likelihood: key → (words, probability range).
LIKELIHOOD: dict[str, tuple[str, str]] = {
    "almost_no_chance": ("almost no chance", "1–5 %"),
    "very_unlikely": ("very unlikely", "5–20 %"),
    "unlikely": ("unlikely", "20–45 %"),
    "roughly_even": ("roughly even chance", "45–55 %"),
    "likely": ("likely", "55–80 %"),
    "very_likely": ("very likely", "80–95 %"),
    "almost_certain": ("almost certain", "95–99 %"),
}

#: FIRST's Traffic Light Protocol 2.0: who may receive a brief marked so.
TLP_RULES: dict[str, str] = {
    "TLP:CLEAR": "Recipients can spread this to the world; there is no limit on disclosure.",
    "TLP:GREEN": ("Limited disclosure: recipients can spread this within their community, "
                  "but not via publicly accessible channels."),
    "TLP:AMBER": ("Limited disclosure: recipients can only spread this on a need-to-know basis "
                  "within their organization and its clients."),
    "TLP:AMBER+STRICT": ("Limited disclosure: recipients can only spread this on a "
                         "need-to-know basis within their organization."),
    "TLP:RED": ("For the eyes and ears of individual recipients only, no further "
                "disclosure."),
}


def grade(reliability: str | None, credibility: int | None) -> str:
    """The combined grade printed beside a citation, e.g. ``B2``."""
    return f"{reliability or 'F'}{credibility or 6}"


def likelihood_words(key: str | None) -> str:
    """"likely (55–80 %)", or "" for no likelihood."""
    if not key or key not in LIKELIHOOD:
        return ""
    words, span = LIKELIHOOD[key]
    return f"{words} ({span})"


def tlp_rule(marking: str | None) -> str:
    """The sharing rule, in words, of a TLP marking ("" if the marking is not TLP)."""
    key = (marking or "").strip().upper().replace(" ", "")
    if key and not key.startswith("TLP:"):
        key = "TLP:" + key
    if key == "TLP:WHITE":  # TLP 1.0's name for CLEAR
        key = "TLP:CLEAR"
    return TLP_RULES.get(key, "")
