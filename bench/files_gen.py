#!/usr/bin/env python3
"""Generator for bench/files-bench (not a test).

  files_gen.py html OUT_DIR PAGES WORDS_PER_PAGE
      Writes OUT_DIR/<lang>-<variant>.html: two variants in each of English,
      Polish, Ukrainian, Greek and Japanese (Latin, Cyrillic, Greek and CJK
      scripts), PAGES pages of about WORDS_PER_PAGE words each, one CSS page
      per page, for Chromium to print. Words are drawn with a Zipf
      distribution from Debian's word lists (wamerican, wpolish, wukrainian);
      Greek words are built from Greek syllables and Japanese text from kanji
      and kana, as Debian ships no word list for them. Deterministic.

  files_gen.py corpus SRC_DIR OUT_DIR RECORDS
      Writes OUT_DIR/files/work-<w>.<lang>.pdf, copies of the printed
      SRC_DIR/<lang>-<variant>.pdf, and OUT_DIR/work-<w>.xml, one record per
      file, five language versions per work.
"""
import os
import random
import shutil
import sys

LANGS = ['en', 'pl', 'uk', 'el', 'ja']
WORD_LISTS = {'en': '/usr/share/dict/american-english', 'pl': '/usr/share/dict/polish',
              'uk': '/usr/share/dict/ukrainian'}
VOCABULARY = 20000


def vocabulary(lang, rng):
    if lang in WORD_LISTS:
        with open(WORD_LISTS[lang], encoding='utf-8', errors='replace') as f:
            words = [w.strip() for w in f if w.strip() and "'" not in w]
        step = max(1, len(words) // VOCABULARY)
        return words[::step][:VOCABULARY]
    if lang == 'el':
        consonants = 'βγδζθκλμνξπρστφχψ'
        vowels = 'αεηιουωάέήίόύώ'
        return [''.join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
                + rng.choice(['ς', 'ν', '', 'ς']) for _ in range(VOCABULARY)]
    kanji = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    kana = 'のにはをがとでもからまで'
    return [rng.choice(kanji) + rng.choice(kanji) + rng.choice(kana) for _ in range(VOCABULARY)]


def zipf_weights(n):
    return [1.0 / (i + 1) for i in range(n)]


def page_text(lang, words, weights, count, rng):
    drawn = rng.choices(words, weights=weights, k=count)
    sep = '' if lang == 'ja' else ' '
    end = '。' if lang == 'ja' else '.'
    sentences, i = [], 0
    while i < len(drawn):
        n = rng.randint(8, 20)
        s = sep.join(drawn[i:i + n])
        sentences.append(s[:1].upper() + s[1:] + end)
        i += n
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.randint(3, 6)
        paragraphs.append('<p>' + ' '.join(sentences[i:i + n]) + '</p>')
        i += n
    return ''.join(paragraphs)


def html(out_dir, pages, per_page):
    os.makedirs(out_dir, exist_ok=True)
    for lang in LANGS:
        rng = random.Random(lang)
        words = vocabulary(lang, rng)
        weights = zipf_weights(len(words))
        for variant in range(2):
            body = ''.join('<div class="page"><h2>%d</h2>%s</div>\n' % (p + 1, page_text(lang, words, weights, per_page, rng))
                           for p in range(pages))
            doc = ('<!doctype html><html lang="%s"><head><meta charset="utf-8"><title>Bench %s %d</title>'
                   '<style>body{font-family:"Noto Sans","Noto Sans CJK JP",sans-serif;font-size:8.5pt;margin:0}'
                   '.page{break-after:page}p{margin:0 0 4pt}</style></head><body>%s</body></html>\n'
                   % (lang, lang, variant, body))
            with open(os.path.join(out_dir, '%s-%d.html' % (lang, variant)), 'w', encoding='utf-8') as f:
                f.write(doc)


def corpus(src_dir, out_dir, records):
    files = os.path.join(out_dir, 'files')
    os.makedirs(files, exist_ok=True)
    works = (records + len(LANGS) - 1) // len(LANGS)
    made = 0
    for w in range(works):
        docs = []
        for lang in LANGS:
            if made == records:
                break
            name = 'work-%d.%s.pdf' % (w, lang)
            shutil.copyfile(os.path.join(src_dir, '%s-%d.pdf' % (lang, w % 2)), os.path.join(files, name))
            docs.append('  <document id="work-%d-%s" work="work-%d" type="handbook" lang="%s">\n'
                        '    <title>Bench handbook %d</title>\n'
                        '    <domains><domain>anti-rumours</domain></domains>\n'
                        '    <year>%d</year>\n'
                        '    <files><file path="files/%s" lang="%s"/></files>\n'
                        '  </document>\n' % (w, lang, w, lang, w, 2010 + w % 15, name, lang))
            made += 1
        with open(os.path.join(out_dir, 'work-%d.xml' % w), 'w', encoding='utf-8') as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<collection>\n%s</collection>\n' % ''.join(docs))


if __name__ == '__main__':
    if len(sys.argv) == 5 and sys.argv[1] == 'html':
        html(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif len(sys.argv) == 5 and sys.argv[1] == 'corpus':
        corpus(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
