"""Fill unfinished entries of a Qt .ts catalogue from a JSON file {source: translation} (a translator's helper).

    python resources/translations/fill_translations.py resources/translations/torch_workbench_zh_CN.ts new.json
    python resources/translations/fill_translations.py resources/translations/torch_workbench_zh_CN.ts --list

With --list, prints the unfinished sources as a JSON object to fill in. Then `make translations`
rewrites the catalogue in Qt's own layout and compiles it.
"""

import json
import sys
import xml.etree.ElementTree as ET


def main(ts_path: str, arg: str) -> int:
    tree = ET.parse(ts_path)
    unfinished = [m for m in tree.iter("message") if m.find("translation").get("type") == "unfinished"]
    if arg == "--list":
        print(json.dumps({m.findtext("source"): "" for m in unfinished}, ensure_ascii=False, indent=1))
        return 0
    with open(arg, encoding="utf-8") as f:
        table = json.load(f)
    filled = 0
    for m in unfinished:
        text = table.get(m.findtext("source"))
        if text:
            t = m.find("translation")
            t.text = text
            del t.attrib["type"]
            filled += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    with open(ts_path, encoding="utf-8") as f:  # ElementTree drops the doctype Qt's tools write
        head, rest = f.read().split("\n", 1)
    with open(ts_path, "w", encoding="utf-8") as f:
        f.write(head + "\n<!DOCTYPE TS>\n" + rest)
    print(f"filled {filled} of {len(unfinished)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
