"""Each cleaning step, and that every clean character still points at where it came from."""

from zhaoshang.intelligence.extract.normalise import normalise, readable


def original_of(clean, fragment: str) -> str:
    start = clean.text.index(fragment)
    begin, end = clean.span(start, start + len(fragment))
    return clean.original[begin:end]


def test_html_is_stripped_and_entities_decoded_with_offsets_into_the_page():
    page = "<html><head><script>var a=1;</script></head><body><p>项目总投资5亿元&nbsp;。</p><p>A&amp;B</p></body></html>"
    clean = normalise(page)
    assert clean.text == "项目总投资5亿元。\nA&B"
    assert original_of(clean, "总投资5亿元") == "总投资5亿元"
    assert original_of(clean, "&") == "&amp;"
    assert "html" in clean.steps


def test_pinyin_after_characters_is_removed():
    clean = normalise("經(jīng)開區(qū)項目(mù)總投資(zī)12億元")
    assert clean.text == "经开区项目总投资12亿元"
    assert original_of(clean, "经开区") == "經(jīng)開區"
    assert original_of(clean, "项目") == "項目"


def test_pinyin_step_leaves_latin_names_and_years_alone():
    clean = normalise("联东U谷项目(2023)与ABB(中国)签约")
    assert clean.text == "联东U谷项目(2023)与ABB(中国)签约"


def test_doubled_punctuation_is_single():
    clean = normalise("总投资5亿元,,预计年销售10亿元。。全年签约30个!!")
    assert clean.text == "总投资5亿元,预计年销售10亿元。全年签约30个!"
    assert original_of(clean, "元,预") == "元,,预"


def test_injected_spam_is_removed_and_the_rest_keeps_its_offsets():
    text = "项目总投资12亿元,【加微信xyz888领取招商资料】达产后年销售20亿元。\n点击进入www.caipiao.com澳门娱乐城,注册即送彩金!\n今年签约项目26个。"
    clean = normalise(text)
    assert "微信" not in clean.text and "娱乐城" not in clean.text and "彩金" not in clean.text
    assert "达产后年销售20亿元" in clean.text and "今年签约项目26个" in clean.text
    assert original_of(clean, "今年签约项目26个") == "今年签约项目26个"


def test_traditional_text_is_converted_but_the_name_乾朔_is_kept():
    clean = normalise("乾朔電子連接器項目總投資5億元,全部達產後可實現年新增應稅銷售6億元,廠房乾燥車間已建成。")
    assert clean.traditional
    assert clean.text.startswith("乾朔电子连接器项目总投资5亿元")
    assert "干燥" in clean.text


def test_simplified_text_is_not_converted():
    clean = normalise("乾朔电子连接器项目总投资5亿元,去年12月开工。著名企业纷纷落户。")
    assert not clean.traditional
    assert clean.text == "乾朔电子连接器项目总投资5亿元,去年12月开工。著名企业纷纷落户。"


def test_spun_text_is_undone_where_the_marks_are_dense():
    clean = normalise("今年园区力争真现新签约亿元以上名目许多于30个,真际操做外资许多于8000万美圆。管卫会默示将高量质效劳企业。")
    assert clean.spun
    assert clean.text == "今年园区力争实现新签约亿元以上项目不少于30个,实际利用外资不少于8000万美元。管委会表示将高质量服务企业。"
    assert original_of(clean, "项目不少于30个") == "名目许多于30个"


def test_real_words_that_a_spinner_uses_are_left_alone_in_plain_text():
    text = "园区投资竞争力持续增强,各类名目繁多的检查减少,企业发展势头良好,活动广泛展开。"
    clean = normalise(text)
    assert not clean.spun
    assert clean.text == text


def test_a_line_broken_in_mid_sentence_is_joined_but_headings_stay():
    text = "凝心聚力促发展\n\n推进市场化招商机制改革,注重委托招商,与不少于5个招商中介机构建立合作关系,与不\n\n少于20个专业投资基金建立联系。"
    clean = normalise(text)
    assert clean.text.startswith("凝心聚力促发展\n推进")
    assert "与不少于20个专业投资基金" in clean.text


def test_full_width_digits_and_spaces_are_normalised_one_for_one():
    clean = normalise("　　总投资１２亿元，计划年内开工。")
    assert clean.text == "总投资12亿元,计划年内开工。"
    assert original_of(clean, "12亿元") == "１２亿元"


def test_a_page_is_kept_as_its_readable_text_and_other_text_as_it_is():
    page = "<html><head><style>p{}</style></head><body><p>乾朔项目 &amp; 腾安项目</p>\n\n  <div>总投资5亿元</div></body></html>"
    assert readable(page) == "乾朔项目&腾安项目\n\n总投资5亿元"
    assert readable("乾朔電子 <不是标签> 項目") == "乾朔電子 <不是标签> 項目"
