from xlkit.textwidth import display_width, wrapped_lines


def test_cjk_counts_double_and_lines_wrap():
    assert display_width("困难劳模 100 人") == 15 and display_width(None) == 0
    assert wrapped_lines("困" * 10, 10) == 2 and wrapped_lines("a\nb", 10) == 2 and wrapped_lines("", 5) == 1
