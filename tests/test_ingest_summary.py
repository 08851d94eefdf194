"""Feed HTML to summary Markdown: boilerplate removed, markup as text, length capped."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from newsletter.ingest.summary import first_image, html_to_text, summarize
from newsletter.ingest.text import clean_text, web_url

BASE = "https://www.millbrookweekly.example/news/2026/06/story"
# The content format's Markdown: CommonMark with raw HTML off.
MARKDOWN = MarkdownIt("commonmark", {"html": False})


def html_of(markdown: str) -> str:
    """Render summary Markdown the way a block's summary is rendered."""
    return MARKDOWN.render(markdown).strip()


def assert_safe(markdown: str) -> None:
    """Assert the Markdown renders to paragraphs, emphasis and http(s) links only."""
    html = html_of(markdown)
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p", "a", "em", "strong"}, html
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("https://", "http://")), href


def summary(source: str, **options: object) -> str:
    result = summarize(source, base=BASE, **options)  # type: ignore[arg-type]
    assert_safe(result)
    return result


# -- boilerplate ------------------------------------------------------------------


def test_figures_and_captions_are_dropped() -> None:
    html = (
        '<figure><img src="a.jpg" alt="x"><figcaption>Photo by Jo Marsh</figcaption></figure>'
        '<div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">The bridge</p></div>'
        "<p>The bridge reopened on Tuesday.</p><p>Photo: Jo Marsh</p>"
    )
    assert summary(html) == "The bridge reopened on Tuesday."


def test_share_widgets_and_share_lines_are_dropped() -> None:
    html = (
        "<p>The lido opens on Saturday.</p>"
        '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3>'
        '<a href="https://twitter.example/share">Twitter</a></div>'
        "<p>Share this: Facebook, X, Email</p>"
        '<ul class="social-links"><li>Follow</li></ul>'
    )
    assert summary(html) == "The lido opens on Saturday."


def test_click_here_lines_are_dropped_and_click_here_links_unlinked() -> None:
    html = (
        '<p>Tickets are on sale; <a href="https://tickets.example/">click here</a> to buy.</p>'
        '<p>Click here to read the <a href="https://example.org/report">council report</a>.</p>'
    )
    assert summary(html) == "Tickets are on sale; click here to buy."


@pytest.mark.parametrize(
    "trailer",
    [
        '<a href="https://x.example/story">Read more</a>',
        '<a href="https://x.example/story">Continue reading <span>Lido opens</span> →</a>',
        '<a class="more-link" href="https://x.example/story">(more…)</a>',
        '<a href="https://x.example/story">[…]</a>',
        '<a href="https://x.example/story">More »</a>',
        '<a href="https://x.example/story">View the full article</a>',
    ],
)
def test_read_more_and_continue_reading_links_are_dropped(trailer: str) -> None:
    assert summary(f"<p>The lido opens on Saturday. {trailer}</p>") == (
        "The lido opens on Saturday."
    )


def test_links_that_only_start_like_a_trailer_are_kept() -> None:
    html = '<p><a href="https://x.example/run">More than 400 runners</a> took part.</p>'
    assert summary(html) == "[More than 400 runners](https://x.example/run) took part."


def test_read_more_lines_are_dropped() -> None:
    html = "<p>The lido opens on Saturday.</p><p>Read more about the lido on our site.</p>"
    assert summary(html) == "The lido opens on Saturday."


def test_appeared_first_on_is_dropped_as_a_paragraph_and_as_a_trailer() -> None:
    paragraph = (
        '<p>The lido opens on Saturday.</p><p>The post <a href="https://x.example/a">Lido'
        '</a> appeared first on <a href="https://x.example">The Weekly</a>.</p>'
    )
    assert summary(paragraph) == "The lido opens on Saturday."
    inline = "<p>The lido opens on Saturday. The post Lido appeared first on The Weekly.</p>"
    assert summary(inline) == "The lido opens on Saturday."


@pytest.mark.parametrize(
    "promo",
    [
        "<p>Subscribe to our newsletter for the latest news.</p>",
        "<p>Sign up for our daily briefing.</p>",
        "<p>Support our journalism from £1 a week.</p>",
        "<p>Advertisement</p>",
        "<p>Sponsored by Vale Garden Centre.</p>",
        '<div class="newsletter-signup"><p>Get the Weekly in your inbox.</p></div>',
        "<aside><p>Most read this week</p></aside>",
    ],
)
def test_promotional_trailers_are_dropped(promo: str) -> None:
    assert summary(f"<p>The lido opens on Saturday.</p>{promo}") == ("The lido opens on Saturday.")


def test_scripts_styles_forms_and_embeds_lose_their_contents() -> None:
    html = (
        "<style>p { color: red }</style><script>track('visit')</script>"
        "<p>The lido opens on Saturday.<noscript>Enable JavaScript</noscript></p>"
        '<form><label>Email</label><input name="e"><button>Go</button></form>'
        '<iframe src="https://video.example/embed">Watch the video</iframe>'
        "<object>Flash</object><svg><text>Logo</text></svg>"
    )
    assert summary(html) == "The lido opens on Saturday."


def test_hidden_text_is_dropped() -> None:
    html = (
        '<p>The lido opens on Saturday.<span style="display: none">cheap pills</span>'
        '<span hidden>more spam</span><span aria-hidden="true">icon</span></p>'
    )
    assert summary(html) == "The lido opens on Saturday."


def test_headings_inside_the_content_are_dropped() -> None:
    assert summary("<h2>Lido opens</h2><p>The lido opens on Saturday.</p>") == (
        "The lido opens on Saturday."
    )


# -- length -------------------------------------------------------------------


def test_a_long_summary_is_cut_at_a_sentence_end_within_60_words() -> None:
    sentence = "Councillors met on Thursday evening to discuss the plans for the park."
    html = "<p>" + " ".join([sentence] * 8) + "</p><p>Second paragraph.</p>"
    result = summary(html)
    assert result == " ".join([sentence] * 5)
    assert len(result.split()) == 60


def test_a_second_paragraph_is_kept_while_it_fits() -> None:
    html = "<p>The lido opens on Saturday.</p><p>Swims are free for under-16s.</p><p>Third.</p>"
    assert summary(html) == "The lido opens on Saturday.\n\nSwims are free for under-16s."


def test_a_second_paragraph_is_cut_at_a_sentence_or_left_out() -> None:
    first = " ".join(["word"] * 50) + "."
    second = "Short one. " + " ".join(["Longer"] * 30) + "."
    assert summary(f"<p>{first}</p><p>{second}</p>") == f"{first}\n\nShort one."
    assert summary(f"<p>{first}</p><p>{' '.join(['x'] * 20)}.</p>") == first


def test_abbreviations_and_initials_do_not_end_a_sentence() -> None:
    words = " ".join(["long"] * 50)
    html = f"<p>Dr. Smith and J. K. Hall met Cllr. Ruiz on St. Mark's Road, {words}. Next.</p>"
    result = summary(html)
    assert result.startswith("Dr. Smith and J. K. Hall met Cllr. Ruiz on St. Mark's Road")
    assert result.endswith(f"{words}.")


def test_an_endless_first_sentence_is_cut_after_60_words_with_an_ellipsis() -> None:
    result = summary("<p>" + " ".join(f"w{i}" for i in range(200)) + "</p>")
    assert result == " ".join(f"w{i}" for i in range(60)) + "…"


def test_a_first_sentence_up_to_twice_the_length_is_kept_whole() -> None:
    sentence = " ".join(["word"] * 90) + "."
    assert summary(f"<p>{sentence} Another sentence.</p>") == sentence


def test_the_word_limit_is_an_option() -> None:
    assert summary("<p>One two three. Four five six.</p>", words=4) == "One two three."


# -- text, entities and markup --------------------------------------------------


def test_entities_are_decoded() -> None:
    html = "<p>Fish &amp; chips cost &pound;5&nbsp;at Tom&#8217;s &#x2013; a bargain.</p>"
    assert summary(html) == "Fish & chips cost £5 at Tom\u2019s \u2013 a bargain."


def test_an_entity_in_the_text_stays_text() -> None:
    result = summary("<p>Write &amp;copy; to get the sign.</p>")
    assert result == r"Write \&copy; to get the sign."
    assert html_of(result) == "<p>Write &amp;copy; to get the sign.</p>"


def test_markup_other_than_links_and_emphasis_becomes_its_text() -> None:
    html = (
        '<div><span class="x">The <abbr title="Vale">VDC</abbr> met</span> in the '
        "<u>town hall</u>.</div><table><tr><td>Votes</td><td>9</td></tr></table>"
    )
    assert summary(html) == "The VDC met in the town hall.\n\nVotes 9"


def test_lists_and_quotes_become_plain_paragraphs() -> None:
    html = "<blockquote><p>We expected dozens.</p></blockquote><ul><li>Four hundred came.</li></ul>"
    assert summary(html) == "We expected dozens.\n\nFour hundred came."


def test_markdown_characters_in_the_text_cannot_make_markup() -> None:
    html = (
        "<p>Use *stars*, _lines_, [brackets](https://evil.example), `code`, "
        "&lt;b&gt;tags&lt;/b&gt; and a back\\slash.</p><p># not a heading</p>"
        "<p>- not a list</p><p>2026. Not a list either</p><p>&gt; not a quote</p>"
    )
    result = summary(html)
    rendered = html_of(result)
    assert "<a " not in rendered and "<em>" not in rendered and "<code>" not in rendered
    text = re.sub(r"</?p>", "", rendered)
    assert "*stars*, _lines_, [brackets](https://evil.example), `code`" in text
    assert "# not a heading" in text
    assert "- not a list" in text
    assert "2026. Not a list either" in text
    assert "&gt; not a quote" in text


def test_emphasis_is_kept_as_markdown() -> None:
    html = "<p>A <em>bold</em> plan, <i>it</i> said, and <strong>very</strong> <b>cheap</b>.</p>"
    assert summary(html) == "A *bold* plan, *it* said, and **very** **cheap**."


def test_emphasis_edges_move_spaces_outside_the_markers() -> None:
    assert summary("<p>A<em> free </em>swim and <strong><em>both</em></strong>.</p>") == (
        "A *free* swim and ***both***."
    )


def test_emphasis_that_markdown_would_misread_is_dropped() -> None:
    result = summary('<p>Say x<em>"yes"</em>y now.</p>')
    assert result == 'Say x"yes"y now.'


def test_twice_escaped_html_is_read_as_html() -> None:
    html = (
        "&lt;p&gt;The lido opens &lt;b&gt;Saturday&lt;/b&gt;.&lt;/p&gt;"
        "&lt;script&gt;x()&lt;/script&gt;"
    )
    assert summary(html) == "The lido opens **Saturday**."


def test_plain_text_is_escaped_and_split_at_blank_lines() -> None:
    result = summary("Sessions *every* Thursday.\n\n<b>Bring</b> trainers.", html=False)
    assert result == "Sessions \\*every\\* Thursday.\n\n\\<b>Bring\\</b> trainers."


def test_nothing_in_gives_nothing_out() -> None:
    assert summary("") == ""
    assert summary("   ") == ""
    assert summary("<script>only()</script>") == ""


def test_deeply_nested_markup_does_not_break() -> None:
    assert summary("<span>" * 200 + "deep text." + "</span>" * 200) == "deep text."
    # Past the HTML parser's depth limit the text is lost, never the run.
    assert summary("<span>" * 20000 + "deeper." + "</span>" * 20000) in ("", "deeper.")


# -- links ------------------------------------------------------------------------


def test_links_are_kept_and_relative_ones_resolved_against_the_item() -> None:
    html = '<p>See the <a href="/lido/timetable">timetable</a> and <a href="https://x.example/a?b=1&amp;c=2">map</a>.</p>'
    assert summary(html) == (
        "See the [timetable](https://www.millbrookweekly.example/lido/timetable) and "
        "[map](https://x.example/a?b=1&c=2)."
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java&#x09;script:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "mailto:editor@example.org",
        "ftp://files.example/x",
    ],
)
def test_links_that_are_not_http_become_plain_text(href: str) -> None:
    result = summary(f'<p>Win a <a href="{href}">prize</a> today.</p>')
    assert result == "Win a prize today."


def test_a_relative_link_without_a_base_becomes_text() -> None:
    assert summarize('<p>See <a href="/x">this</a>.</p>') == "See this."


def test_link_urls_and_labels_cannot_break_the_markdown() -> None:
    html = '<p><a href="https://x.example/wiki/Mill_(river) page">The [Mill] river</a></p>'
    result = summary(html)
    assert result == r"[The \[Mill\] river](https://x.example/wiki/Mill_%28river%29%20page)"
    assert 'href="https://x.example/wiki/Mill_%28river%29%20page"' in html_of(result)


# -- plain text and images ---------------------------------------------------------


def test_html_to_text_gives_one_line_without_markup() -> None:
    assert html_to_text("Tom &amp; <b>Jerry</b><script>x()</script>\n<p>again</p>") == (
        "Tom & Jerry again"
    )


def test_clean_text_removes_controls_and_invisible_characters() -> None:
    assert clean_text(" a\u202eb\x00c\u200b d\r\n\te\u2028f ") == "abc d e f"


def test_web_url_accepts_http_only_and_encodes_what_the_format_refuses() -> None:
    assert web_url("/a b", base="https://x.example/c") == "https://x.example/a%20b"
    assert web_url('https://x.example/"><script>') == "https://x.example/%22%3E%3Cscript%3E"
    assert web_url("https:///nohost") is None
    assert web_url("//cdn.example/i.png", base="https://x.example/") == "https://cdn.example/i.png"
    assert web_url("http://[bad") is None


def test_first_image_skips_trackers_and_resolves_against_the_base() -> None:
    html = (
        '<img src="https://t.example/pixel.gif" width="1" height="1">'
        '<img src="data:image/png;base64,AAAA">'
        '<p><img data-src="../img/a.jpg" alt=" The  bridge " width="800" height="450"></p>'
    )
    assert first_image(html, base=BASE) == (
        "https://www.millbrookweekly.example/news/2026/img/a.jpg",
        "The bridge",
        800,
        450,
    )
    assert first_image("<p>No pictures</p>", base=BASE) is None
