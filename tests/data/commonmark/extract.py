#!/usr/bin/env python3
"""Extracts the examples of the CommonMark spec into spec.jsonl (one JSON object a line).

Usage: python3 extract.py spec.txt > spec.jsonl

The rules are those of the spec's own test runner (test/spec_tests.py, get_tests): an example
starts at a line of 32 backticks followed by " example", its Markdown ends at a line ".", its
HTML ends at a line of 32 backticks; "→" stands for a tab in both; examples are numbered from 1
in file order; `section` is the text of the last heading before the example.
"""
import json
import re
import sys

FENCE = "`" * 32


def examples(lines):
    state, section, md, html, start, number = 0, "", [], [], 0, 0
    for line_number, line in enumerate(lines, 1):
        bare = line.strip()
        if bare == FENCE + " example":
            state, start = 1, line_number
        elif state == 2 and bare == FENCE:
            number += 1
            yield {
                "example": number,
                "section": section,
                "line": start,
                "markdown": "".join(md).replace("→", "\t"),
                "html": "".join(html).replace("→", "\t"),
            }
            state, md, html = 0, [], []
        elif state == 1 and bare == ".":
            state = 2
        elif state == 1:
            md.append(line)
        elif state == 2:
            html.append(line)
        elif state == 0 and re.match("#+ ", line):
            section = re.sub("#+ ", "", line, count=1).strip()


def main():
    with open(sys.argv[1], encoding="utf-8", newline="\n") as f:
        for ex in examples(f):
            print(json.dumps(ex, ensure_ascii=False))


if __name__ == "__main__":
    main()
