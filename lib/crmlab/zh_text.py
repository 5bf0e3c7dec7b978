"""Chinese (中文) forms of the text the library draws and prints, keyed by the English text.

Used by :func:`crmlab.language.tr`. Terms follow the course glossary (``crm.glossary``);
punctuation is full-width where Chinese text surrounds it. ``tests/test_language.py`` checks that
every ``tr("...")`` text in the library has an entry here and that every character is in the
bundled font.
"""

__all__ = ["ZH"]

ZH: dict[str, str] = {
    "Customers": "客户",
    "Share of customers (%)": "客户占比（%）",
    "Top {share:.0%} of customers": "前 {share:.0%} 的客户",
    "{n:,} customers": "{n:,} 位客户",
    # alt text of explorer figures (crmlab/widgets/_alt_text.py)
    ".": "。",
    "; ": "；",
    "Figure: {headline}": "图：{headline}",
    "Horizontal axis: {label}": "横轴：{label}",
    "Vertical axis: {label}": "纵轴：{label}",
    "Right vertical axis: {label}": "右侧纵轴：{label}",
    "Legend: {entries}": "图例：{entries}",
    "Legend ({title}): {entries}": "图例（{title}）：{entries}",
    "Drawn with {settings}": "当前设置：{settings}",
}
