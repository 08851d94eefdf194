"""The contact sheet of check --render --shots: every mode's screenshot on one page."""

from __future__ import annotations

from html import escape

from newsletter.checks.render.look import Shot

_STYLE = (
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#eee;color:#222}"
    "section{margin:0 0 32px}h2{font-size:16px;margin:0 0 8px}"
    ".row{display:flex;gap:16px;align-items:flex-start;overflow-x:auto}"
    "figure{margin:0;background:#fff;padding:8px;box-shadow:0 1px 3px #0003}"
    "figcaption{font-size:12px;color:#555;margin:0 0 6px}img{display:block}"
)


def contact_sheet(slug: str, shots: list[Shot]) -> str:
    """Return an HTML page showing the shots (each beside it in one folder), mode by mode."""
    sections = []
    for mode in dict.fromkeys(shot.mode for shot in shots):
        figures = "".join(
            f"<figure><figcaption>{shot.width} px</figcaption>"
            f'<a href="{escape(shot.path.name)}"><img src="{escape(shot.path.name)}" '
            f'width="{round(shot.width / 2)}" alt="{escape(mode.label)} at {shot.width} px">'
            "</a></figure>"
            for shot in shots
            if shot.mode == mode
        )
        sections.append(
            f'<section><h2>{escape(mode.label)}</h2><div class="row">{figures}</div></section>'
        )
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(slug)}: check --render</title><style>{_STYLE}</style></head>"
        f"<body><h1>{escape(slug)}</h1>{''.join(sections)}</body></html>\n"
    )
