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
    # crmlab.database and crmlab.sql_engines
    "the database refused the change: {why} (SQLite: {message})": "数据库拒绝了这次修改：{why}（SQLite：{message}）",
    "a customer with this id is already in the database: each customer has exactly one row (the primary key). Update that row instead of adding a second one.":
        "数据库中已有这个编号的客户：每位客户只有一行（主键）。请更新那一行，不要再加一行。",
    "this phone number already belongs to another customer. Check for a duplicate customer before adding one.":
        "这个电话号码已属于另一位客户。添加前请先检查是否重复。",
    "the phone is not a mainland mobile number written as 11 digits (1, then 3-9, then 9 digits). Clean it first with crm.customer_file.standard_phone.":
        "电话不是 11 位的大陆手机号（1 开头，第二位 3-9，再接 9 位数字）。请先用 crm.customer_file.standard_phone 清洗。",
    "the row refers to a customer id that is not in the customers table (a foreign key). Add the customer first.":
        "这一行引用的客户编号不在客户表中（外键）。请先添加该客户。",
    "an order amount must be 0 or more; keep refunds in a table of their own.":
        "订单金额必须大于或等于 0；退款请另建一张表记录。",
    "feedback kind must be 'complaint' or 'praise'.": "反馈类型必须是 'complaint'（投诉）或 'praise'（表扬）。",
    "a required field is empty.": "必填字段为空。",
    "a date must be a real day written YYYY-MM-DD.": "日期必须是真实存在的日期，写作 YYYY-MM-DD。",
    "it breaks a rule of the schema.": "它违反了表结构中的一条规则。",
    "DuckDB is not installed: pip install duckdb (or pip install -e '.[sql]').":
        "未安装 DuckDB：请运行 pip install duckdb（或 pip install -e '.[sql]'）。",
}
