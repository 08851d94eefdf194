"""Picture files as a build step: real files of real kinds, transformed or refused."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

from newsletter.images.transform import ImageRefused, Spec, transform
from tests.support import EXAMPLE_SLUG, edit_settings, issue_data, run_cli, write_issue

# -- real files, made with Pillow ----------------------------------------------------


def photo(size: tuple[int, int]) -> Image.Image:
    """A picture with a photo's many colours: gradients and grain."""
    grain = Image.effect_noise(size, 40)
    return Image.merge(
        "RGB",
        (Image.linear_gradient("L").resize(size), grain, Image.radial_gradient("L").resize(size)),
    )


def jpeg_rotated_with_gps(size: tuple[int, int] = (3000, 2000)) -> bytes:
    """A camera-like JPEG stored landscape, EXIF orientation 6 (shown portrait), with GPS."""
    picture = photo(size)
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 40.0)})
    stream = io.BytesIO()
    picture.save(stream, "JPEG", exif=exif, quality=90)
    return stream.getvalue()


def png_with_alpha() -> bytes:
    picture = Image.new("RGBA", (400, 300), (200, 30, 30, 0))
    picture.paste((20, 40, 200, 255), (50, 50, 350, 250))
    stream = io.BytesIO()
    picture.save(stream, "PNG")
    return stream.getvalue()


def cmyk_jpeg() -> bytes:
    picture = photo((800, 600)).convert("CMYK")
    stream = io.BytesIO()
    picture.save(stream, "JPEG", quality=90)
    return stream.getvalue()


def png_16_bit() -> bytes:
    grain = Image.effect_noise((600, 400), 60).convert("I")
    picture = grain.point(lambda value: value * 257).convert("I;16")
    stream = io.BytesIO()
    picture.save(stream, "PNG")
    return stream.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (100, 100), colour) for colour in ("red", "green", "blue")]
    stream = io.BytesIO()
    frames[0].save(stream, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return stream.getvalue()


def truncated_jpeg() -> bytes:
    return jpeg_rotated_with_gps((800, 600))[:6000]


def bomb_png() -> bytes:
    """A PNG whose header says 30000 x 30000 pixels (a Pillow-made PNG, its size rewritten)."""
    stream = io.BytesIO()
    Image.new("1", (8, 8)).save(stream, "PNG")
    data = bytearray(stream.getvalue())
    body = b"IHDR" + struct.pack(">II", 30_000, 30_000) + bytes(data[24:29])
    data[12:29] = body
    data[29:33] = struct.pack(">I", zlib.crc32(body))
    return bytes(data)


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def png_named_jpg() -> bytes:
    return png_with_alpha()


def opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


# -- the transform ------------------------------------------------------------------


def test_orientation_is_applied_and_every_piece_of_metadata_dropped() -> None:
    out = transform(jpeg_rotated_with_gps(), Spec(width=1104))
    picture = opened(out.data)
    assert (out.format, picture.format) == ("JPEG", "JPEG")
    assert picture.size == (out.width, out.height) == (1104, 1656)  # portrait now
    assert not picture.getexif()
    assert b"PhoneMaker" not in out.data and b"Exif" not in out.data
    assert "icc_profile" not in picture.info
    assert picture.info.get("progressive") or picture.info.get("progression")


def test_crop_keeps_the_focal_point_in_view() -> None:
    # A white square on the right of a black picture; focus on it.
    source = Image.new("RGB", (1200, 400), "black")
    source.paste("white", (1000, 150, 1100, 250))
    stream = io.BytesIO()
    source.save(stream, "PNG")
    out = transform(stream.getvalue(), Spec(width=200, aspect=1.0, focus=(0.875, 0.5)))
    picture = opened(out.data).convert("L")
    assert picture.size == (200, 200)
    assert picture.getpixel((100, 100)) > 200  # the square is in the middle


def test_transparent_png_stays_a_transparent_palette_png() -> None:
    out = transform(png_with_alpha(), Spec(width=1104))
    picture = opened(out.data)
    assert out.format == "PNG" and picture.mode == "P"
    assert picture.size == (400, 300)  # never enlarged
    assert out.source_width == 400
    assert picture.convert("RGBA").getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(
    ("make", "kind"), [(cmyk_jpeg, "JPEG"), (png_16_bit, "JPEG"), (png_named_jpg, "PNG")]
)
def test_other_kinds_become_email_images(make: object, kind: str) -> None:
    out = transform(make(), Spec(width=300))  # type: ignore[operator]
    picture = opened(out.data)
    assert picture.format == kind
    assert picture.mode in ("RGB", "L", "P")
    assert picture.size[0] == 300


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (animated_gif, "animated"),
        (truncated_jpeg, "truncated"),
        (bomb_png, "more pixels"),
        (lambda: SVG, "SVG"),
        (lambda: b"not a picture at all", "not a picture"),
    ],
)
def test_bad_files_are_refused_with_what_to_do(make: object, words: str) -> None:
    from PIL import Image as PILImage

    limit = PILImage.MAX_IMAGE_PIXELS
    with pytest.raises(ImageRefused, match=words):
        transform(make(), Spec(width=300))  # type: ignore[operator]
    assert limit == PILImage.MAX_IMAGE_PIXELS  # the bomb guard stays as Pillow set it


# -- through the build ----------------------------------------------------------------


def use_picture(site: Path, name: str, data: bytes, **image: object) -> Path:
    """Put a picture beside the example issue and make it the lead's image."""
    path = site / "content" / "issues" / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    front, body = issue_data(site)
    front["blocks"][0]["image"] = {"src": f"images/{name}", "alt": "A photo", **image}
    write_issue(site, front, body)
    return path


def lead_img(site: Path) -> lxml_html.HtmlElement:
    tree = lxml_html.fromstring((site / "out" / EXAMPLE_SLUG / "email.html").read_bytes())
    return tree.cssselect(".block-lead img")[0]


def test_the_build_uses_the_hosted_url_and_the_output_file_size(site: Path) -> None:
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps(), width=552, height=276)
    text_before = None
    result = run_cli("build", root=site, check=True)
    assert "images " in result.stdout and " KB" in result.stdout
    img = lead_img(site)
    src = img.get("src")
    assert src.startswith("https://images.millbrookweekly.example/newsletter/castle-")
    assert src.endswith(".jpg")
    assert (img.get("width"), img.get("height")) == ("552", "276")  # cropped to 2:1
    manifest = json.loads((site / "out" / EXAMPLE_SLUG / "manifest.json").read_text())
    (entry,) = manifest["images"]
    assert (entry["width"], entry["height"], entry["url"]) == (1104, 552, src)
    assert manifest["image_bytes"] == entry["bytes"]
    text_before = (site / "out" / EXAMPLE_SLUG / "email.txt").read_text()
    assert "castle" not in text_before


def test_each_bad_file_is_one_line_naming_it(site: Path) -> None:
    folder = site / "content" / "issues" / "images"
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        "moving.gif": animated_gif(),
        "cut.jpg": truncated_jpeg(),
        "bomb.png": bomb_png(),
        "drawing.png": SVG,
    }
    front, body = issue_data(site)
    for name, data in bad.items():
        (folder / name).write_bytes(data)
        front["blocks"].append({"type": "image", "src": f"images/{name}", "alt": name})
    front["blocks"].append({"type": "image", "src": "images/missing.jpg", "alt": "gone"})
    write_issue(site, front, body)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    for name in [*bad, "missing.jpg"]:
        named = [line for line in lines if name in line]
        assert len(named) == 1, (name, lines)
    assert "Traceback" not in result.stderr


def test_an_svg_path_is_refused_when_the_content_is_read(site: Path) -> None:
    use_picture(site, "logo.svg", SVG)
    result = run_cli("build", root=site)
    assert result.returncode == 2
    assert "blocks[0].image.src" in result.stderr and "SVG" in result.stderr


def test_a_small_source_is_not_enlarged_and_check_says_so(site: Path) -> None:
    use_picture(site, "small.png", png_with_alpha())
    run_cli("build", root=site, check=True)
    img = lead_img(site)
    assert img.get("width") == "552"
    result = run_cli("check", "--json", root=site)
    found = [f for f in json.loads(result.stdout) if f["rule"] == "img.source-small"]
    assert len(found) == 1 and "small.png" in found[0]["message"]


def test_budgets_are_reported_with_the_picture_and_its_slot(site: Path) -> None:
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps())
    settings = (site / "content" / "newsletter.yaml").read_text()
    settings = settings.replace("image_budget: 200000", "image_budget: 1000")
    settings = settings.replace("issue_budget: 1000000", "issue_budget: 1000")
    (site / "content" / "newsletter.yaml").write_text(settings)
    result = run_cli("check", "--json", root=site)
    found = {f["rule"]: f["message"] for f in json.loads(result.stdout)}
    assert "castle.jpg" in found["img.budget"] and "lead image" in found["img.budget"]
    assert "over the 1 KB budget" in found["img.issue-budget"]


def test_an_unchanged_picture_is_transformed_once(site: Path, cache_folder: Path) -> None:
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps((1600, 1200)))
    run_cli("build", root=site, check=True)

    def kept() -> dict[Path, int]:
        return {path: path.stat().st_mtime_ns for path in cache_folder.glob("*/images/*")}

    entries = kept()
    data, body = issue_data(site)
    data["subject"] = "A changed subject"
    write_issue(site, data, body)
    run_cli("build", root=site, check=True)  # the issue renders again, its pictures do not
    assert entries and kept() == entries
    # A changed picture is built again, with a new name.
    before = lead_img(site).get("src")
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps((1700, 1200)))
    run_cli("build", root=site, check=True)
    assert lead_img(site).get("src") != before


# -- hosting with the archive, the ledger and export --------------------------------


def archive_host(site: Path) -> None:
    settings = (site / "content" / "newsletter.yaml").read_text()
    settings = settings.replace("  host: s3\n", "  host: archive\n")
    (site / "content" / "newsletter.yaml").write_text(settings)
    edit_settings(site, archive={"base_url": "https://www.millbrookweekly.example/newsletter/"})
    front, body = issue_data(site)
    front["status"] = "ready"
    write_issue(site, front, body)


def test_push_to_the_archive_folder_records_the_ledger_and_unlocks_export(site: Path) -> None:
    archive_host(site)
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps((1600, 1200)))
    run_cli("build", root=site, check=True)
    src = lead_img(site).get("src")
    assert src.startswith("https://www.millbrookweekly.example/newsletter/images/castle-")
    name = src.rsplit("/", 1)[1]
    page = (site / "out" / "archive" / EXAMPLE_SLUG / "index.html").read_text()
    assert src in page and "images/castle.jpg" not in page
    assert not (site / "out" / "archive" / "images").exists()  # build uploads nothing

    refused = run_cli("export", EXAMPLE_SLUG, "--service", "mailchimp", root=site)
    assert refused.returncode == 2
    (line,) = refused.stderr.strip().splitlines()
    assert "content/issues/images/castle.jpg" in line
    assert f"newsletter images push {EXAMPLE_SLUG}" in line

    pushed = run_cli("images", "push", EXAMPLE_SLUG, root=site, check=True)
    assert "pushed 1 picture to out/archive/images/" in pushed.stdout
    hosted = site / "out" / "archive" / "images" / name
    assert opened(hosted.read_bytes()).size[0] == 1104
    ledger = json.loads((site / "content" / "images.lock").read_text())
    (entry,) = [entry for entry in ledger["images"].values() if entry["name"] == name]
    assert entry["url"] == src and entry["bytes"] == hosted.stat().st_size

    again = run_cli("images", "push", root=site, check=True)
    assert "pushed 0 pictures" in again.stdout and "1 already there" in again.stdout
    run_cli("build", "--force", root=site, check=True)
    assert hosted.is_file()  # the archive's rebuild keeps pushed pictures
    run_cli("export", EXAMPLE_SLUG, "--service", "mailchimp", root=site, check=True)


def test_a_picture_problem_names_the_line_of_its_field(site: Path) -> None:
    use_picture(site, "cut.jpg", truncated_jpeg())
    front, body = issue_data(site)
    front["blocks"].append({"type": "image", "src": "images/missing.jpg", "alt": "gone"})
    write_issue(site, front, body)
    issue = (site / "content" / "issues" / f"{EXAMPLE_SLUG}.md").read_text().splitlines()
    result = run_cli("build", root=site)
    assert result.returncode == 2
    for name in ("cut.jpg", "missing.jpg"):
        (line,) = [line for line in result.stderr.splitlines() if name in line]
        place = line.removeprefix("error: ").split(": ", 1)[0]
        file, number = place.rsplit(":", 1)
        assert file == f"content/issues/{EXAMPLE_SLUG}.md", line
        assert f"src: images/{name}" in issue[int(number) - 1], (line, issue[int(number) - 1])


def test_build_workers_leave_no_picture_folder_behind(site: Path, tmp_path: Path) -> None:
    """Workers end without Python's exit handlers: each removes its own picture folder."""
    use_picture(site, "castle.jpg", jpeg_rotated_with_gps((1600, 1200)))
    front, body = issue_data(site)
    for number in range(3):
        write_issue(site, {**front, "number": 100 + number}, body, slug=f"copy-{number}")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    command = ["build", "--force", "--jobs", "2", "-q", "--root", str(site)]
    result = subprocess.run(
        [sys.executable, "-m", "newsletter", *command],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    assert result.returncode == 0, result.stderr
    assert (site / "out" / "copy-2" / "email.html").is_file()
    assert sorted(path.name for path in temporary.iterdir()) == []
