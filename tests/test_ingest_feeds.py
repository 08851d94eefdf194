"""Parsing RSS, Atom and JSON feeds into items, refusing what is not a feed, choosing items."""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest

from newsletter.ingest.errors import FeedError
from newsletter.ingest.feeds import ALT_PROMPT, TITLE_PROMPT, Item, parse_feed, select, url_key

FEEDS = Path(__file__).parent / "feeds"
UTC = dt.timezone.utc
SITE = "https://www.millbrookweekly.example"


def parse(name: str, **options: object) -> list[Item]:
    body = (FEEDS / name).read_bytes()
    return parse_feed(body, url=f"https://feeds.example/{name}", **options)  # type: ignore[arg-type]


def refused(body: bytes, **options: object) -> FeedError:
    with pytest.raises(FeedError) as caught:
        parse_feed(body, url="https://feeds.example/feed", **options)  # type: ignore[arg-type]
    error = caught.value
    assert error.message.startswith("feed https://feeds.example/feed: ")
    assert "\n" not in error.message
    return error


def by_title(items: list[Item]) -> dict[str, Item]:
    return {item.title: item for item in items}


# -- RSS 2.0 --------------------------------------------------------------------


def test_rss_item_fields() -> None:
    item = parse("rss2.xml")[0]
    assert item.title == "Mill Lane footbridge reopens after eight months of repairs"
    assert item.url == f"{SITE}/news/2026/06/mill-lane-footbridge-reopens"
    assert item.date == dt.datetime(2026, 6, 2, 8, 30, tzinfo=UTC)
    assert item.label == "Transport"
    assert item.tags == ("Transport", "Mill Lane")
    assert item.author == "Priya Shah"
    assert item.byline == "By Priya Shah"
    assert item.summary == (
        "The footbridge linking Mill Lane to the station car park opened again on Tuesday, "
        "two weeks ahead of the council\u2019s schedule. The 1920s iron span now has a "
        "non-slip deck, a gentler ramp and new lighting.\n\n"
        "Commuters said the detour through **Station Road** added up to twenty minutes a "
        "day. The council says the repairs came in at £412,000."
    )


def test_media_content_gives_the_image_with_its_description_as_alt() -> None:
    image = parse("rss2.xml")[0].image
    assert image is not None
    assert image.src == f"{SITE}/img/2026/06/footbridge-1104.jpg"
    assert image.alt == "Cyclists and walkers crossing the newly painted footbridge"
    # 1104 x 620 shown at the 552 px column keeps its shape.
    assert (image.width, image.height) == (552, 310)


def test_a_narrower_column_width_is_an_option() -> None:
    image = parse("rss2.xml", width=300)[0].image
    assert image is not None
    assert (image.width, image.height) == (300, 168)


def test_a_thumbnail_over_http_is_upgraded_and_keeps_its_smaller_width() -> None:
    item = by_title(parse("rss2.xml"))[
        "Riverside lido opens a fortnight early with free swims for under-16s"
    ]
    assert item.image is not None
    assert item.image.src == f"{SITE}/img/2026/06/lido-240.jpg"
    assert (item.image.width, item.image.height) == (240, 160)
    assert item.image.alt == ALT_PROMPT


def rss_item(inner: str) -> Item:
    body = (
        "<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/'><channel><title>T"
        "</title><link>https://x.example/</link><item><title>A</title>"
        f"<link>https://x.example/news/a</link>{inner}</item></channel></rss>"
    ).encode()
    (item,) = parse_feed(body, url="https://feeds.example/feed")
    return item


def test_images_are_taken_from_media_then_thumbnail_then_enclosure_then_content() -> None:
    content = "<media:content url='https://x.example/m.jpg' medium='image'/>"
    video = "<media:content url='https://x.example/v.mp4' medium='video'/>"
    thumbnail = "<media:thumbnail url='https://x.example/t.jpg'/>"
    enclosure = "<enclosure url='/e.png' type='image/png' length='1'/>"
    inline = "<description>&lt;img src='i.jpg' alt='Inline'&gt;</description>"
    sources = [content, thumbnail, enclosure, inline]
    expected = [
        "https://x.example/m.jpg",
        "https://x.example/t.jpg",
        "https://x.example/e.png",
        "https://x.example/news/i.jpg",
    ]
    for start, src in enumerate(expected):
        image = rss_item(video + "".join(reversed(sources[start:]))).image
        assert image is not None
        assert image.src == src
    assert rss_item(inline).image.alt == "Inline"  # type: ignore[union-attr]
    assert rss_item(video).image is None


def test_a_json_banner_image_is_used_when_there_is_no_image() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1", "items": [{"id": "1", '
        b'"url": "https://x.example/a", "banner_image": "http://x.example/b.jpg"}]}'
    )
    (item,) = parse_feed(body, url="https://x.example/feed.json")
    assert item.image is not None
    assert item.image.src == "https://x.example/b.jpg"


def test_relative_links_resolve_against_the_site_and_then_the_item() -> None:
    item = by_title(parse("rss2.xml"))[
        "Riverside lido opens a fortnight early with free swims for under-16s"
    ]
    assert item.url == f"{SITE}/news/2026/06/lido-opens-early"
    assert f"[timetable]({SITE}/lido/timetable)" in item.summary
    assert "Continue reading" not in item.summary
    assert "Share" not in item.summary


def test_content_encoded_is_used_when_there_is_no_description() -> None:
    item = by_title(parse("rss2.xml"))[
        "Parking charges on the High Street to stay the same this year"
    ]
    assert item.summary.startswith("Councillors voted 9 to 4 on Thursday")
    assert item.summary.endswith("about £30,000 a year.")
    assert item.image is None


def test_an_item_without_a_web_link_is_dropped() -> None:
    titles = [item.title for item in parse("rss2.xml")]
    assert "An item without a web link" not in titles
    assert len(titles) == 6


def test_the_source_label_is_used_when_an_item_has_no_category() -> None:
    body = (
        b"<rss version='2.0'><channel><title>T</title><link>https://x.example/</link>"
        b"<item><title>A</title><link>https://x.example/a</link></item></channel></rss>"
    )
    item = parse_feed(body, url="https://x.example/feed", label="Sport")[0]
    assert item.label == "Sport"
    assert item.tags == ()
    assert item.date is None


@pytest.mark.parametrize(
    ("author", "byline"),
    [
        ("desk@x.example", None),
        ("desk@x.example (Jo Marsh)", "By Jo Marsh"),
        ("Jo Marsh &lt;desk@x.example&gt;", "By Jo Marsh"),
        ("By Jo Marsh", "By Jo Marsh"),
    ],
)
def test_an_email_address_is_not_a_byline(author: str, byline: str | None) -> None:
    body = (
        "<rss version='2.0'><channel><title>T</title><item><title>A</title>"
        f"<link>https://x.example/a</link><author>{author}</author></item></channel></rss>"
    ).encode()
    assert parse_feed(body, url="https://x.example/feed")[0].byline == byline


# -- Atom, RSS 1.0, RSS 0.91, JSON Feed -----------------------------------------


def test_atom_entry_with_html_content() -> None:
    item = parse("atom.xml")[0]
    assert item.title == "Roadworks on the A38 & Beacon Hill: what to expect"
    assert item.url == "https://vale.example/notices/2026/roadworks-a38"
    assert item.date == dt.datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    assert item.author == "Highways team"
    assert item.tags == ("Roads", "Beacon Hill")
    assert item.summary == (
        "Resurfacing starts on **Monday 8 June** and lasts three weeks. The road will close "
        "overnight between 8pm and 6am; a signed diversion runs via Beacon Hill.\n\n"
        "Buses keep to their timetable during the day. Sign up for updates by text."
    )


def test_the_first_content_image_is_used_with_its_alt_resolved_against_the_item() -> None:
    image = parse("atom.xml")[0].image
    assert image is not None
    assert image.src == "https://vale.example/notices/media/a38-cones.jpg"
    assert image.alt == "Traffic cones along the A38 at dusk"
    assert (image.width, image.height) == (552, 310)


def test_atom_xhtml_title_text_summary_and_updated_date() -> None:
    items = parse("atom.xml")
    assert items[1].title == "Garden waste collections resume"
    assert items[1].date == dt.datetime(2026, 5, 31, 10, 0, tzinfo=UTC)
    assert items[1].summary.startswith("Brown bins are emptied fortnightly again from 1 June.")
    assert items[2].summary == (
        "The new account page lets residents see their bill, set up a \\*direct debit\\* "
        "and report a change of address. Have the 10-digit reference & the PIN from your "
        "letter ready."
    )


def test_json_feed_items() -> None:
    first, _, _ = parse("jsonfeed.json")
    assert first.title == "Millbrook Town promoted after 3\u20131 win at Vale Rovers"
    assert first.date == dt.datetime(2026, 5, 31, 16, 45, tzinfo=UTC)
    assert first.author == "Dev Mistry"
    assert first.tags == ("Football", "Millbrook Town")
    assert first.image is not None
    assert (first.image.src, first.image.width, first.image.alt) == (
        "https://sport.millbrookweekly.example/img/promotion-1200.jpg",
        552,
        ALT_PROMPT,
    )
    assert first.summary.startswith("Two goals from **Kemi Adeyemi** sealed promotion")


def test_json_feed_attachments_plain_text_and_missing_titles() -> None:
    _, second, third = parse("jsonfeed.json")
    assert second.title == TITLE_PROMPT
    assert second.summary == (
        "Over 400 runners marked ten years of the Millbrook parkrun on the riverside path."
    )
    assert second.image is not None
    assert second.image.src == "https://sport.millbrookweekly.example/img/parkrun.png"
    assert second.image.alt == "Runners crossing the finish line by the river"
    assert third.url == "https://sport.millbrookweekly.example/2026/06/cricket-nets"
    assert third.author == "Sam Patel"
    assert third.summary == (
        "Sessions run every Thursday at 6pm.\n\nBats and pads are provided; bring trainers."
    )


def test_rss_1_0() -> None:
    (item,) = parse("rss10.rdf")
    assert (item.title, item.author, item.label) == (
        "Village hall roof fund reaches its target",
        "Parish clerk",
        "Beacon",
    )
    assert item.date == dt.datetime(2026, 6, 2, 9, 0, tzinfo=UTC)
    assert item.summary == "Donations passed £20,000 this week."


def test_rss_0_91_with_its_doctype_takes_the_channel_date() -> None:
    (item,) = parse("rss091.xml")
    assert item.title == "Caf\u00e9 on the green changes hands"
    assert item.date == dt.datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def test_a_wrongly_declared_encoding_is_tolerated() -> None:
    body = (
        "<?xml version='1.0' encoding='us-ascii'?><rss version='2.0'><channel><title>T</title>"
        "<item><title>Café</title><link>https://x.example/a</link></item></channel></rss>"
    ).encode()
    assert parse_feed(body, url="https://x.example/feed", content_type="text/xml")[0].title


# -- refusals -------------------------------------------------------------------------


def test_malformed_xml_is_refused_with_its_line() -> None:
    error = refused((FEEDS / "malformed.xml").read_bytes())
    assert error.exit_code == 2
    assert "is not well-formed XML (line 6" in error.message
    assert "ask the site to fix its feed" in error.message


def test_an_undefined_entity_is_refused() -> None:
    body = b"<rss version='2.0'><channel><title>&nbsp;</title></channel></rss>"
    assert "entity that is not defined" in refused(body).message


def test_a_billion_laughs_feed_is_refused_quickly_in_little_memory() -> None:
    body = (FEEDS / "bomb.xml").read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refused(body)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.exit_code == 2
    assert "declares XML entities" in error.message
    assert elapsed < 0.1
    assert peak < 1024 * 1024


def test_a_billion_laughs_feed_in_utf_16_is_refused_too() -> None:
    body = (FEEDS / "bomb.xml").read_text().replace('<?xml version="1.0"?>', "")
    error = refused(body.lower().replace("<!doctype", "<!doctype").encode("utf-16"))
    assert "declares XML entities" in error.message


def test_an_external_entity_is_refused() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss version='2.0'><channel><title>&x;</title></channel></rss>"
    )
    assert "declares XML entities" in refused(body).message


def test_a_web_page_is_not_a_feed_and_the_message_names_its_feed() -> None:
    error = refused((FEEDS / "page.html").read_bytes(), content_type="text/html")
    assert error.exit_code == 2
    assert error.message == (
        "feed https://feeds.example/feed: is a web page, not a feed; "
        "the page names its feed: use https://feeds.example/feed.xml"
    )


def test_a_web_page_without_a_feed_link_says_what_to_look_for() -> None:
    error = refused(b"<html><body><p>Hello</p></body></html>")
    assert error.message.endswith("use the address of the site's RSS, Atom or JSON feed")


def test_xml_that_is_not_a_feed_is_refused() -> None:
    error = refused(b"<?xml version='1.0'?><note><to>Jo</to></note>")
    assert "is XML but not an RSS or Atom feed" in error.message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"just some text", "is not an RSS, Atom or JSON feed"),
        (b"/etc/passwd", "is not an RSS, Atom or JSON feed"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "is an iCalendar file; set fills: events"),
        (b'{"version": "1.0", "items": []}', "is JSON but not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "is not valid JSON"),
        (b"[" * 100_000, "is not an RSS, Atom or JSON feed"),
        (b'{"a":' * 100_000, "is not valid JSON"),
    ],
)
def test_other_documents_are_refused(body: bytes, message: str) -> None:
    error = refused(body)
    assert error.exit_code == 2
    assert message in error.message


def test_a_feed_without_items_is_refused() -> None:
    body = b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert "has no items" in refused(body).message
    json_body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "Q", "items": []}'
    assert "has no items" in refused(json_body).message


# -- choosing items ---------------------------------------------------------------


def item(url: str, day: int | None, *tags: str) -> Item:
    date = dt.datetime(2026, 6, day, 12, tzinfo=UTC) if day else None
    return Item(title=url, url=url, date=date, summary="s", tags=tags)


SINCE = dt.datetime(2026, 6, 1, 12, tzinfo=UTC)
UNTIL = dt.datetime(2026, 6, 5, 12, tzinfo=UTC)


def test_the_window_includes_its_start_and_excludes_its_end() -> None:
    items = [
        item("https://x.example/a", 1),
        item("https://x.example/b", 5),
        item("https://x.example/c", 3),
    ]
    chosen = select(items, since=SINCE, until=UNTIL)
    assert [i.url for i in chosen] == ["https://x.example/c", "https://x.example/a"]


def test_undated_items_only_pass_without_a_window() -> None:
    items = [item("https://x.example/a", None)]
    assert select(items, since=SINCE, until=UNTIL) == []
    assert select(items) == items


def test_tags_filter_case_insensitively_and_exclusion_wins() -> None:
    items = [
        item("https://x.example/a", 2, "Sport", "Football"),
        item("https://x.example/b", 3, "sport", "Sponsored"),
        item("https://x.example/c", 4, "Council"),
    ]
    assert [i.url for i in select(items, include_tags=["SPORT"])] == [
        "https://x.example/b",
        "https://x.example/a",
    ]
    chosen = select(items, include_tags=["sport"], exclude_tags=["sponsored"])
    assert [i.url for i in chosen] == ["https://x.example/a"]


def test_items_already_used_or_repeated_are_left_out() -> None:
    items = [
        item("https://x.example/a", 2),
        item("https://X.example/a/?utm_source=rss#top", 3),
        item("https://x.example/b", 4),
        item("https://x.example/c", 1),
    ]
    chosen = select(items, seen={"https://x.example/b/"})
    assert [i.url for i in chosen] == ["https://x.example/a", "https://x.example/c"]


def test_newest_first_and_at_most_max() -> None:
    items = [item(f"https://x.example/{day}", day) for day in (2, 4, 1, 3)]
    assert [i.url for i in select(items, limit=2)] == ["https://x.example/4", "https://x.example/3"]


def test_url_key_ignores_tracking_fragments_case_and_trailing_slashes() -> None:
    assert (
        url_key("HTTPS://Www.X.example:443/a/?utm_medium=x&id=2#c")
        == "https://www.x.example/a?id=2"
    )
    assert url_key("https://x.example/a?id=2") != url_key("https://x.example/a?id=3")
