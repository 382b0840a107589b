"""Bylines: which line is one, and the names it holds, split by the article's language."""

from __future__ import annotations

import pytest

from isocorpus.bylines import is_byline, split_names


@pytest.mark.parametrize(
    "line",
    [
        "Tess Carter",
        "Tess Carter.",
        "From the ISO",
        "David Camfield, Todd Gordon, Brian McDougall and Sandra Sarner",
        "Obrero Socialista",
        "Jonas Becker und Miriam Schulz",
    ],
)
def test_bylines(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Tenants in three buildings have gone on rent strike to demand the repairs they were promised.",
        "Why did so many stay silent for so long?",
        "x " * 30,
        "y" * 130,
    ],
)
def test_not_bylines(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize(
    ("byline", "language", "names"),
    [
        ("Jonas Becker und Miriam Schulz", "de", ("Jonas Becker", "Miriam Schulz")),
        ("Claire Dubois et Marc Petit", "fr", ("Claire Dubois", "Marc Petit")),
        ("Ana Ferreira e Paulo Santos", "pt", ("Ana Ferreira", "Paulo Santos")),
        ("Giulia Rossi e Marco Bianchi", "it", ("Giulia Rossi", "Marco Bianchi")),
        ("Ana Ruiz y Bo Chen", "es", ("Ana Ruiz", "Bo Chen")),
        ("Maryam A and Nikki W", "en", ("Maryam A", "Nikki W")),
        ("Maryam A and Nikki W", "de", ("Maryam A", "Nikki W")),  # and is understood anywhere
        ("A, B & C", "fr", ("A", "B", "C")),
        ("Jonas Becker und Miriam Schulz", "en", ("Jonas Becker und Miriam Schulz",)),  # und is no English
        ("Bob e Alice", "en", ("Bob e Alice",)),
        ("Ana Ruiz y Bo Chen", None, ("Ana Ruiz", "Bo Chen")),  # no language: English and Spanish
        ("From the ISO", "en", ("the ISO",)),
    ],
)
def test_split_names_by_language(byline: str, language: str | None, names: tuple[str, ...]) -> None:
    assert split_names(byline, language) == names
