"""The sample article's export, used by the snapshot and the validator tests."""

from __future__ import annotations

from reader.annotations.model import Anchor
from reader.export.model import ExportArticle, build_export

from .factories import SECTION_TITLES, ann, exact_anchor, sample_article


def sample_export() -> ExportArticle:
    article = sample_article()
    text = article.text
    anns = [
        ann(text, "it bolstered its “combat power” in eastern Syria", n=1,
            tags=("Tanf", "US military"),
            note="First public admission of a build-up.\n# Not a heading\n> not a quote",
            section=SECTION_TITLES[0]),
        ann(text, "he said, “We see that as a threat”", n=2, color="pink", tags=("threat",),
            section=SECTION_TITLES[0]),
        ann(text, "A “senior diplomat” confirmed that the US and Russian officials “met more "
            "than once” in “rather serious discussions”. However, he noted the growing "
            "tension in the east between US-supported rebels and pro-Assad forces: “At the "
            "same time [they are] trying to increase their bargaining power through moves on "
            "the ground [to see] who has the upper hand in the Euphrates Valley.”\n\n"
            "Vladimir Putin may also have alluded to the talks", n=3, color="blue",
            tags=("diplomacy", "Russia"), note="Two sources, *both* anonymous; compare "
            "with [Le Figaro](https://www.lefigaro.fr/).", section=SECTION_TITLES[1]),
        ann(text, "85% of al-Lataminah has been damaged", n=4, color="green",
            tags=("Lataminah", "damage"), note="1. homes\n2. schools & <b>hospitals</b>",
            section=SECTION_TITLES[2]),
    ]
    # A fifth annotation whose passage has since been edited out of the article.
    orphan = ann(text + "\n\nThe convoy turned back at the border.", "The convoy turned back",
                 n=5, color="purple", tags=("Tanf",), note="Was in an earlier version.",
                 section=SECTION_TITLES[0])
    anchors = [exact_anchor(a, text) for a in anns] + [Anchor("orphan")]
    return build_export(article, article.uri, article.title, [*anns, orphan], anchors=anchors)
