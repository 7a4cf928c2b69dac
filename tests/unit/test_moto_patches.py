"""MotoPatches: planned replacements put in place once, and everything put back as it was."""

from __future__ import annotations

import types

from mlops_orchestrator.local.moto_patches import MotoPatches


class Base:
    def inherited(self) -> str:
        return "base"


class Target(Base):
    def own(self) -> str:
        return "own"

    @classmethod
    def made(cls) -> str:
        return "made"


def test_replacements_are_installed_once_and_every_original_comes_back() -> None:
    own, made = Target.__dict__["own"], Target.__dict__["made"]
    patches = (
        MotoPatches()
        .replace(Target, "own", lambda self: "replaced")
        .wrap(Target, "made", lambda original: classmethod(lambda cls: f"wrapped {original.__func__(cls)}"))
        .replace(Target, "inherited", lambda self: "shadowed")
        .replace(Target, "added", lambda self: "new")
    )
    patches.install()
    patches.install()  # twice is once: the originals kept are moto's, not the replacements
    target = Target()
    assert (target.own(), Target.made(), target.inherited(), target.added()) == (  # type: ignore[attr-defined]
        "replaced",
        "wrapped made",
        "shadowed",
        "new",
    )
    assert patches.original(Target, "own") is own
    patches.uninstall()
    assert (Target.__dict__["own"], Target.__dict__["made"]) == (own, made)
    assert "inherited" not in Target.__dict__ and target.inherited() == "base"
    assert not hasattr(Target, "added")
    assert not patches.installed


def test_module_attributes_are_replaced_and_restored() -> None:
    module = types.ModuleType("fake_moto_module")
    module.parse = lambda text: text.upper()  # type: ignore[attr-defined]
    original = module.parse
    patches = MotoPatches().wrap(module, "parse", lambda parse: lambda text: f"<{parse(text)}>")
    patches.install()
    assert module.parse("a") == "<A>"
    patches.uninstall()
    assert module.parse is original
