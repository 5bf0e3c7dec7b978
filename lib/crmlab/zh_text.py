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
    # crmlab.visits
    "problem solving: the expected order ({date}) is {days} days overdue; find out why":
        "解决问题：预计的订单（{date}）已逾期 {days} 天，弄清原因",
    "market status and cooperation: next order expected around {date}":
        "了解市场状况、促进合作：预计下一笔订单在 {date} 前后",
    "no earlier visit on record": "没有以往拜访的记录",
    "last product training {date}": "上次产品培训：{date}",
    "no product training on record: offer one": "没有产品培训记录：主动提供一次",
    "last visit {date}: complete": "上次拜访（{date}）：已全部完成",
    "last visit {date} left out some {gaps}: follow up": "上次拜访（{date}）漏了部分{gaps}：跟进",
    "a report was written after the last visit": "上次拜访后写了报告",
    "no report after the last visit: write this one the same day": "上次拜访后没有写报告：这次当天就写",
    "Purpose of the visit": "拜访目的",
    "Book time and place by phone": "电话预约时间和地点",
    "{name}, {city}; tell the area's other accounts when you arrive": "{name}，{city}；到达后通知该区域的其他客户",
    "Recent sales records and materials": "近期销售记录和给客户的资料",
    "{n} orders worth {amount:,.0f} yuan in the last 90 days ({change:+.0%} on the 90 days before); last order {last}":
        "近 90 天 {n} 笔订单，共 {amount:,.0f} 元（比之前 90 天 {change:+.0%}）；最近一笔订单 {last}",
    "Sales status and outlook": "销售现状和发展预期",
    "typical order {typical:,.0f} yuan every {gap:.0f} days; next expected {date}":
        "通常每 {gap:.0f} 天一笔、每笔约 {typical:,.0f} 元；预计下一笔在 {date}",
    "Market trends and competitors": "市场动态和竞争对手",
    "how the market receives the product; what rivals offer": "市场对产品的反应和接受程度；竞争对手提供什么",
    "Current problems and solutions": "目前存在的问题和解决办法",
    "The market": "市场",
    "see the product where it is sold in {city}": "到 {city} 的销售终端查看产品",
    "The channel's product flow": "商业渠道的产品流向",
    "where the stock goes after this account": "货从这位客户流向哪里",
    "The customer's staff": "客户的业务人员",
    "Plan cleared with your superior": "拜访计划已向上级请示",
    "before you leave": "出发之前",
    "Report to your superior every day": "每天向上级汇报",
    "at least once a day": "每天至少一次",
    "No promises beyond policy": "不做政策以外的承诺",
    "discounts and terms only as approved": "折扣和条件只按批准的执行",
    "Market assessment report": "市场评估报告",
    "goals, problems and solutions for {name}": "{name} 的发展目标、问题和解决办法",
    "Send it the same day": "当天提交",
    "Update the customer database": "更新客户数据库",
    "new contacts, orders expected, complaints": "新的联系人、预计订单、投诉",
    "discussion": "必谈事项",
    "places": "必到地点",
    "3 preparations": "三准备",
    "3 must-discuss": "三必谈",
    "3 must-go": "三必到",
    "3 disciplines": "三大纪律",
    "Report afterwards": "拜访后的报告",
    # crmlab.plots.bgnbd
    "Time of the last purchase t_x ({unit})": "最近一次购买的时间 t_x（{unit}）",
    "weeks": "周",
    "days": "天",
    "Repeat purchases x": "重复购买次数 x",
    "P(alive) (%)": "仍活跃的概率 P(alive)（%）",
    "Day {day}": "第 {day} 天",
    "{value:,.0f} yuan": "{value:,.0f} 元",
    "Budget": "时间预算",
    "Hours into the week (travel and visit)": "本周已用小时数（路程和拜访）",
    "Account visited": "拜访的客户",
}
