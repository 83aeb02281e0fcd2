"""Update the window's translation: find every text to translate, then compile the catalogue.

    python scripts/update_translations.py           # update resources/translations/*.ts, compile the .qm
    python scripts/update_translations.py --check   # list the texts with no translation (exit 1 if any)

1. ``pyside6-lupdate`` reads ``workbench/`` for ``self.tr("...")``, ``QCoreApplication.translate("Context",
   "...")`` and ``QT_TRANSLATE_NOOP("Context", "...")`` and merges the texts it finds into each ``.ts``
   file: new texts arrive as unfinished, texts no longer in the code are dropped. The settings' labels,
   help texts and choices are declared once, in core/config.py (and the models' names in core/models.py),
   so this script lists them for lupdate in a temporary file, in the context "Settings".
2. Translate the unfinished texts with Qt Linguist (``pyside6-linguist resources/translations/
   workbench_zh_CN.ts``) or any editor: keep ``{placeholders}`` as they are.
3. Run this script again: ``pyside6-lrelease`` compiles each ``.ts`` into the ``.qm`` the window loads.

``--check`` changes nothing: it fails when lupdate (into a temporary copy of the .ts) finds a text
without a translation, or when the .qm is not compiled from the .ts as it is; tests/gui/test_translations.py
runs it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "workbench"
TRANSLATIONS = REPO / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool, next to this interpreter first (a venv that is not activated)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise SystemExit(f"error: {name} not found; it comes with PySide6 (pip install -e .)")
    return found


def settings_texts() -> list[str]:
    """Every text the settings form derives from the declarations, in the order it shows them."""
    sys.path.insert(0, str(REPO))
    from workbench.core.config import PARAMS, Condition
    from workbench.core.models import MODEL_INFO

    texts: list[str] = ["on", "off"]  # how a switch's value reads in tooltips and hints
    for spec in PARAMS:
        texts += [spec.group.capitalize(), spec.label, spec.help]
        if spec.choices and spec.name != "model":
            texts += [choice.replace("_", " ") for choice in spec.choices]
        texts += [values.text for values in spec.when.values() if isinstance(values, Condition)]
    for info in MODEL_INFO.values():
        texts += [info.title, info.description]
    return list(dict.fromkeys(texts))


def lupdate(ts: Path, workdir: Path) -> None:
    listed = workdir / "settings_texts.py"
    listed.write_text("".join(f"QT_TRANSLATE_NOOP(\"Settings\", {json.dumps(text, ensure_ascii=False)})\n"
                              for text in settings_texts()), encoding="utf-8")
    sources = sorted(str(p) for p in SOURCES.rglob("*.py")) + [str(listed)]
    language = ts.stem.split("_", 1)[1]
    # No line numbers: they would change the .ts on every edit of the code and make merges conflict.
    subprocess.run([tool("pyside6-lupdate"), *sources, "-locations", "none", "-no-obsolete",
                    "-target-language", language, "-ts", str(ts)], check=True, capture_output=True, timeout=300)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, timeout=120)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, text) of every message without a finished translation."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") == "unfinished" or not (translation.text or "").strip():
                out.append((name, message.findtext("source")))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="list untranslated texts; change nothing")
    args = parser.parse_args()
    missing: list[tuple[str, str, str]] = []
    stale: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            ts, qm = TRANSLATIONS / f"workbench_{language}.ts", TRANSLATIONS / f"workbench_{language}.qm"
            if args.check:  # is the .qm compiled from the .ts as it is? then lupdate a copy
                compiled = Path(tmp) / qm.name
                if ts.exists():
                    lrelease(ts, compiled)
                if not (ts.exists() and qm.exists() and qm.read_bytes() == compiled.read_bytes()):
                    stale.append(qm.name)
                ts = Path(shutil.copy(ts, Path(tmp) / ts.name)) if ts.exists() else Path(tmp) / ts.name
            TRANSLATIONS.mkdir(parents=True, exist_ok=True)
            lupdate(ts, Path(tmp))
            missing += [(language, context, text) for context, text in unfinished(ts)]
            if not args.check:
                lrelease(ts, qm)
    for language, context, text in missing:
        print(f"{language} [{context}] {text}")
    print(f"{len(missing)} text(s) without a translation", file=sys.stderr)
    for name in stale:
        print(f"{name} is out of date: run python scripts/update_translations.py", file=sys.stderr)
    return 1 if args.check and (missing or stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
