"""What the saved news pages in ``tests/fixtures/web`` must come out as.

Each page lists its headline, its subheads in order, a sentence of its body,
and strings from its furniture (menus, cookie banner, ads, related links,
footer, comments, scripts, styles) that must not reach the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "web"


@dataclass(frozen=True)
class Page:
    file: str
    title: str
    subheads: tuple[str, ...]
    body: str
    furniture: tuple[str, ...]

    @property
    def path(self) -> Path:
        return FIXTURES / self.file


PAGES = (
    Page(
        file="harbour-flood.html",
        title="Harbour district braces for record tide as flood barrier fails test",
        subheads=(
            "What went wrong at the northern pier",
            "Evacuation plans for the lowest streets",
            "Questions for the council",
        ),
        body="the gate could still be closed manually, using a backup winch system",
        furniture=(
            "We use cookies",
            "Accept all cookies",
            "Home News Desk",
            "World Affairs Hub",
            "Search the Herald",
            "Mega Discount Mattress",
            "Advertisement",
            "Scandinavian Oak Worktops",
            "Sponsored",
            "Related articles",
            "Council approves budget for second sea wall upgrade",
            "Share on Facebook",
            "All rights reserved",
            "Privacy Notice",
            "TRACKER_SECRET_QX17",
            "INLINE_SCRIPT_MARKER_77",
            "STYLE-MARKER-ZX81",
            "font-family",
            "dataLayer",
        ),
    ),
    Page(
        file="night-train.html",
        title="Night train returns to mountain line after eleven-year gap",
        subheads=(),
        body="A bed in a four-berth compartment will cost 49 euros one way",
        furniture=(
            "We use cookies",
            "Accept",
            "Local Valley News",
            "Travel Supplement",
            "Sign up for our newsletter",
            "Read more:",
            "Ten lakeside walks",
            "Luxury Spa Breaks",
            "Most read",
            "Bridge repairs to close valley road",
            "Footer imprint text",
            "AD_LOADER_MARKER_31",
            "promo-box",
        ),
    ),
    Page(
        file="solar-farm-cms.html",
        title="Farmers split over plan for the county's largest solar farm",
        subheads=(
            "A guaranteed income for forty years",
            "Fears for grade two soil",
            "What happens next",
        ),
        body="sheep would graze between the rows of panels",
        furniture=(
            "We use cookies",
            "Deny",
            "County News Roundup",
            "Independent news for the Wolds",
            "Click to share on Twitter",
            "Wind turbine appeal rejected",
            "Related",
            "COMMENT_MARKER_ONE",
            "thoughts on",
            "Advertise with the Gazette",
            "Village fete raises record sum",
            "Gazette footer colophon",
            "Posted in",
            "WP_EMOJI_MARKER",
            "WP_INLINE_STYLE_MARKER",
            "WP_FOOTER_SCRIPT_MARKER",
        ),
    ),
)
