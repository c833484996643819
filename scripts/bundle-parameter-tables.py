#!/usr/bin/env python3
"""Writes each stage's generated parameter table (docs/stages.md, from `braggflow stages --markdown`)
into the README of the bundle folder that ships the stage, between the markers

    <!-- generated parameters: TYPE/NAME -->
    ...
    <!-- end generated parameters -->

A README without markers gets a "## Parameters" section appended. PipelineIT fails when a block differs
from the generated table, so run this after changing a declaration and regenerating docs/stages.md."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
stages = (root / "docs" / "stages.md").read_text()
sections = re.split(r"^## ", stages, flags=re.M)[1:]
by_bundle = {}
for s in sections:
    title, _, body = s.partition("\n")
    type_, name = [t.strip() for t in title.split("/")]
    bundle = re.search(r"\(bundle `org\.braggflow\.([^`]+)`\)", body).group(1)
    table = "\n".join(l for l in body.splitlines() if l.startswith("|")) or "This stage declares no parameters."
    by_bundle.setdefault(bundle.replace(".", "-"), []).append((f"{type_}/{name}", table))

BLOCK = re.compile(r"<!-- generated parameters: (\S+) -->\n.*?<!-- end generated parameters -->", re.S)
changed = 0
for folder, tables in sorted(by_bundle.items()):
    readme = root / "bundles" / folder / "README.md"
    if not readme.exists():
        sys.exit(f"{readme}: missing (every bundle folder has a README)")
    text = readme.read_text()
    original = text
    for key, table in tables:
        block = f"<!-- generated parameters: {key} -->\n{table}\n<!-- end generated parameters -->"
        marker = f"<!-- generated parameters: {key} -->"
        if marker in text:
            text = BLOCK.sub(lambda m: block if m.group(1) == key else m.group(0), text)
        else:
            text = text.rstrip("\n") + f"\n\n## Parameters of `{key}`\n\nGenerated from the declaration (`braggflow help stage {key}`):\n\n{block}\n"
    if text != original:
        readme.write_text(text)
        changed += 1
print(f"{changed} README(s) updated")
