#!/usr/bin/env python3
"""Turns a `brief` corpus (examples/corpus.rs) into an equivalent Hugo site,
so the benchmark can build the same text volume with Hugo in the same run.

Each brief becomes one Hugo page holding both narratives (the same Markdown
text `brief` renders), with its title, date, summary and a `people`
taxonomy of the call participants; minimal layouts render pages, lists and
taxonomy terms, and one RSS feed for the site.

The feed lists every page with its title, link, date and summary, as
`brief`'s feeds do. Hugo's built-in feed template would instead render every
page's Markdown a second time for the feed's output format (at 10,000 pages
that alone took ~18 s of a ~31 s build), which would flatter `brief`.

    python3 benches/hugo_site.py CORPUS_DIR HUGO_SITE_DIR
"""
import os
import re
import shutil
import sys

LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
    "<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>'
    '<ul>{{ range .Params.people }}<li><a href="{{ (printf "/people/%s/" .) | relURL }}">{{ . }}</a></li>{{ end }}</ul>'
    "{{ .Content }}{{ end }}\n",
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}\n',
    "_default/terms.html": '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
    "{{ end }}</ul>{{ end }}\n",
    "_default/rss.xml": '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<rss version="2.0"><channel>'
    "<title>{{ .Site.Title }}</title><link>{{ .Permalink }}</link>\n{{ range .Site.RegularPages }}<item>"
    "<title>{{ .Title }}</title><link>{{ .Permalink }}</link>"
    '<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>'
    "<guid>{{ .Permalink }}</guid><description>{{ .Params.summary }}</description></item>\n"
    "{{ end }}</channel></rss>\n",
}


def field(yaml: str, key: str) -> str:
    match = re.search(rf"^{key}: (.*)$", yaml, re.M)
    return match.group(1).strip() if match else ""


def main() -> None:
    corpus, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.join(out, "content", "briefs"))
    with open(os.path.join(out, "hugo.toml"), "w", encoding="utf-8") as f:
        # One feed for the site, as `brief` writes one per language: Hugo's
        # default adds an RSS feed to every section and person as well.
        f.write(
            'baseURL = "https://bench.example.org/"\ntitle = "bench"\n[taxonomies]\n  person = "people"\n'
            '[outputs]\n  home = ["html", "rss"]\n  section = ["html"]\n  taxonomy = ["html"]\n  term = ["html"]\n'
        )
    for name, text in LAYOUTS.items():
        path = os.path.join(out, "layouts", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    briefs = os.path.join(corpus, "content", "briefs")
    for slug in sorted(os.listdir(briefs)):
        folder = os.path.join(briefs, slug)
        with open(os.path.join(folder, "brief.yaml"), encoding="utf-8") as f:
            yaml = f.read()
        people = sorted(set(re.findall(r"participants: \[([^\]]*)\]", yaml)))
        people = sorted({p.strip() for group in people for p in group.split(",")})
        body = ""
        for lang in ("zh.md", "en.md"):
            with open(os.path.join(folder, lang), encoding="utf-8") as f:
                # brief's internal link schemes mean nothing to Hugo: keep the text.
                body += re.sub(r"\]\((person|org|brief):[^)]*\)", "](#)", f.read()) + "\n"
        title = slug.replace("-", " ")
        # Both languages' summaries, as `brief` writes a feed per language.
        summary = " ".join(re.findall(r"(?:zh|en): ([^,}]*)", field(yaml, "summary"))).replace('"', "")
        front = (
            f'---\ntitle: "{title}"\ndate: {field(yaml, "date")}\nsummary: "{summary}"\n'
            f'people: [{", ".join(people)}]\n---\n'
        )
        with open(os.path.join(out, "content", "briefs", f"{slug}.md"), "w", encoding="utf-8") as f:
            f.write(front + body)


if __name__ == "__main__":
    main()
