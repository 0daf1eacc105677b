"""Quotes: anchoring, languages, filters, search, undo snapshots, integrity check."""

from __future__ import annotations

import pytest

from briefer.core.errors import InvalidInput


@pytest.fixture
def doc0(project):
    return next(d for d in project.documents.list() if d.source_name.startswith("000_"))


def test_a_quote_stores_offsets_text_and_context(project, doc0):
    text = project.documents.get(doc0.id).text
    qid = project.quotes.add_text(doc0.id, "AI Thanos", actors=["Anthropic"],
                                 themes=["Chinese reaction"], note="nickname", starred=True)
    q = project.quotes.get(qid)
    assert text[q.start_cp:q.end_cp] == "AI Thanos"
    assert text[:q.start_cp].endswith(q.prefix) and len(q.prefix) == 32
    assert text[q.end_cp:].startswith(q.suffix) and len(q.suffix) == 32
    assert (list(q.actors), list(q.themes), q.note, q.starred) == (
        ["Anthropic"], ["Chinese reaction"], "nickname", 1)
    assert q.language == "en" and q.created_at and q.updated_at


def test_offsets_are_code_points_with_emoji_and_crlf(empty_project):
    text = "Line one 🙂🙂\r\nThe 𝔘nicode quote here\r\n"
    doc = empty_project.documents.add(text, title="emoji")
    qid = empty_project.quotes.add_text(doc, "quote here")
    q = empty_project.quotes.get(qid)
    assert (q.start_cp, q.end_cp) == (text.index("quote here"), text.index("quote here") + 10)
    assert empty_project.check() == []


def test_chinese_quotes_get_their_languages(project, doc0):
    mixed = project.quotes.get(project.quotes.add_text(doc0.id, "“AI Thanos” (“AI灭霸”)"))
    assert (mixed.language, mixed.language2) == ("en", "zh-Hans")
    trad = project.quotes.get(project.quotes.add_text(doc0.id, "成年禮"))
    assert trad.language == "zh-Hant"
    assert project.quotes.list(langs=["zh-Hans"])[0].id == mixed.id


def test_quote_text_not_in_document_is_an_error(project, doc0):
    with pytest.raises(InvalidInput,
                       match="^The text 'words that are nowhere in it' does not occur in “"):
        project.quotes.add_text(doc0.id, "words that are nowhere in it")
    with pytest.raises(InvalidInput, match="outside"):
        project.quotes.add(doc0.id, 10, 10_000_000)


def test_occurrence_picks_the_nth(project, doc0):
    text = project.documents.get(doc0.id).text
    q2 = project.quotes.get(project.quotes.add_text(doc0.id, "Anthropic", occurrence=2))
    first = text.index("Anthropic")
    assert q2.start_cp == text.index("Anthropic", first + 1)


def test_spans_may_overlap(project, doc0):
    a = project.quotes.add(doc0.id, 100, 200)
    b = project.quotes.add(doc0.id, 150, 250)
    assert {q.id for q in project.quotes.list(docs=[doc0.id])} == {a, b}


def test_filters_combine_as_and(project, doc0):
    both = project.quotes.add(doc0.id, 0, 20, actors=["Anthropic"], themes=["Safety"])
    project.quotes.add(doc0.id, 30, 60, actors=["Anthropic"], themes=["Trade"])
    project.quotes.add(doc0.id, 70, 90, actors=["Pentagon"], themes=["Safety"], starred=True)
    assert [q.id for q in project.quotes.list(actors=["Anthropic"], themes=["safety"])] == [both]
    assert len(project.quotes.list(actors=["Anthropic"])) == 2
    assert len(project.quotes.list(starred=True)) == 1


def test_search_covers_quotes_and_notes_and_follows_edits(project, doc0):
    qid = project.quotes.add_text(doc0.id, "supply chain risk", note="designation watch")
    assert [q.id for q in project.quotes.list(search="designation")] == [qid]
    assert [q.id for q in project.quotes.list(search="supply chain")] == [qid]
    project.quotes.update(qid, note="something else")
    assert project.quotes.list(search="designation") == []
    cjk = project.quotes.add_text(doc0.id, "成年禮")
    assert [q.id for q in project.quotes.list(search="成年")] == [cjk]
    project.quotes.delete(qid)
    assert project.quotes.list(search="supply") == []


def test_update_tag_and_restore(project, doc0):
    qid = project.quotes.add(doc0.id, 0, 40, actors=["A"], themes=["T"])
    jid = project.judgments.add("Judged", "low", [qid])
    project.quotes.tag(qid, actors=["B"], themes=["T"])
    assert list(project.quotes.get(qid).actors) == ["A", "B"]
    project.quotes.update(qid, actors=["B"], themes=[], note="n", starred=True)
    q = project.quotes.get(qid)
    assert (list(q.actors), list(q.themes), q.note, q.starred) == (["B"], [], "n", 1)
    snap = project.quotes.delete(qid)
    assert project.quotes.list() == [] and list(project.judgments.list()[0].quote_ids) == []
    project.quotes.restore(snap)
    again = project.quotes.get(qid)
    assert again == q
    assert list(project.judgments.list()[0].quote_ids) == [qid]
    assert project.judgments.list()[0].id == jid


def test_check_reports_a_quote_that_no_longer_matches(project, doc0):
    qid = project.quotes.add(doc0.id, 0, 30)
    assert project.check() == []
    project.db.execute("UPDATE quotes SET exact = 'tampered' WHERE id = ?", [qid])
    project.db.conn.commit()
    assert qid in project.check()[0]


def test_quote_ids_match_quotes_for_every_filter(project, doc0):
    project.quotes.add(doc0.id, 0, 20, actors=["Anthropic"], themes=["Safety"])
    project.quotes.add(doc0.id, 30, 60, actors=["Anthropic"], themes=["Trade"], starred=True)
    for filters in ({}, {"actors": ["Anthropic"]}, {"themes": ["Trade"]}, {"starred": True},
                    {"docs": [doc0.id]}, {"search": "Anthropic"}):
        assert project.quotes.ids(**filters) == [q.id for q in project.quotes.list(**filters)]


def test_quote_ids_in_windows_and_the_count_of_every_filter(project, doc0):
    """What the quotes table fetches as it scrolls: windows of the same order, and the count
    (without reading a quote) of what each filter selects."""
    for start in range(0, 200, 10):
        project.quotes.add(doc0.id, start, start + 8, actors=["Anthropic"] if start % 20 else [],
                           starred=start % 30 == 0)
    for filters in ({}, {"actors": ["Anthropic"]}, {"starred": True}, {"docs": [doc0.id]},
                    {"search": "Anthropic"}, {"starred": True, "actors": ["Anthropic"]}):
        for key in ("position", "-excerpt", "starred", "-speaker", "credibility"):
            every = project.quotes.ids(order_by=key, **filters)
            assert project.quotes.count(**filters) == len(every), filters
            windows = [project.quotes.ids(order_by=key, limit=3, offset=n, **filters)
                       for n in range(0, len(every) + 3, 3)]
            assert [i for w in windows for i in w] == every, (filters, key)
            assert all(len(w) == 3 for w in windows[:len(every) // 3])
            assert project.quotes.ids(order_by=key, offset=4, **filters) == every[4:]
            assert project.quotes.ids(order_by=key, limit=0, **filters) == []


# -- sorting in the store (order_by) -------------------------------------------------------
@pytest.fixture
def sortable(empty_project):
    """Seven quotes in two documents with stars, notes, actors, themes, languages; by name."""
    p = empty_project
    a = p.documents.add("Alpha wins. zebra crossing. Straße closed. STRASSE open. "
                       "中文内容很长的句子。 Mixed “AI灭霸” here.", title="beta report",
                       date="2024-01-02", language="en")
    b = p.documents.add("Memo text. Another line.", title="Alpha memo", language="en")
    q = {
        "alpha": p.quotes.add_text(a, "Alpha wins", actors=["zed"], themes=["Second"],
                                  note="b note", starred=True),
        "zebra": p.quotes.add_text(a, "zebra crossing", actors=["Mike", "able"]),
        "strasse": p.quotes.add_text(a, "Straße closed", themes=["First"]),
        "upper": p.quotes.add_text(a, "STRASSE open", actors=["Émile"], note="Ärger"),
        "chinese": p.quotes.add_text(a, "中文内容很长的句子", themes=["Second", "First"]),
        "memo": p.quotes.add_text(b, "Memo text", actors=["Mike"], note="a note", starred=True),
        "another": p.quotes.add_text(b, "Another line"),
    }
    # who said it: actors (by name or alias, any case) and words; a carrier alone
    for name, speaker, carrier, credibility in (
            ("alpha", "Mike", "", 2), ("memo", "mike", "Zeitung", 1),
            ("zebra", "unnamed analyst", "ChinaTalk", 5), ("strasse", "Émile", "", 6),
            ("upper", "", "zed", 3)):
        p.quotes.update(q[name], speaker=speaker, carrier=carrier, credibility=credibility)
    return p, q


def _python_key(key: str, by_position: list[dict]):
    """The order each key means, in Python (ties: the document order, as the store's)."""
    position = {r.id: i for i, r in enumerate(by_position)}
    return {
        "position": lambda r: position[r.id],
        "starred": lambda r: not r.starred,
        "excerpt": lambda r: r.exact.casefold(),
        "document": lambda r: (r.doc_title.casefold(), r.doc_date is None,
                               r.doc_date or "", r.doc_id, r.start_cp),
        "language": lambda r: (r.language, r.language2 or ""),
        "note": lambda r: (r.note == "", r.note.casefold()),
        "actors": lambda r: (not r.actors, r.actors[0].casefold() if r.actors else ""),
        "themes": lambda r: (not r.themes, r.themes[0].casefold() if r.themes else ""),
        "speaker": lambda r: (not r.speaker, r.speaker.casefold(), r.carrier.casefold()),
        "credibility": lambda r: r.credibility,
    }[key]


SORT_KEYS = ("position", "starred", "excerpt", "document", "language", "note", "actors",
             "themes", "speaker", "credibility")


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", SORT_KEYS)
def test_order_by_each_key_sorts_in_the_store(sortable, key, descending):
    p, _q = sortable
    by_position = p.quotes.list()
    expected = [r.id for r in sorted(by_position, key=_python_key(key, by_position),
                                           reverse=descending)]
    order_by = ("-" if descending else "") + key
    assert [r.id for r in p.quotes.list(order_by=order_by)] == expected
    assert p.quotes.ids(order_by=order_by) == expected
    if key == "position":
        assert p.quotes.ids() == [r.id for r in by_position] == (expected[::-1] if descending
                                                                   else expected)
    if key != "position":
        assert len({_python_key(key, by_position)(r) for r in by_position}) >= 2   # not all ties


def test_order_by_keys_mean_what_the_columns_show(sortable):
    p, q = sortable
    names = {v: k for k, v in q.items()}
    order = lambda key, **f: [names[i] for i in p.quotes.ids(order_by=key, **f)]
    # the default: dated document first, then by position; undated documents last
    assert order("position") == ["alpha", "zebra", "strasse", "upper", "chinese", "memo",
                                 "another"]
    assert order("starred") == ["alpha", "memo", "zebra", "strasse", "upper", "chinese", "another"]
    assert order("-starred") == ["zebra", "strasse", "upper", "chinese", "another", "alpha", "memo"]
    # case-folded like str.casefold: "Straße" and "STRASSE" tie (then position); "É" after "z"
    assert order("excerpt") == ["alpha", "another", "memo", "strasse", "upper", "zebra", "chinese"]
    assert order("document") == ["memo", "another", "alpha", "zebra", "strasse", "upper", "chinese"]
    assert order("note") == ["memo", "alpha", "upper", "zebra", "strasse", "chinese", "another"]
    assert order("-note")[:5] == ["zebra", "strasse", "chinese", "another", "upper"]
    # the first actor by name; the first theme in codebook order ("Second" was made first)
    assert order("actors") == ["zebra", "memo", "alpha", "upper", "strasse", "chinese", "another"]
    assert order("-actors") == ["strasse", "chinese", "another", "upper", "alpha", "memo", "zebra"]
    assert order("themes") == ["strasse", "alpha", "chinese", "zebra", "upper", "memo", "another"]
    assert order("language")[-1] == "chinese"
    # who said it as the table shows it ("Mike", "Mike (as quoted in Zeitung)"): the
    # speaker (none last), then the carrier (none first)
    assert order("speaker") == ["alpha", "memo", "zebra", "strasse", "chinese", "another",
                                "upper"]
    assert order("-speaker") == ["upper", "chinese", "another", "strasse", "zebra", "memo",
                                 "alpha"]
    assert order("credibility") == ["memo", "alpha", "upper", "zebra", "strasse", "chinese",
                                    "another"]
    # with filters
    assert order("-excerpt", starred=True) == ["memo", "alpha"]
    assert order("actors", docs=[p.quotes.get(q["memo"]).doc_id]) == ["memo", "another"]


def test_speakers_lists_who_said_the_quotes_each_once(sortable):
    p, q = sortable
    assert p.quotes.speakers() == ["Mike", "unnamed analyst", "Émile"]
    # each is a speaker filter that finds its quotes (as ``quote list --speaker``)
    assert {name: sorted(p.quotes.ids(speaker=name)) for name in p.quotes.speakers()} == {
        "Mike": sorted([q["alpha"], q["memo"]]), "unnamed analyst": [q["zebra"]],
        "Émile": [q["strasse"]]}


def test_order_by_refuses_an_unknown_key(sortable):
    p, _q = sortable
    for bad in ("exact; DROP TABLE quotes", "q.id", "--note", "rowid"):
        with pytest.raises(InvalidInput, match="cannot be sorted"):
            p.quotes.ids(order_by=bad)
        with pytest.raises(InvalidInput, match="cannot be sorted"):
            p.quotes.list(order_by=bad)


def test_restoring_a_quote_after_its_text_changed_anchors_it_again(project, tmp_path):
    src = tmp_path / "piece.txt"
    src.write_text("Opening line. The sentence we quote. Another sentence gone later.",
                   encoding="utf-8")
    doc = project.documents.import_file(src).doc_id
    kept = project.quotes.delete(project.quotes.add_text(doc, "The sentence we quote."))
    gone = project.quotes.delete(project.quotes.add_text(doc, "Another sentence gone later."))
    src.write_text("A new first paragraph.\n\nOpening line. The sentence we quote.",
                   encoding="utf-8")
    assert project.documents.import_file(src).status == "updated"
    project.quotes.restore(kept)
    project.quotes.restore(gone)
    text = project.documents.get(doc).text
    q = project.quotes.get(kept.id)
    assert text[q.start_cp:q.end_cp] == "The sentence we quote." and not q.orphaned
    assert project.quotes.get(gone.id).orphaned
    assert project.check() == []
