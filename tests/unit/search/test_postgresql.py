"""PostgreSQL's search query text and snippets, built in Python (no database needed)."""

from inbox_app.services.search.postgresql import _Matcher, _snippet, tsquery


def test_words_become_phrases_of_their_runs_and_the_last_run_a_prefix():
    assert tsquery(words=["shop-owner", "l.fi"], prefix=True) == (
        "'shop' <-> 'owner' & 'l' <-> 'fi':*"
    )
    assert tsquery(words=["it's", "a"], prefix=False) == "'it' <-> 's' & 'a'"


def test_query_text_never_holds_quotes_backslashes_or_operators():
    query = tsquery(words=["'x\\", "a&b|!c", "(d)<->e:*"], prefix=True)
    assert query == "'x' & 'a' <-> 'b' <-> 'c' & 'd' <-> 'e':*"


def test_snippet_marks_words_regardless_of_case_and_accents_and_escapes_the_rest():
    matches = _Matcher(["muller", "gru"], prefix=True)
    count, text = _snippet("<b>Grüße</b> von Jonas MÜLLER & Co", matches, 16)
    assert count == 2
    assert text == "&lt;b&gt;<mark>Grüße</mark>&lt;/b&gt; von Jonas <mark>MÜLLER</mark> &amp; Co"


def test_snippet_of_a_long_text_is_a_window_around_the_first_match():
    words = [f"w{n}" for n in range(100)]
    words[50] = "unicorn"
    count, text = _snippet(" ".join(words), _Matcher(["unicorn"], prefix=False), 16)
    assert count == 1
    assert text == "…w48 w49 <mark>unicorn</mark> " + " ".join(words[51:64]) + "…"  # 16 words
