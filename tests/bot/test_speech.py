"""Every catalogue speaks both languages: each key has a Chinese and an English sentence (or
is silent in both), and both take the same {placeholders}, so filling one never breaks the other."""

from __future__ import annotations

import string

import pytest

from bot import speech
from bot.web import change_words, dashboard_i18n
from handlers.texts import admin, buyer, media, receiving, supplier
from scheduler import texts as scheduler_texts
from storage import plans

CATALOGUES: dict[str, speech.Catalogue] = {
    "chat: supplier": supplier.CATALOGUE,
    "chat: receiving": receiving.CATALOGUE,
    "chat: admin": admin.TEXTS,
    "chat: media": media.TEXTS,
    "chat: buyer": buyer.TEXTS,
    "chat: kinds": buyer.KIND_LABELS,
    "chat: order states": buyer.ORDER_STATUS_LABELS,
    "scheduler": scheduler_texts._TEXTS,
    "pages": dashboard_i18n.TEXTS,
    "pages: history": change_words._WORDS,
    "nodes": plans.NODE_LABELS,
    "processes": plans.TEMPLATE_NAMES,
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_key_has_both_languages_with_the_same_placeholders(name: str) -> None:
    for key, pair in CATALOGUES[name].items():
        assert isinstance(pair, tuple) and len(pair) == 2, (name, key)
        zh, en = pair
        assert bool(zh.strip()) == bool(en.strip()), (name, key)  # silent (""), then silent in both
        assert placeholders(zh) == placeholders(en), (name, key, zh, en)


def test_chinese_unless_english() -> None:
    catalogue = {"due": ("{po} 今天到期", "{po} is due today")}
    assert speech.say(catalogue, "due", "zh", po="1001") == "1001 今天到期"
    assert speech.say(catalogue, "due", "en", po="1001") == "1001 is due today"
    assert speech.label(plans.NODE_LABELS, "shipped", "en") != speech.label(plans.NODE_LABELS, "shipped", "zh")
    assert speech.label(plans.NODE_LABELS, "polishing", "zh") == "polishing"  # a code without a name shows itself
