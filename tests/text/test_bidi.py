from text.bidi import strip_bidi_controls, strip_bidi_controls_deep

RLO, PDF, LRI, PDI, RLE = "\u202e", "\u202c", "\u2066", "\u2069", "\u202b"
LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"


def test_it_removes_overrides_embeddings_and_isolates_wherever_they_are():
    assert strip_bidi_controls(f"عکس {RLO}gpj.exe{PDF}") == "عکس gpj.exe"
    assert strip_bidi_controls(f"{LRI}09121234567{PDI}") == "09121234567"
    assert strip_bidi_controls(f"چراغ{RLE} خاموش") == "چراغ خاموش"
    assert strip_bidi_controls("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") == ""


def test_it_keeps_a_mark_next_to_a_number_or_punctuation():
    assert strip_bidi_controls(f"ساعت ۱۲:۳۰{RLM}") == f"ساعت ۱۲:۳۰{RLM}"
    assert strip_bidi_controls(f"(ساعت ۱۰){RLM} تماس") == f"(ساعت ۱۰){RLM} تماس"
    assert strip_bidi_controls(f"pelak 12{LRM} خیابان") == f"pelak 12{LRM} خیابان"


def test_it_removes_marks_that_do_nothing():
    assert strip_bidi_controls(f"{RLM}علی{RLM}") == "علی"
    assert strip_bidi_controls(f"علی{LRM}رضایی") == "علیرضایی"
    assert strip_bidi_controls(f"{LRM}{RLM}{ALM}") == ""
    assert strip_bidi_controls(f"۱۲{RLM}{RLM}{LRM} ب") == f"۱۲{LRM} ب"  # a run of marks: its last one


def test_it_leaves_ordinary_text_and_non_strings_alone():
    text = "خیابان ولیعصر\u200cپلاک ۱۲، Vanak Sq."  # ZWNJ is a letter of Persian, not a bidi control
    assert strip_bidi_controls(text) is text
    assert strip_bidi_controls(None) is None
    assert strip_bidi_controls(12) == 12


def test_it_cleans_every_string_inside_answers():
    answers = {f"q{RLO}1": [f"{RLO}بله", "خیر"], "q2": f"a{PDF}b", "q3": 4}
    assert strip_bidi_controls_deep(answers) == {"q1": ["بله", "خیر"], "q2": "ab", "q3": 4}
