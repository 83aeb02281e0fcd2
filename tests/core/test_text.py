"""Cleaning, tokenization and language detection."""

import pytest

from workbench.core.text import (
    CleaningOptions,
    clean_text,
    detect_language,
    prepare_texts,
    tokenize,
)

NOTHING = CleaningOptions(strip_html=False, replace_urls=False, lowercase=False,
                          strip_punctuation=False, normalize_width=False)


def test_html_tags_and_entities_are_removed():
    assert clean_text("<p>Fish &amp; <b>chips</b></p>", CleaningOptions(strip_punctuation=False)) == "fish & chips"
    assert clean_text("a < b and c > d", CleaningOptions(strip_punctuation=False)) == "a < b and c > d"


def test_urls_become_one_token():
    assert clean_text("see https://example.com/x?y=1 now") == "see url now"
    assert clean_text("www.example.org rocks") == "url rocks"


def test_each_option_can_be_turned_off():
    raw = "<i>HeLLo</i>,  Ｗｏｒｌｄ！ http://x.io"
    assert clean_text(raw, NOTHING) == raw.replace("  ", " ")
    assert clean_text(raw) == "hello world url"


def test_punctuation_in_any_script_is_stripped_but_emoji_kept():
    assert clean_text("好吃！真的，太棒了。😀") == "好吃 真的 太棒了 😀"
    assert clean_text("price: $5 (cheap)!") == "price 5 cheap"


def test_full_width_characters_are_normalized():
    assert clean_text("ＡＢＣ１２３", CleaningOptions()) == "abc123"


def test_word_tokens_keep_contractions_and_split_cjk_into_characters():
    assert tokenize("don't stop me now") == ["don't", "stop", "me", "now"]
    assert tokenize("我爱北京 iphone 15") == ["我", "爱", "北", "京", "iphone", "15"]
    assert tokenize("ラーメンが好き") == ["ラ", "ー", "メ", "ン", "が", "好", "き"]


def test_punctuation_is_a_token_when_not_stripped():
    assert tokenize("wow, great!") == ["wow", ",", "great", "!"]


def test_char_tokens():
    assert tokenize("ab c", "char") == ["a", "b", "c"]


def test_jieba_segments_chinese_words():
    tokens = tokenize("我喜欢北京烤鸭", "jieba")
    assert "".join(tokens) == "我喜欢北京烤鸭"
    assert any(len(t) > 1 for t in tokens)


def test_unknown_tokenizer_is_refused():
    with pytest.raises(ValueError, match="unknown tokenizer"):
        tokenize("x", "bpe")


def test_prepare_texts_joins_tokens_with_spaces():
    assert prepare_texts(["Hello, World!", "好吃！"]) == ["hello world", "好 吃"]


@pytest.mark.parametrize(
    "texts,language,cjk",
    [
        (["This is a good film and I liked it", "The food was cold"], "en", False),
        (["这家店的牛肉面很好吃", "服务太差了"], "zh", True),
        (["このラーメンはとてもおいしいです"], "ja", True),
        (["이 식당은 정말 맛있어요"], "ko", False),
        (["Das Essen war wunderbar, sehr zu empfehlen"], "other", False),
        (["12345", "!!!"], "other", False),
    ],
)
def test_language_detection(texts, language, cjk):
    report = detect_language(texts)
    assert (report.language, report.is_cjk) == (language, cjk)


def test_shorten_keeps_short_texts_and_cuts_long_ones_to_the_limit():
    from workbench.core.text import shorten

    assert shorten("好评 great", 20) == "好评 great"
    assert shorten("abcdef", 6) == "abcdef"
    assert shorten("abcdefg", 6) == "abcde…"
