"""The course glossary: key terms in English and Chinese (中文), with the concept that teaches each.

Notebooks give the Chinese term beside the English one on first use, e.g. core customer (核心客户);
this is the one place the pairs are kept. Look a term up from either language.

Examples
--------
>>> lookup("core customer")["chinese"]
'核心客户'
>>> lookup("核心客户")["english"]
'core customer'
>>> translate("客户流失")
'customer churn'
"""

from __future__ import annotations

import difflib
import unicodedata

from .errors import CRMLabError

__all__ = ["TERMS", "terms", "lookup", "translate", "search"]

#: (english, chinese, concept IDs, a one-line definition in our words)
TERMS: tuple[tuple[str, str, str, str], ...] = (
    ("customer relationship management (CRM)", "客户关系管理", "C01",
     "Managing the whole relationship with customers, distributors and partners so that they prefer, stay with and buy more from the firm; a philosophy first, software second."),
    ("one-to-one marketing", "一对一营销", "C01",
     "Treating each customer according to what the firm knows about that customer, rather than the average customer."),
    ("customer value management", "客户价值管理", "C01",
     "Serving and investing in each customer according to what that customer is worth to the firm now and could be worth later."),
    ("customer management", "客户管理", "C02",
     "Collecting and analysing customer information to understand needs, share that knowledge inside the firm and build long-term loyalty while balancing customer value and firm profit."),
    ("customer", "客户", "C02",
     "Any person or organisation that receives the firm's products or services, including distributors and internal departments."),
    ("relationship marketing", "关系营销", "C03",
     "Marketing aimed at lasting relationships with customers rather than single sales; the root of customer management."),
    ("sales force automation (SFA)", "销售自动化", "C03",
     "Software that records leads, contacts and orders so that salespeople's work is tracked and shared."),
    ("computer telephony integration (CTI)", "计算机电话集成", "C03",
     "Linking phone systems with computers, so that an agent sees the caller's record when a call arrives (800 numbers, call centres)."),
    ("call centre", "呼叫中心", "C04",
     "A service unit that answers and makes customer calls, usually backed by the CRM system's records."),
    ("target group", "目标群体", "C04",
     "The customers a campaign is aimed at, described by industry, job, age, region and similar traits."),
    ("return on investment (ROI)", "投资回报率", "C04",
     "(revenue - cost) / cost of a campaign or programme."),
    ("sales pipeline", "销售管道", "C04",
     "The stages a deal passes through, from lead to contact, opportunity, order and payment."),
    ("sales lead", "销售线索", "C04",
     "A possible customer not yet contacted or qualified."),
    ("sales opportunity", "销售机会", "C04",
     "A qualified lead with a real chance of becoming an order."),
    ("escalation", "升级处理", "C04",
     "Passing an overdue or serious service request to a higher level automatically."),
    ("service level agreement (SLA)", "服务水平协议", "C04",
     "The time promised to resolve a service request of each priority; a request still open after it is overdue and is escalated."),
    ("response rate", "响应率", "C04",
     "People who responded to a campaign divided by the people it contacted."),
    ("conversion rate", "转化率", "C04",
     "The share of deals at one pipeline stage that go on to the next stage (step) or from the first stage to this one (overall)."),
    ("enterprise resource planning (ERP)", "企业资源计划", "C05",
     "Software that runs a firm's internal processes (purchasing, production, stock, accounts); CRM adds the outward view of the customer."),
    ("data dictionary", "数据字典", "C06",
     "A document that lists every table and column of a data set with its meaning, type and unit, so that every department reads the data the same way."),
    ("single customer view", "统一客户视图", "C06",
     "One record per customer that joins what marketing, sales and service each know."),
    ("cross-selling", "交叉销售", "C07",
     "Selling a customer products related to what they already buy, found by mining purchase data."),
    ("data mining", "数据挖掘", "C07",
     "Searching large customer and transaction data for useful patterns."),
    ("support (association rule)", "支持度", "C07",
     "The share of all baskets that hold a given pair of items."),
    ("confidence (association rule)", "置信度", "C07",
     "The share of baskets holding item A that also hold item B: how often A leads to B."),
    ("lift (association rule)", "提升度", "C07",
     "How many times more often two items are bought together than if they were chosen independently; above 1 marks a cross-selling lead."),
    ("core customer", "核心客户", "C08",
     "The group of customers closest to the firm that contributes most of its value."),
    ("supply chain", "供应链", "C08",
     "Suppliers, distributors, dealers, wholesalers and agents between raw material and end user; all can be customers."),
    ("internal customer", "内部客户", "C08",
     "A department or colleague inside the firm who receives another department's work."),
    ("customer value", "客户价值", "C08",
     "What a customer is worth to the firm: the profit they bring now and over their lifetime."),
    ("customer identification", "客户识别", "C09",
     "Choosing, inside a chosen market, the customers that matter most for relationship management."),
    ("market segmentation", "市场细分", "C09",
     "Dividing a market into groups with similar needs to pick a target market."),
    ("target market", "目标市场", "C09",
     "The market segment a firm chooses to serve."),
    ("20/80 rule (Pareto principle)", "二八原则", "C11",
     "The observation that a small share of customers (about 20 %) brings most of the revenue or profit (about 80 %)."),
    ("Lorenz curve", "洛伦兹曲线", "C11",
     "Cumulative share of value against cumulative share of customers, from smallest to largest; the further below the diagonal, the more concentrated."),
    ("Gini coefficient", "基尼系数", "C11",
     "A number from 0 (everyone equal) to 1 (one customer has everything) summarising concentration."),
    ("gross margin", "毛利率", "C10",
     "The share of each yuan of sales the firm keeps after the cost of the goods sold."),
    ("key customer", "重点客户", "C13",
     "A top-tier customer who receives priority service and the best rebates."),
    ("secondary customer", "次重点客户", "C13",
     "A middle-tier customer offered targeted products to grow their current value."),
    ("ordinary customer", "普通客户", "C13",
     "A lower-tier customer served with sound standard quality."),
    ("customer tiers", "客户分级", "C13",
     "Grouping customers by value so that each tier is served differently."),
    ("customer profitability", "客户盈利能力", "C12",
     "The profit a customer brings after the cost of serving them, not just their revenue."),
    ("cost to serve", "服务成本", "C12",
     "What it costs to serve a customer: staff time, materials, discounts, complaint handling."),
    ("whale curve", "鲸鱼曲线", "C12",
     "Cumulative profit by customers ranked from most to least profitable; it rises above 100 % and falls back when some customers lose money."),
    ("contribution", "边际贡献", "C12",
     "Revenue minus the costs that come with each sale or visit (labour, materials): what is left to pay the fixed costs."),
    ("fixed cost", "固定成本", "C12",
     "A cost that stays the same however many customers are served, such as rent, overheads and salaried staff."),
    ("profit margin", "利润率", "C12",
     "Profit divided by revenue: the share of each yuan taken that the firm keeps as profit."),
    ("customer loyalty", "客户忠诚度", "C14",
     "A customer's lasting preference for the firm, shown in repeat buying, recommending and resisting rivals."),
    ("customer satisfaction", "客户满意度", "C15",
     "How well the experience met or beat what the customer expected."),
    ("trust", "信任感", "C15",
     "The customer's belief that the firm will keep its promises; one of the five drivers of loyalty."),
    ("convenience of buying", "购买便利性", "C15",
     "How easy it is to buy from the firm; one of the five drivers of loyalty."),
    ("loyalty reward", "忠诚奖励", "C15",
     "A benefit given for staying and buying more: points, miles, rebates."),
    ("driver analysis", "驱动因素分析", "C15",
     "Estimating how much each factor, such as trust or convenience, moves loyalty."),
    ("halo effect", "光环效应", "C15",
     "A respondent's general mood lifting all their ratings at once, which makes every factor look important."),
    ("willingness to recommend", "推荐意愿", "C16",
     "How likely a customer is to recommend the firm to others; one of the five components of loyalty."),
    ("net promoter score (NPS)", "净推荐值", "C16",
     "Share of promoters (9-10 on a 0-10 scale) minus share of detractors (0-6), in points from -100 to 100."),
    ("repurchase intention", "重复购买意愿", "C16",
     "A customer's stated plan to buy again."),
    ("resistance to competitors", "对竞争对手的抵抗力", "C16",
     "How hard it is for a rival's offer to lure the customer away."),
    ("customer synergy", "客户协合", "C16",
     "Covey's term for the new value that a long relationship creates for both the firm and the customer."),
    ("loyalty ladder", "忠诚阶梯", "C17",
     "The four stages of a loyal customer: wary observation, random purchase, repeat purchase, loyal purchase."),
    ("wary observation", "观望", "C17",
     "First loyalty stage: the customer does not yet know the firm and watches carefully."),
    ("random purchase", "随机性消费", "C17",
     "Second loyalty stage: some knowledge, occasional unplanned purchases."),
    ("repeat purchase", "回头消费", "C17",
     "Third loyalty stage: the customer comes back after a good experience."),
    ("loyal purchase", "忠诚消费", "C17",
     "Fourth loyalty stage: buying built on trust."),
    ("loyalty programme", "忠诚计划", "C18",
     "A scheme that rewards continued custom: airline miles, supermarket points, volume rebates."),
    ("customer delight", "顾客感动", "C20",
     "Going beyond satisfaction to move the customer emotionally."),
    ("win the heart", "攻心为上", "C20",
     "The idea that winning a customer's feelings beats winning an argument about the product."),
    ("service recovery", "服务补救", "C21",
     "Putting things right after a service failure so that the customer stays."),
    ("customer retention", "客户保持", "C22",
     "Keeping existing customers buying; retention rate is the share still active after a period."),
    ("retention rate", "保持率", "C22",
     "Share of customers at the start of a period who are still customers at its end."),
    ("customer acquisition cost", "获客成本", "C22",
     "What it costs to win one new customer."),
    ("leaky bucket (funnel principle)", "漏斗原理", "C23",
     "Losing customers while winning as many new ones: sales look flat but costs rise."),
    ("customer churn", "客户流失", "C25",
     "Customers stopping buying or leaving for a competitor."),
    ("churn rate", "流失率", "C25",
     "Share of customers lost in a period: 1 - retention rate."),
    ("exit survey", "流失客户调查", "C25",
     "Asking customers who left why they left, and coding the reasons."),
    ("win-back", "客户挽回", "C26",
     "Offers and contact aimed at bringing lost or leaving customers back."),
    ("customer lifetime value (CLV)", "客户终身价值", "C27",
     "The present value of all future profit from a customer: m r / (1 + d - r) for margin m, retention r, discount rate d."),
    ("discount rate", "折现率", "C27",
     "The yearly rate at which future money is worth less than money today."),
    ("expected lifetime", "预期客户寿命", "C27",
     "Average number of periods a customer stays: 1 / (1 - r) for retention r."),
    ("complaint handling", "投诉处理", "C32",
     "Listening to, recording, solving and following up complaints; part of customer management."),
    ("service blueprint", "服务蓝图", "C31",
     "A map of every touchpoint from entering to leaving, with failure points, standards and visible evidence."),
    ("touchpoint", "接触点", "C31",
     "Any moment where the customer meets the firm: display, signage, checkout, staff."),
    ("customer database", "客户数据库", "C34",
     "The organised store of customer information that data-driven retention relies on."),
    ("frequent-shopper programme", "常客计划", "C34",
     "A card or club that records who buys what, in return for rewards."),
    ("repurchase cycle", "重购周期", "C36",
     "The usual time between a customer's purchases in a category."),
    ("personalised offer", "个性化优惠", "C36",
     "A discount chosen for one customer from their own purchase history."),
    ("point of sale (POS) data", "销售点数据", "C36",
     "Transaction records captured at the checkout."),
    ("key account management", "大客户管理", "C39",
     "Managing the biggest customers with dedicated people and resources."),
    ("customer visit", "客户拜访", "C42",
     "A planned face-to-face meeting with a customer, prepared and followed by a report."),
    ("market assessment report", "市场评估报告", "C42",
     "The written summary made after a customer visit."),
    ("RFM analysis", "RFM分析", "C26",
     "Scoring customers by recency (days since last purchase), frequency and monetary value."),
    ("recency", "最近一次消费", "C26",
     "Days since a customer's last purchase (in lifetime-value models: time from first to last purchase)."),
    ("frequency (RFM)", "消费频率", "C26",
     "How many purchases a customer made in the period analysed; the F of RFM."),
    ("monetary value (RFM)", "消费金额", "C26",
     "How much a customer spent in total in the period analysed; the M of RFM."),
    ("cohort", "同期群", "C25",
     "Customers who started in the same period, followed together over time."),
    ("churn analysis", "流失分析", "C26",
     "Studying customers who have left or are likely to leave, to find them early and design offers that win them back."),
    ("differentiation analysis", "差异化分析", "C26",
     "Sorting customers by their value so that each group gets a service strategy of its own."),
    ("quantile", "分位数", "C26",
     "A cut point that splits sorted values into groups of equal size (the median splits them into halves)."),
    ("quartile", "四分位数", "C26",
     "The three cut points that split sorted values into four equal groups: 25 %, 50 % (the median) and 75 %."),
    ("standard deviation", "标准差", "C26",
     "A measure of spread: roughly how far a typical value lies from the mean, in the data's own unit."),
    ("score (RFM)", "评分", "C26",
     "A 1-5 grade given to each of recency, frequency and monetary value by quantile: 5 for the best fifth."),
    ("heat map", "热力图", "C26",
     "A grid of cells coloured by a number, such as the count of customers in each R and F score."),
    ("champions (RFM segment)", "冠军客户", "C26",
     "Customers who bought very recently and very often: the best current customers."),
    ("loyal (RFM segment)", "忠诚客户", "C26",
     "Customers who buy often and fairly recently, though not in the very top recency group."),
    ("potential loyalist (RFM segment)", "潜在忠诚客户", "C26",
     "Recent customers with a middling number of trips, who could become loyal ones."),
    ("new (RFM segment)", "新客户", "C26",
     "Customers who bought very recently but only once or a few times."),
    ("promising (RFM segment)", "有潜力客户", "C26",
     "Fairly recent customers with few trips so far, worth encouraging."),
    ("need attention (RFM segment)", "需要关注客户", "C26",
     "Customers in the middle on both recency and frequency, starting to slip."),
    ("about to sleep (RFM segment)", "即将沉睡客户", "C26",
     "Customers who came rarely and not recently, close to going quiet."),
    ("at risk (RFM segment)", "流失风险客户", "C26",
     "Customers who used to come fairly often and have not been back for a while."),
    ("can't lose (RFM segment)", "不能失去的客户", "C26",
     "Customers who used to come very often and have gone quiet: the most urgent win-back targets."),
    ("hibernating (RFM segment)", "沉睡客户", "C26",
     "Customers who came rarely and long ago: cheap reminders at most."),
    ("promotion-only shopper", "促销型顾客", "C26",
     "A customer who shops almost only when there is a promotion, so a pause between offers looks like leaving."),
    ("direct marketing", "直复营销", "C36",
     "Contacting chosen customers directly (mail, phone, message) with an offer and measuring who responds."),
    ("margin", "毛利", "C27",
     "What a customer's purchases leave after the cost of the goods, in money: the m of the lifetime-value formula."),
    ("simulation", "模拟", "C27",
     "Drawing many made-up cases from a model with a random-number generator, to see what the model implies."),
    ("random seed", "随机种子", "C27",
     "The starting number of a random-number generator: the same seed gives the same draws, so a result can be repeated."),
    ("geometric distribution", "几何分布", "C27",
     "The number of tries up to and including the first success when each try succeeds with the same chance p; its mean is 1 / p."),
    ("percentage point", "百分点", "C27",
     "The difference between two percentages: from 90 % to 95 % is a rise of 5 percentage points (and of 5.6 %)."),
    ("hold-out group", "对照组", "C46",
     "Customers picked at random who do not get an offer, so that the difference from those who do measures its effect."),
    # case studies: supermarket A, McDonald's, the hair salon, hotel and retail personalisation
    ("silent churn", "沉默流失", "C30",
     "Customers who leave without complaining: they come less, then stop, which the purchase data show and the complaint book does not."),
    ("service failure", "服务失误", "C30",
     "A moment where the service breaks down for the customer: a long queue, no one to ask, expired goods on the shelf."),
    ("backtest", "回测", "C36",
     "Scoring a prediction on data it was not built from, for instance the last weeks held out, to state its real error."),
    ("mean absolute error (MAE)", "平均绝对误差", "C36",
     "The average size of the prediction errors, ignoring their sign: how many days, on average, a predicted purchase is off."),
    ("deadweight", "无谓折扣", "C36",
     "A discount given on a purchase the customer would have made anyway: margin given away for no extra sales."),
    ("sales lift", "销售提升", "C36",
     "The extra sales an offer causes beyond what customers would have bought anyway; measured against a hold-out group."),
    ("taste habit", "口味习惯", "C10",
     "A food preference formed early in life (about age five, S0) that tends to last into adulthood."),
    ("customer mix", "顾客组合", "C12",
     "The blend of profitable and unprofitable customers a business serves, which sets its profit (S2's hair salons)."),
    ("frequent complainer", "频繁投诉者", "C12",
     "A customer who complains on a large share of visits; each complaint's free redo can turn a visit into a loss."),
    ("retention policy", "客户保持政策", "C22",
     "A measure that costs money every year to keep customers who would otherwise leave; it pays when the customers kept are worth more than its cost."),
    ("survivorship bias", "幸存者偏差", "C27",
     "Drawing conclusions from the cases that succeeded and were told, while the failures went unrecorded."),
    ("guest history", "客史档案", "C34",
     "A hotel's record of each guest's stays and noted preferences, used to prepare their next stay."),
    ("recognition programme", "顾客认可计划", "C34",
     "A programme that recognises returning or valuable guests: preferences prepared, invitations, birthday cards, faster check-in."),
    ("Personal Information Protection Law (PIPL)", "个人信息保护法", "C34",
     "China's 2021 law on personal information: processing needs consent, a stated purpose and the minimum needed; people may ask for deletion."),
    ("sensitive personal information", "敏感个人信息", "C34",
     "Personal information whose misuse can harm a person, such as health, religion or a child's data; PIPL requires separate consent."),
    ("separate consent", "单独同意", "C34",
     "Consent asked for one specific kind of processing on its own, as PIPL requires for sensitive personal information."),
    ("right to erasure", "删除权", "C34",
     "A person's right to have their personal information deleted, for instance when they withdraw consent."),
)

_FIELDS = ("english", "chinese", "concept", "definition")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return " ".join(text.split())


def _keys(english: str) -> list[str]:
    keys = [_norm(english)]
    if "(" in english:  # "net promoter score (NPS)" is found as "net promoter score" and "NPS"
        base, _, abbrev = english.partition("(")
        keys += [_norm(base), _norm(abbrev.rstrip(")"))]
    return keys


_INDEX: dict[str, int] = {}
for _i, (_en, _zh, _c, _d) in enumerate(TERMS):
    for _k in (*_keys(_en), _norm(_zh)):
        _INDEX.setdefault(_k, _i)


def terms():
    """All terms as a DataFrame with columns english, chinese, concept, definition.

    >>> table = terms()
    >>> list(table.columns)
    ['english', 'chinese', 'concept', 'definition']
    >>> len(table) >= 50
    True
    """
    import pandas as pd

    return pd.DataFrame(list(TERMS), columns=list(_FIELDS))


def lookup(term: str) -> dict:
    """Find a term by its English or Chinese name (case, spacing and full-width forms ignored).

    Returns a dict with keys english, chinese, concept, definition.

    >>> lookup("NPS")["chinese"]
    '净推荐值'
    >>> lookup("customr churn")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    crmlab.errors.CRMLabError: 'customr churn' is not in the glossary; did you mean 'customer churn' or 'customer value' or 'customer tiers'? See crm.glossary.terms() for all ... terms.
    """
    if not isinstance(term, str) or not term.strip():
        raise CRMLabError(f"term must be a non-empty string in English or Chinese; got {term!r}.")
    key = _norm(term)
    if key not in _INDEX:
        close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.6)
        hint = ("did you mean " + " or ".join(repr(c) for c in close) + "? ") if close else ""
        raise CRMLabError(
            f"{term!r} is not in the glossary; {hint}See crm.glossary.terms() for all "
            f"{len(TERMS)} terms."
        )
    return dict(zip(_FIELDS, TERMS[_INDEX[key]]))


def translate(term: str) -> str:
    """The term in the other language: English to Chinese, Chinese to English.

    >>> translate("whale curve")
    '鲸鱼曲线'
    """
    entry = lookup(term)
    is_chinese = _norm(term) == _norm(entry["chinese"])
    return entry["english"] if is_chinese else entry["chinese"]


def search(text: str):
    """Terms whose English, Chinese or definition contains ``text`` (a DataFrame).

    >>> search("loyalty stage")["english"].tolist()
    ['wary observation', 'random purchase', 'repeat purchase', 'loyal purchase']
    >>> search("忠诚")["english"].tolist()[:2]
    ['customer loyalty', 'loyalty reward']
    """
    if not isinstance(text, str) or not text.strip():
        raise CRMLabError(f"search text must be a non-empty string; got {text!r}.")
    table = terms()
    needle = _norm(text)
    hit = table.apply(lambda row: any(needle in _norm(v) for v in row), axis=1)
    return table[hit].reset_index(drop=True)
