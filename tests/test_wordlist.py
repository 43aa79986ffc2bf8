"""The Chinese search's word list, kept as a pickle: the tokenizer it loads is the one jieba makes itself."""

from __future__ import annotations

import pickle

import jieba

from zjbook.pipeline import wordlist

TEXT = "张江国家自主创新示范区的高新技术企业与紫竹高新区"


def test_the_kept_word_list_is_jiebas_own_and_a_damaged_one_is_made_again(tmp_path):
    made = jieba.Tokenizer()
    wordlist.load(made, tmp_path)  # nothing kept yet: jieba loads it its own way, and a copy is kept
    assert made.initialized and len(made.FREQ) > 300_000
    [kept] = tmp_path.glob("jieba-*.pickle")
    assert pickle.loads(kept.read_bytes()) == (made.FREQ, made.total)

    loaded = jieba.Tokenizer()
    wordlist.load(loaded, tmp_path)
    assert loaded.initialized and loaded.FREQ == made.FREQ and loaded.total == made.total
    assert list(loaded.cut_for_search(TEXT)) == list(made.cut_for_search(TEXT))

    # the copy is what is read: a different (whole) copy gives a different tokenizer
    kept.write_bytes(pickle.dumps((made.FREQ, made.total + 1)))
    doctored = jieba.Tokenizer()
    wordlist.load(doctored, tmp_path)
    assert doctored.total == made.total + 1

    kept.write_bytes(kept.read_bytes()[:4096])  # cut short: never used, made again
    again = jieba.Tokenizer()
    wordlist.load(again, tmp_path)
    assert again.FREQ == made.FREQ and again.total == made.total
    assert pickle.loads(kept.read_bytes()) == (made.FREQ, made.total)
