"""Chinese (中文) forms of the text the library draws and prints, keyed by the English text.

Used by :func:`crmlab.language.tr`. Terms follow the course glossary (``crm.glossary``);
punctuation is full-width where Chinese text surrounds it. ``tests/test_language.py`` checks that
every ``tr("...")`` text in the library has an entry here, that the template fields match and
that every character is in the bundled font.
"""

__all__ = ["ZH"]

ZH: dict[str, str] = {
    # units and periods (crmlab.language.tr_unit, crmlab.plots.clv.period_name)
    "yuan": "元",
    "dollars": "美元",
    "US dollars": "美元",
    "days": "天",
    "years": "年",
    "period": "期",
    "periods": "期",
    "day": "天",
    "week": "周",
    "weeks": "周",
    "month": "月",
    "months": "月",
    "quarter": "季度",
    "quarters": "季度",
    "year": "年",
    "n/a": "无",
    # customer value and profitability (plots.value, widgets.value)
    "cumulative share of {value} (%)": "{value}累计占比（%）",
    "cumulative share of total {value} (%)": "占{value}总额的累计比例（%）",
    "cumulative {value}": "累计{value}",
    "every customer equal": "每位客户贡献相同",
    "customers, ranked from most to least valuable (% of customers)":
        "客户，按价值从高到低排序（客户占比，%）",
    "customers, ranked from least to most valuable (% of customers)":
        "客户，按价值从低到高排序（客户占比，%）",
    "customers, ranked from most to least profitable (% of customers)":
        "客户，按利润从高到低排序（客户占比，%）",
    "top {top:.0f} % bring {share:.0f} %": "前 {top:.0f}% 的客户贡献 {share:.0f}%",
    "gap to equality (Gini {gini:.2f})": "与完全平均的差距（基尼系数 {gini:.2f}）",
    "Lorenz curve": "洛伦兹曲线",
    "total {value} = 100 %": "{value}总额 = 100%",
    "peak {peak:.0f} % at {share:.0f} % of customers":
        "峰值 {peak:.0f}%，在前 {share:.0f}% 的客户处",
    "worst {drop:.0f} % dropped": "放弃最差的 {drop:.0f}%",
    "Top customers' share of value": "头部客户的价值占比",
    "The top {top:.0f} % of {n:,} customers bring {share:.0f} % of {value}":
        "{n:,} 位客户中前 {top:.0f}% 贡献了 {share:.0f}% 的{value}",
    "top share": "头部占比",
    "curve": "曲线",
    "Whale curve: who makes the profit": "鲸鱼曲线：谁创造了利润",
    "Drop the worst {drop:.0f} %: profit {before:,.0f} -> {after:,.0f}{unit}":
        "放弃最差的 {drop:.0f}%：利润 {before:,.0f} -> {after:,.0f}{unit}",
    "drop worst": "放弃最差",
    "fixed cost": "固定成本",
    # core customers (plots.core_customers, widgets.core_customers)
    "yearly spend of a returning customer": "回头客的年消费额",
    "lifetime value of one new customer": "一位新客户的终身价值",
    "age group (years)": "年龄段（岁）",
    "own spending": "本人消费",
    "family brought along": "带来的家人消费",
    "  (highest)": "（最高）",
    "Who is the core group? 谁是核心客户群?": "谁是核心客户群？",
    "Core by lifetime value: {core} (by yearly spend: {leader})":
        "按终身价值的核心客户群：{core}（按年消费额：{leader}）",
    "{focus} stays {years:.1f} years, {family:.0%} of family spend counted:\n{focus} {need}":
        "{focus} 保持 {years:.1f} 年，计入 {family:.0%} 的家人消费：\n{focus} {need}",
    "never leads, however long it stays": "保持多久都无法领先",
    "leads once it stays {years:.1f}+ years": "保持 {years:.1f} 年以上即可领先",
    "years {focus} stay": "{focus} 保持年数",
    "family spend counted": "计入的家人消费",
    # lifetime value and the leaky bucket (plots.clv, widgets.clv)
    "lifetime value so far": "累计终身价值",
    "discounted expected margin in the {period}": "该{period}的折现预期毛利",
    "lifetime value m r / (1 + d - r) = {clv:,.0f}": "终身价值 m r / (1 + d - r) = {clv:,.0f}",
    "{periods} from today": "距今{periods}数",
    "value per customer ({unit})": "每位客户的价值（{unit}）",
    "revenue in the {period}": "该{period}的收入",
    "acquisition spend so far (replacing the lost)": "累计获客支出（补充流失客户）",
    "what keeping them would have cost so far": "累计保持这些客户本需的成本",
    "money ({unit})": "金额（{unit}）",
    "Customer lifetime value": "客户终身价值",
    "Lifetime value {clv:,.0f} {unit}; stays {years:.1f} {periods} on average":
        "终身价值 {clv:,.0f} {unit}；平均保持 {years:.1f} {periods}",
    "margin ({unit})": "毛利（{unit}）",
    "retention": "保持率",
    "discount": "折现率",
    "The leaky bucket": "漏斗原理",
    "Lose {lost}, win {won}: {customers:,} customers, {spent:,.0f} {unit} spent winning":
        "流失 {lost}，新增 {won}：{customers:,} 位客户，获客花费 {spent:,.0f} {unit}",
    "lost / {period}": "每{period}流失",
    "won / {period}": "每{period}新增",
    "win one ({unit})": "获取一位（{unit}）",
    "keep one ({unit})": "保持一位（{unit}）",
    # churn and retention (plots.churn, plots.retention, widgets.churn)
    "all customers": "全部客户",
    "customer {customer}": "客户 {customer}",
    "median gap {median:g} days": "间隔中位数 {median:g} 天",
    "churn threshold {k:g} x median = {days:g} days": "流失阈值 {k:g} x 中位数 = {days:g} 天",
    "days between visits ({who})": "两次光顾间隔天数（{who}）",
    "number of gaps": "间隔次数",
    "flagged": "被标记",
    "precision": "精确率",
    "recall": "召回率",
    "own rhythm: > {k:g} x own median gap": "自身节奏：> {k:g} x 本人间隔中位数",
    "global: > {days:g} days silent": "统一标准：> {days:g} 天未光顾",
    "% of customers (flagged) / % (precision, recall)": "客户占比（被标记）/ %（精确率、召回率）",
    "churn rule, {n:,} customers": "流失规则，{n:,} 位客户",
    "Churn rule: own rhythm vs one cut-off": "流失规则：自身节奏与统一标准",
    "k x own gap": "k x 本人间隔",
    "global days": "统一天数",
    "months since first purchase": "首次购买后的月数",
    "customers active in the month (%)": "当月活跃客户（%）",
    "first purchase": "首次购买",
    "cohort (month of first purchase)": "同期群（首次购买月份）",
    "customers active (%)": "活跃客户（%）",
    # loyalty and the ladder (plots.loyalty, plots.loyalty_ladder, widgets.loyalty_ladder)
    "detractors (0-6)": "贬损者（0-6）",
    "passives (7-8)": "被动者（7-8）",
    "promoters (9-10)": "推荐者（9-10）",
    "share of respondents (%)": "受访者占比（%）",
    "answer to 'how likely are you to recommend us?' (0-10)":
        "对“您向他人推荐我们的可能性有多大？”的回答（0-10）",
    "NPS {nps:+.0f} (95 % CI {low:+.0f} to {high:+.0f}), n = {n}":
        "净推荐值 {nps:+.0f}（95% 置信区间 {low:+.0f} 至 {high:+.0f}），n = {n}",
    "standardised effect (95 % CI)": "标准化效应（95% 置信区间）",
    "raw correlation": "原始相关系数",
    "{share:.0f} % of R²": "占 R平方 的 {share:.0f}%",
    "effect on loyalty (sd per sd of driver) / correlation (-1 to 1)":
        "对忠诚度的效应（驱动因素每变化一个标准差）/ 相关系数（-1 至 1）",
    "loyalty driver": "忠诚驱动因素",
    "period (months)": "期数（月）",
    "share of customers (%)": "客户占比（%）",
    "Loyalty ladder": "忠诚阶梯",
    "random -> repeat": "随机 -> 回头",
    "repeat -> loyal": "回头 -> 忠诚",
    "loyal -> left": "忠诚 -> 流失",
    # marketing, sales, service (plots.marketing, plots.sales, plots.service, widgets.service)
    "return on investment, (revenue - cost) / cost (%)": "投资回报率，（收入 - 成本）/ 成本（%）",
    "campaign": "营销活动",
    "item bought (category)": "所购商品（品类）",
    "item bought with it (category)": "同时购买的商品（品类）",
    "lift (1 = chance)": "提升度（1 = 随机）",
    "deals reaching the stage (count)": "到达该阶段的交易（笔）",
    "pipeline stage": "销售管道阶段",
    "  (n/a)": "（无）",
    "  ({share:.0%} of previous)": "（上一阶段的 {share:.0%}）",
    "overdue open tickets on {day:%Y-%m-%d} (count)": "{day:%Y-%m-%d} 逾期未结工单（张）",
    "priority (service level in days)": "优先级（服务时限，天）",
    "{priority} (SLA {days} d)": "{priority}（时限 {days} 天）",
    "escalated to": "升级至",
    "Service levels and escalation · 服务时限与升级处理": "服务时限与升级处理",
    "{priority} SLA (days)": "{priority} 时限（天）",
    "No open ticket is overdue at these service levels": "在这些服务时限下没有逾期工单",
    "Most overdue tickets ({director} of {overdue}) go to the director":
        "多数逾期工单（{overdue} 张中 {director} 张）升级至总监",
    "{overdue} of {open} open tickets overdue, {director} at the director":
        "{open} 张未结工单中 {overdue} 张逾期，{director} 张升级至总监",
    # RFM (plots.rfm, plots.segments, widgets.rfm)
    "customers (count)": "客户（位）",
    "mean {value} per customer": "每位客户的平均{value}",
    "frequency score (1 = fewest purchases, {bins} = most)":
        "消费频率得分（1 = 购买最少，{bins} = 最多）",
    "recency score (1 = longest ago, {bins} = most recent)":
        "最近一次消费得分（1 = 最久以前，{bins} = 最近）",
    "customers in the segment (count)": "该客户群的客户（位）",
    "RFM segment": "RFM 客户群",
    "RFM segments over time · RFM 客户群随时间变化": "RFM 客户群随时间变化",
    "{day:%Y-%m-%d}: {champions:,} champions, {win_back:,} to win back":
        "{day:%Y-%m-%d}：{champions:,} 位冠军客户，{win_back:,} 位待挽回",
    "as of": "分析日期",
    "score bins": "得分档数",
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
    # crmlab.customer_file
    "name written the standard way": "公司名称已统一写法",
    "phone written as 11 digits": "电话已统一为 11 位数字",
    "duplicate merged into record {kept}": "重复记录，已并入记录 {kept}",
    "filled from a duplicate record": "已用重复记录补全",
    "city read from the company name": "城市取自公司名称",
    "still missing: ask the customer": "仍缺失：需向客户询问",
    # crmlab.database and crmlab.sql_engines
    "the database refused the change: {why} (SQLite: {message})":
        "数据库拒绝了这次修改：{why}（SQLite：{message}）",
    "a customer with this id is already in the database: each customer has exactly one row "
    "(the primary key). Update that row instead of adding a second one.":
        "数据库中已有这个编号的客户：每位客户只有一行（主键）。请更新那一行，不要再加一行。",
    "this phone number already belongs to another customer. Check for a duplicate customer "
    "before adding one.":
        "这个电话号码已属于另一位客户。添加前请先检查是否重复。",
    "the phone is not a mainland mobile number written as 11 digits (1, then 3-9, then 9 "
    "digits). Clean it first with crm.customer_file.standard_phone.":
        "电话不是 11 位的大陆手机号（1 开头，第二位 3-9，再接 9 位数字）。"
        "请先用 crm.customer_file.standard_phone 清洗。",
    "the row refers to a customer id that is not in the customers table (a foreign key). "
    "Add the customer first.":
        "这一行引用的客户编号不在客户表中（外键）。请先添加该客户。",
    "an order amount must be 0 or more; keep refunds in a table of their own.":
        "订单金额必须大于或等于 0；退款请另建一张表记录。",
    "feedback kind must be 'complaint' or 'praise'.":
        "反馈类型必须是 'complaint'（投诉）或 'praise'（表扬）。",
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
    "no report after the last visit: write this one the same day":
        "上次拜访后没有写报告：这次当天就写",
    "Purpose of the visit": "拜访目的",
    "Book time and place by phone": "电话预约时间和地点",
    "{name}, {city}; tell the area's other accounts when you arrive":
        "{name}，{city}；到达后通知该区域的其他客户",
    "Recent sales records and materials": "近期销售记录和给客户的资料",
    "{n} orders worth {amount:,.0f} yuan in the last 90 days ({change:+.0%} on the 90 days "
    "before); last order {last}":
        "近 90 天 {n} 笔订单，共 {amount:,.0f} 元（比之前 90 天 {change:+.0%}）；"
        "最近一笔订单 {last}",
    "Sales status and outlook": "销售现状和发展预期",
    "typical order {typical:,.0f} yuan every {gap:.0f} days; next expected {date}":
        "通常每 {gap:.0f} 天一笔、每笔约 {typical:,.0f} 元；预计下一笔在 {date}",
    "Market trends and competitors": "市场动态和竞争对手",
    "how the market receives the product; what rivals offer":
        "市场对产品的反应和接受程度；竞争对手提供什么",
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
    "Repeat purchases x": "重复购买次数 x",
    "P(alive) (%)": "仍活跃的概率 P(alive)（%）",
    "Day {day}": "第 {day} 天",
    "{value:,.0f} yuan": "{value:,.0f} 元",
    "Budget": "时间预算",
    "Hours into the week (travel and visit)": "本周已用小时数（路程和拜访）",
    "Account visited": "拜访的客户",
    # crmlab.checks and crmlab.exercises: what an exercise notebook tells the student
    "{question} results: All test cases passed!": "{question} 的结果：全部检查都通过了！",
    "{question} results: {failed}": "{question} 的结果：{failed}",
    "{failed} of {n} checks failed": "{n} 项检查中有 {failed} 项没有通过",
    "{question} passed!": "{question} 通过了！",
    "{question}: {failed}": "{question}：{failed}",
    "{check} failed": "{check} 没有通过",
    "{check} could not check your answer ({error})": "{check} 无法检查你的答案（{error}）",
    "Hint for {question}: {hint}": "{question} 的提示：{hint}",
    "question": "题目",
    "status": "状态",
    "passes": "通过",
    "not yet": "还没有通过",
    "{done} of {n} questions pass their public tests. A pass checks the form of an answer and "
    "common mistakes, not its value: hidden tests decide the grade. Written questions are graded "
    "by hand and not counted here.":
        "{n} 道题中有 {done} 道通过了公开检查。通过检查只说明答案的形式正确、没有常见错误，"
        "并不说明数值正确：成绩由隐藏测试决定。文字题由老师手工批改，不计入这里。",
}
