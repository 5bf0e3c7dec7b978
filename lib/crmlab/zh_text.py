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
    # crmlab.customer_file
    "name written the standard way": "公司名称已统一写法",
    "phone written as 11 digits": "电话已统一为 11 位数字",
    "duplicate merged into record {kept}": "重复记录，已并入记录 {kept}",
    "filled from a duplicate record": "已用重复记录补全",
    "city read from the company name": "城市取自公司名称",
    "still missing: ask the customer": "仍缺失：需向客户询问",
}
