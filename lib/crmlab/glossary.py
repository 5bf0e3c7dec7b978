"""The course glossary: key terms in English and Chinese (中文), with the concept that teaches each.

Notebooks give the Chinese term beside the English one on first use, e.g. core customer (核心客户);
this is the one place the pairs are kept. Look a term up from either language. Definitions are
given in the language in use (:func:`crmlab.set_language`): in Chinese where the term has a
Chinese definition (:data:`DEFINITIONS_ZH`), in English otherwise.

Examples
--------
>>> lookup("core customer")["chinese"]
'核心客户'
>>> lookup("核心客户")["english"]
'core customer'
>>> translate("客户流失")
'customer churn'
>>> from crmlab.language import using_language
>>> with using_language("zh"):
...     lookup("核心客户")["definition"]
'与企业关系最密切、为企业贡献价值最多的那部分客户。'
"""

from __future__ import annotations

import difflib
import unicodedata

from .errors import CRMLabError
from .language import get_language

__all__ = ["TERMS", "DEFINITIONS_ZH", "terms", "lookup", "translate", "search"]

#: (english, chinese, concept ID, a one-line definition in our words[, aliases]): aliases are
#: other names a reader may know the term by (in either language); a lookup finds the term by any.
TERMS: tuple[tuple, ...] = (
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
     "(gain - cost) / cost. For a campaign the gain is the margin it adds, not its revenue: revenue ROI, (revenue - cost) / cost, breaks even only above 1 / margin - 1."),
    ("return on marketing investment (ROMI)", "营销投资回报率", "C04",
     "(incremental revenue x margin - cost) / cost of a campaign, the incremental revenue measured against a hold-out group."),
    ("incremental revenue", "增量收入", "C04",
     "Revenue an offer added: what the contacted customers bought minus what the hold-out group shows they would have bought anyway."),
    ("sales pipeline", "销售管道", "C04",
     "The stages a deal passes through, from lead to contact, opportunity, order and payment.",
     ("销售漏斗",)),
    ("sales lead", "销售线索", "C04",
     "A possible customer not yet contacted or qualified."),
    ("sales opportunity", "商机", "C04",
     "A qualified lead with a real chance of becoming an order.", ("销售机会",)),
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
    ("single customer view", "客户360°视图", "C06",
     "One record per customer that joins what marketing, sales and service each know.",
     ("统一客户视图", "客户360度视图")),
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
    ("annuity factor", "年金系数", "C10",
     "A(Y) = 1 / (1 + d) + 1 / (1 + d)^2 + ... + 1 / (1 + d)^Y = (1 - (1 + d)^-Y) / d: what 1 yuan a year for Y years is worth today."),
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
    ("cost to serve", "客户服务成本", "C12",
     "What it costs to serve a customer: staff time, materials, discounts, complaint handling.",
     ("服务成本",)),
    ("whale curve", "鲸鱼曲线", "C12",
     "Cumulative profit by customers ranked from most to least profitable; it rises above 100 % and falls back when some customers lose money."),
    ("contribution", "边际贡献", "C12",
     "Revenue minus the costs that come with each sale or visit (labour, materials): what is left to pay the fixed costs."),
    ("fixed cost", "固定成本", "C12",
     "A cost that stays the same however many customers are served, such as rent, overheads and salaried staff."),
    ("contribution margin ratio", "边际贡献率", "C12",
     "Contribution divided by revenue: the share of each yuan taken that is left, after the costs that come with each sale, to pay the fixed costs and then make a profit."),
    ("profit margin", "利润率", "C12",
     "Profit after all costs, fixed costs included, divided by revenue."),
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
    ("customer synergy", "客户协同", "C16",
     "Covey's term for the new value that a long relationship creates for both the firm and the customer (S1 writes 客户协合).",
     ("客户协合",)),
    ("four stages of a loyal customer (S1)", "忠诚客户的四个发展阶段", "C17",
     "S1's path to loyalty: wary observation, random purchase, repeat purchase, loyal purchase; a different model from the loyalty ladder and from Oliver's four phases.",
     ("忠诚客户的四个阶段",)),
    ("loyalty ladder", "忠诚阶梯", "C17",
     "Relationship marketing's ladder (Christopher, Payne and Ballantyne, 1991): prospect, customer, client, supporter, advocate, partner; not S1's four stages."),
    ("Oliver's four loyalty phases", "奥利弗忠诚四阶段", "C17",
     "Oliver (1999): cognitive, affective, conative and action loyalty, from beliefs about a brand to the habit of buying it; loyalty as attitude, not S1's stages of buying.",
     ("奥利弗的忠诚四阶段", "cognitive loyalty", "affective loyalty", "conative loyalty",
      "action loyalty", "认知忠诚", "情感忠诚", "意向忠诚", "行为忠诚")),
    ("wary observation", "观望", "C17",
     "First loyalty stage: the customer does not yet know the firm and watches carefully."),
    ("random purchase", "随机性消费", "C17",
     "Second loyalty stage: some knowledge, occasional unplanned purchases."),
    ("repeat purchase", "回头消费", "C17",
     "Third loyalty stage: the customer comes back after a good experience.", ("重复购买", "复购")),
    ("loyal purchase", "忠诚消费", "C17",
     "Fourth loyalty stage: buying built on trust."),
    ("loyalty programme", "忠诚度计划", "C18",
     "A scheme that rewards continued custom: airline miles, supermarket points, volume rebates.",
     ("会员计划", "忠诚计划")),
    ("customer delight", "顾客感动", "C20",
     "Going beyond satisfaction to move the customer emotionally.", ("顾客愉悦",)),
    ("win the heart", "攻心为上", "C20",
     "The idea that winning a customer's feelings beats winning an argument about the product."),
    ("service recovery", "服务补救", "C21",
     "Putting things right after a service failure so that the customer stays."),
    ("customer retention", "客户保持", "C22",
     "Keeping existing customers buying; retention rate is the share still active after a period."),
    ("retention rate", "客户保持率", "C22",
     "Share of customers at the start of a period who are still customers at its end. In purchase data: activity retention; in a lifetime-value formula: survival retention r.",
     ("留存率", "保持率")),
    ("activity retention", "活跃留存率", "C24",
     "Of the customers who bought in one period, the share who buy again in a later one: what purchase data show. As a stand-in for survival retention it can err either way: a customer who skips a period without leaving counts as lost (pulling it down), and one who has left but shops once more on the way out counts as kept (pulling it up)."),
    ("survival retention", "客户存活率", "C27",
     "The r of a lifetime-value formula: the chance that a customer who is still a customer stays one more period. Purchase data show only activity retention, a noisier stand-in that can be lower or higher: skippers pull it down, leavers who shop once more pull it up."),
    ("survivorship effect", "幸存者效应", "C24",
     "Retention that rises with tenure because the customers most likely to leave leave first: one average r misreads both new and old customers."),
    ("cost per extra customer kept", "每多留住一位客户的成本", "C22",
     "Retention spend divided by the customers it kept who would otherwise have left (measured against a hold-out group), not by everyone it reached."),
    ("payback period", "投资回收期", "C22",
     "The periods a new customer must stay before the discounted margin they bring covers what it cost to win them."),
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
     "The present value of a customer's future margins. The gross-margin CLV of an existing customer is m r / (1 + d - r) for margin m, retention r, discount rate d; it leaves out cost to serve, retention spend and acquisition cost.",
     ("客户生命周期价值",)),
    ("net lifetime value", "净终身价值", "C27",
     "Lifetime value of the margin net of cost to serve and retention spend; for a prospect, minus the acquisition cost."),
    ("sensitivity table", "敏感性分析表", "C27",
     "A grid of results for a range of assumptions (margin, retention, discount rate), shown instead of a single number."),
    ("discount rate", "折现率", "C27",
     "The yearly rate at which future money is worth less than money today."),
    ("expected lifetime", "预期客户生命周期", "C27",
     "Average number of periods a customer stays: 1 / (1 - r) for retention r.", ("预期客户寿命",)),
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
    ("repurchase cycle", "复购周期", "C36",
     "The usual time between a customer's purchases in a category.", ("重购周期",)),
    ("personalised offer", "个性化优惠", "C36",
     "A discount chosen for one customer from their own purchase history."),
    ("point of sale (POS) data", "POS数据", "C36",
     "Transaction records captured at the checkout.", ("销售终端数据", "销售点数据")),
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
    ("RFM eight-class model", "RFM八类客户模型", "C26",
     "The split Chinese analysts use: each of R, F and M above or below its average gives 2 x 2 x 2 = 8 classes, from important value customers to general customers to win back."),
    ("important value customer (RFM eight-class)", "重要价值客户", "C26",
     "Recent, frequent and high-spending: the best customers now."),
    ("important customer to develop (RFM eight-class)", "重要发展客户", "C26",
     "Recent and high-spending but infrequent: give them reasons to come more often."),
    ("important customer to keep (RFM eight-class)", "重要保持客户", "C26",
     "Frequent and high-spending but not recent: contact them before they drift away."),
    ("important customer to win back (RFM eight-class)", "重要挽留客户", "C26",
     "High-spending, but neither recent nor frequent: worth a personal win-back effort."),
    ("general value customer (RFM eight-class)", "一般价值客户", "C26",
     "Recent and frequent but low-spending: raise the basket."),
    ("general customer to develop (RFM eight-class)", "一般发展客户", "C26",
     "Recent, infrequent and low-spending, often new customers: a cheap reason to come back."),
    ("general customer to keep (RFM eight-class)", "一般保持客户", "C26",
     "Frequent but low-spending and not recent: a low-cost reminder."),
    ("general customer to win back (RFM eight-class)", "一般挽留客户", "C26",
     "Low on recency, frequency and spend: a cheap reminder at most."),
    ("test cell", "测试单元", "C26",
     "Hughes's practice: send an offer to a sample of each cell (an RFM score or segment), compare it with a hold-out, and roll out only to cells that pay."),
    ("break-even response rate", "盈亏平衡响应率", "C26",
     "Cost per contact divided by the margin per response: the extra response an offer must add to pay for itself."),
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
     "Customers picked at random who do not get an offer, so that the difference from those who do measures its effect.",
     ("控制组", "control group")),
    ("incremental response", "增量响应", "C46",
     "The response rate of those who got an offer minus that of the hold-out group: the response the offer itself caused."),
    # notebooks 06 (loyalty) and 07 (satisfaction, complaints, service recovery)
    ("standardised regression", "标准化回归", "C15",
     "A regression on variables first turned into z-scores, so that each coefficient reads as sds of the outcome per sd of a driver, the others held fixed.",
     ('standardised beta', '标准化回归系数')),
    ("relative importance", "相对重要性", "C15",
     "Splitting a model's R squared among its drivers, e.g. by the Shapley value: what each driver adds on average over every order of entry.",
     ('Shapley split', 'Shapley value', '沙普利值')),
    ("common-method bias", "共同方法偏差", "C15",
     "Bias that arises when drivers and outcome come from the same respondents in the same survey, so that their mood or answering style lifts both."),
    ("loyalty index", "忠诚度指数", "C16",
     "One loyalty score per customer: the mean of the z-scores of the five components of loyalty."),
    ("Cronbach's alpha", "克朗巴哈系数", "C16",
     "A measure of how consistently several items of a scale move together, from k, the number of items, and their correlations; 0.7 is the usual floor.",
     ('coefficient alpha', '克隆巴赫系数', 'α系数')),
    ("item-rest correlation", "题项-其余相关", "C16",
     "The correlation of one item with the total of the other items of its scale; a low value marks an item that does not belong.",
     ('corrected item-total correlation', '校正的项总相关')),
    ("relative attitude", "相对态度", "C16",
     "How favourably a customer sees the firm compared with the alternatives; Dick and Basu's first dimension of loyalty."),
    ("repeat patronage", "重复光顾", "C16",
     "How often a customer buys from the firm; Dick and Basu's second dimension of loyalty."),
    ("true loyalty", "真正的忠诚", "C16",
     "High relative attitude and high repeat patronage: the customer likes the firm and keeps buying."),
    ("spurious loyalty", "虚假忠诚", "C16",
     "Repeat buying without a favourable attitude (habit, convenience, no alternative nearby): it ends at the first better offer.",
     ('虚假的忠诚', '惰性忠诚')),
    ("latent loyalty", "潜在忠诚", "C16",
     "A favourable attitude without much buying: something such as distance or price keeps the customer away.",
     ('潜在的忠诚',)),
    ("Markov chain", "马尔可夫链", "C17",
     "A model in which a customer moves between states (such as the stages of a loyal customer) each period with probabilities that depend only on the current state."),
    ("steady state", "稳态", "C17",
     "The long-run shares of a Markov chain, which no longer change from one period to the next: pi P = pi."),
    ("deadweight", "无谓成本", "C18",
     "Rewards or offers given to customers who would have behaved the same without them: money that buys nothing.",
     ('deadweight cost', '无谓支出', '无谓折扣')),
    ("incremental retention", "增量保持率", "C18",
     "The retention of a programme's members minus that of its random hold-out group: the share of customers the programme really kept."),
    ("difference in differences", "双重差分", "C18",
     "Comparing the change of a treated group with the change of a comparison group, so that what happened to both cancels out."),
    ("commercial bribery", "商业贿赂", "C19",
     "Giving money, goods or other benefits to a client's staff to win business; forbidden in China by the Anti-Unfair Competition Law.",
     ('Anti-Unfair Competition Law', '反不正当竞争法')),
    ("customer satisfaction score (CSAT)", "顾客满意度得分", "C21",
     "The share of customers answering 4 or 5 (satisfied or very satisfied) on a 1-5 satisfaction question."),
    ("margin of error", "误差范围", "C21",
     "Half the width of a confidence interval: with a random sample of n, about 1.96 sqrt(p (1 - p) / n) for a share p at 95 %."),
    ("sample size", "样本量", "C21",
     "The number of answers a survey needs for a wanted margin of error: 1.96 squared p (1 - p) / margin squared, rounded up."),
    ("response bias", "应答偏差", "C21",
     "A systematic error when the customers who answer a survey differ from those who do not; a larger sample does not remove it.",
     ('non-response bias', '无应答偏差')),
    ("Likert scale", "李克特量表", "C21",
     "A rating question with ordered answers from strongly disagree to strongly agree (or very dissatisfied to very satisfied), usually 5 or 7 points."),
    ("service recovery paradox", "服务补救悖论", "C21",
     "The claim that a customer whose failure was well recovered ends up more loyal than one who had no failure; contested in research.",
     ('recovery paradox', '补救悖论')),
    ("ease of switching", "转换便利性", "C28",
     "How easily a customer can move to another supplier; where switching is hard, unhappy customers stay and firms try less."),
    ("complaint iceberg", "投诉冰山", "C30",
     "The few complaints a firm sees above the waterline against the many unhappy customers who never complain and come less or leave."),
    ("comparison group", "比较组", "C30",
     "Customers not affected by an event (such as a problem) and not assigned at random, whose change over the same period shows what would have happened anyway; unlike a hold-out group, it can differ from the affected customers in other ways too."),
    ("physical evidence", "有形展示", "C31",
     "What customers can see and judge the service by: premises, signs, labels, queues, receipts; the top lane of a service blueprint.",
     ('有形证据',)),
    ("line of visibility", "可视分界线", "C31",
     "The line in a service blueprint between what customers see (front stage) and the work they do not see (back stage)."),
    ("failure point", "失败点", "C31",
     "A step of a service where things easily go wrong, marked on the blueprint with a standard that prevents it.",
     ("出问题的环节", "服务失败的环节")),
    ("bare no", "直接拒绝", "C32",
     "Refusing a customer's request without offering an alternative; S2 says never to do it."),
    # notebooks 08-10: churn, three-stage customer management, relationships and visits
    ("purchase gap", "购买间隔", "C25",
     "Days between two consecutive purchases of a customer; a customer's own typical gap is their rhythm."),
    ("precision (of a rule)", "精确率", "C26",
     "Of the customers a rule flags, the share who really left: TP / (TP + FP)."),
    ("recall (of a rule)", "召回率", "C26",
     "Of the customers who really left, the share a rule flags: TP / (TP + FN)."),
    ("false positive", "误报", "C26",
     "A customer flagged as leaving who in fact stays: an offer spent on them is wasted."),
    ("false negative", "漏报", "C26",
     "A customer who leaves without being flagged: the chance to win them back is missed."),
    ("BG/NBD model", "BG/NBD模型", "C26",
     "The beta-geometric / negative binomial model (Fader, Hardie and Lee 2005): while active a customer buys at their own rate, and after each purchase may drop out for good with their own probability."),
    ("P(alive)", "仍活跃概率", "C26",
     "Under the BG/NBD model, the probability that a customer is still active, given how often they bought and when they last bought."),
    ("maximum likelihood", "最大似然估计", "C26",
     "Choosing a model's parameters so that the data observed are as probable as possible under the model."),
    ("calibration period", "校准期", "C26",
     "The part of the history a model is fitted on; its forecasts are then checked on the later, held-out period."),
    ("lapse", "停购", "C25",
     "A stretch of a chosen number of days without a purchase: an observed fact, not a prediction that the customer is gone for good."),
    ("survival curve", "生存曲线", "C25",
     "The share of customers who have not yet had an event (such as a lapse) t days after they started."),
    ("Kaplan-Meier estimator", "Kaplan-Meier估计", "C25",
     "The standard way to estimate a survival curve when some customers are still being followed at the end of the data."),
    ("censoring", "删失", "C25",
     "Knowing only that a customer's event has not happened by the end of the data, not when it will happen."),
    ("cohort retention", "同期群留存率", "C25",
     "The share of a cohort that buys in each later period; a customer who skips a month and comes back counts again."),
    ("Pareto chart", "帕累托图", "C25",
     "Bars sorted from largest to smallest with the running share of the total, to show the few causes that matter most."),
    ("uplift", "增量效果", "C26",
     "What an offer adds: the outcome of those who got it minus that of a random hold-out group who did not.",
     ("提升", "增量")),
    ("confidence interval", "置信区间", "C26",
     "A range computed from the data that, over many samples, covers the true value in a stated share of them (such as 95 %)."),
    ("data cleaning", "数据清洗", "C39",
     "Finding and fixing duplicates, inconsistent spellings and formats, and missing fields before the data is used."),
    ("duplicate record", "重复记录", "C39",
     "The same customer entered more than once, often typed a little differently each time."),
    ("SQL", "结构化查询语言", "C39",
     "Structured Query Language: the standard language for asking questions of a relational database and changing its data."),
    ("database schema", "数据库模式", "C39",
     "The tables of a database, their columns and the rules that the data in them must follow."),
    ("primary key", "主键", "C39",
     "A column whose value identifies exactly one row of a table, such as the customer id of the customers table."),
    ("foreign key", "外键", "C39",
     "A column whose value must be the key of an existing row of another table, such as the customer id of an order."),
    ("constraint (database)", "约束", "C39",
     "A rule the database checks on every change, such as a unique id or a valid phone format; a change that breaks it is refused."),
    ("column store", "列式数据库", "C39",
     "A database that keeps each column together (such as DuckDB): fast for questions over a whole large table."),
    ("personal information", "个人信息", "C39",
     "Any information about an identified or identifiable natural person, such as a contact's name and mobile number."),
    ("consent", "同意", "C39",
     "A person's informed, voluntary and explicit agreement to the handling of their personal information for a stated purpose."),
    ("Personal Information Protection Law (PIPL)", "个人信息保护法", "C39",
     "China's law on handling personal information, in force since 1 November 2021."),
    ("sensitive personal information", "敏感个人信息", "C39",
     "Personal information whose leak or misuse could easily harm a person, such as health, financial accounts, whereabouts, or any data about a child under 14."),
    ("key account", "大客户", "C39",
     "One of the few customers who bring the largest share of volume or profit, managed with priority and its own person in charge."),
    ("account owner", "客户负责人", "C38",
     "The one person in charge of a customer (principle 4 of customer management), who keeps its data current and answers for the relationship."),
    ("customer feedback log", "客户反馈记录", "C33",
     "A record of the complaints and praise customers give, each tied to the customer, kept in the customer database."),
    ("customers who cannot do without you", "让客户离不开你", "C40",
     "The highest state of customer management in S4: a relationship worth so much to the customer that leaving is unthinkable."),
    ("visit plan", "拜访计划", "C41",
     "The accounts to visit in a week, chosen by how soon each is likely to order and what it is worth, within the hours available."),
    ("knapsack problem", "背包问题", "C41",
     "Choosing items of given value and size to get the most value within a size limit; here, the visits worth most within a week's hours."),
    ("greedy algorithm", "贪心算法", "C41",
     "A method that keeps taking the best-looking next step (here the best value per hour) without looking back: quick, but not always best."),
    ("opener", "开场白", "C44",
     "The first sentences of a visit or a call; a good one tells the customer what they stand to gain."),
    ("referral (recommendation)", "转介绍", "C45",
     "A customer recommending the firm to people they know; one of the eight ways to keep customers in S2."),
    ("share of wallet", "钱包份额", "C36",
     "The share of a customer's total spending in a category that goes to the firm rather than to its rivals."),
    ("hit rate", "命中率", "C35",
     "The share of a shopper's baskets that contain at least one of the items printed for them."),
    # case studies: supermarket A, McDonald's, the hair salon, hotel and retail personalisation
    ("silent churn", "沉默流失", "C30",
     "Customers who leave without complaining: they come less, then stop, which the purchase data show and the complaint book does not."),
    ("service failure", "服务失误", "C30",
     "A moment where the service breaks down for the customer: a long queue, no one to ask, expired goods on the shelf."),
    ("backtest", "回测", "C36",
     "Scoring a prediction on data it was not built from, for instance the last weeks held out, to state its real error."),
    ("mean absolute error (MAE)", "平均绝对误差", "C36",
     "The average size of the prediction errors, ignoring their sign: how many days, on average, a predicted purchase is off."),
    ("sales lift", "销售提升", "C36",
     "The extra sales an offer causes beyond what customers would have bought anyway; measured against a hold-out group."),
    ("taste habit", "口味习惯", "C10",
     "A food preference formed early in life (about age five, S0) that tends to last into adulthood."),
    ("customer mix", "顾客组合", "C12",
     "The blend of profitable and unprofitable customers a business serves, which sets its profit (S2's hair salons)."),
    ("frequent complainer", "频繁投诉者", "C12",
     "A customer who complains on a large share of visits; each complaint's free redo can turn a visit into a loss.",
     ("经常投诉的顾客", "经常投诉的客户", "投诉者")),
    ("retention policy", "客户保持政策", "C22",
     "A measure that costs money every year to keep customers who would otherwise leave; it pays when the customers kept are worth more than its cost."),
    ("survivorship bias", "幸存者偏差", "C27",
     "Drawing conclusions from the cases that succeeded and were told, while the failures went unrecorded."),
    ("guest history", "客史档案", "C34",
     "A hotel's record of each guest's stays and noted preferences, used to prepare their next stay."),
    ("recognition programme", "顾客认可计划", "C34",
     "A programme that recognises returning or valuable guests: preferences prepared, invitations, birthday cards, faster check-in."),
    ("separate consent", "单独同意", "C34",
     "Consent asked for one specific kind of processing on its own, as PIPL requires for sensitive personal information."),
    ("right to erasure", "删除权", "C34",
     "A person's right to have their personal information deleted, for instance when they withdraw consent."),
)


#: Chinese (中文) definitions, keyed by a term's English name: :func:`lookup`, :func:`terms` and
#: :func:`search` give these when the language is Chinese (``crm.set_language("zh")``). Every
#: term a notebook's glossary cell prints has one (``tests/test_glossary.py``).
DEFINITIONS_ZH: dict[str, str] = {
    # notebook 02
    "core customer": "与企业关系最密切、为企业贡献价值最多的那部分客户。",
    "customer identification": "在已选定的目标市场内，找出对关系管理最重要的客户。",
    "market segmentation": "把市场分成需求相似的群体，以便选择目标市场。",
    "20/80 rule (Pareto principle)": "约 20% 的客户带来约 80% 的收入或利润。",
    # notebook 03
    "customer profitability": "客户在扣除为其服务的成本之后带来的利润，而不只是他带来的收入。",
    "cost to serve": "为一位客户提供服务所花的成本：员工时间、物料、折扣、处理投诉等。",
    "whale curve":
        "把客户按利润从高到低排序后画出的累计利润曲线；当有些客户亏损时，曲线先升到 100% 以上，"
        "再回落。",
    "customer tiers": "按价值把客户分成若干等级，对不同等级提供不同的服务。",
    # notebook 04
    "RFM analysis": "按最近一次消费（距上次购买的天数）、消费频率和消费金额给客户打分。",
    "recency": "距客户最近一次购买的天数（在终身价值模型中，指从首次购买到最近一次购买的时间）。",
    "frequency (RFM)": "客户在分析期内的购买次数；即 RFM 中的 F。",
    "monetary value (RFM)": "客户在分析期内的消费总额；即 RFM 中的 M。",
    "win-back": "为把已经流失或正在流失的客户拉回来而提供的优惠和联系。",
    # notebook 05
    "retention rate":
        "期初的客户中到期末仍是客户的比例。在购买数据中看到的是活跃留存率；在终身价值公式中"
        "是客户存活率 r。",
    "activity retention":
        "在某一期购买过的客户中，之后某一期再次购买的比例：这是购买数据能显示的。用它代替"
        "客户存活率，可能偏低也可能偏高：跳过一期但并未离开的客户被算作流失（把它拉低），"
        "已经离开、但离开前又买了一次的客户被算作留下（把它拉高）。",
    "survival retention":
        "终身价值公式中的 r：一位仍是客户的客户再留一期的概率。购买数据只能显示活跃留存率，"
        "它是噪声更大的替代指标，可能偏低也可能偏高：跳过一期的客户把它拉低，离开前又买一次的"
        "客户把它拉高。",
    "leaky bucket (funnel principle)":
        "一边流失客户，一边获取同样多的新客户：销售额看起来持平，成本却在上升。",
    "cost per extra customer kept":
        "保持支出除以因它而留下、否则本会离开的客户数（与对照组比较得出），而不是除以它接触到的"
        "全部客户。",
    "customer lifetime value (CLV)":
        "一位客户未来毛利的现值。一位现有客户按毛利计算的终身价值为 m r / (1 + d - r)，其中 m 为"
        "每期毛利，r 为客户存活率，d 为折现率；它没有扣除客户服务成本、保持支出和获客成本。",
    "payback period": "一位新客户必须停留的期数，直到他带来的折现毛利抵得上获取他所花的成本。",
    # notebook 07 and the hold-out tests
    "hold-out group": "随机抽取、不发放优惠的客户；收到优惠的客户与他们的差异衡量了优惠的效果。",
    "comparison group":
        "未受某一事件（如服务问题）影响、也未随机分配的参照组；它在同一时期的变化显示了本来就会"
        "发生的变化。与对照组不同，它和受影响的客户在其他方面也可能不同。",
    # notebook 08
    "customer churn": "客户停止购买，或转向竞争对手。",
    "purchase gap": "一位客户相邻两次购买之间的天数；客户自己的典型间隔就是他的购买节奏。",
    "precision (of a rule)": "在规则标记出的客户中，真正离开的比例：TP / (TP + FP)。",
    "recall (of a rule)": "在真正离开的客户中，被规则标记出的比例：TP / (TP + FN)。",
    "BG/NBD model":
        "贝塔几何 / 负二项分布模型（Fader、Hardie 和 Lee，2005）：客户在活跃期间按自己的速率购买，"
        "每次购买之后都可能以自己的概率永久退出。",
    "P(alive)": "在 BG/NBD 模型下，根据客户购买的频繁程度和最近一次购买的时间，算出他仍然活跃的概率。",
    "lapse": "连续若干天（天数事先选定）没有购买：这是观察到的事实，并不预测客户已经永久离开。",
    "censoring": "只知道到数据截止时某位客户的事件还没有发生，而不知道它何时会发生。",
    "cohort retention":
        "一个同期群在之后每一期中有购买的客户所占的比例；跳过一个月后又回来的客户会再次计入。",
    "uplift": "优惠带来的增量：收到优惠的客户的结果，减去没有收到优惠的随机对照组的结果。",
    # notebook 09
    "customer management":
        "收集并分析客户信息以了解客户需求，在企业内部共享这些知识，在兼顾客户价值与企业利润的"
        "同时建立长期的客户忠诚。",
    "data cleaning": "在使用数据之前，找出并纠正重复记录、不一致的写法和格式以及缺失的字段。",
    "duplicate record": "同一位客户被录入了不止一次，而且每次的写法往往略有不同。",
    "primary key": "其值能唯一确定表中一行的列，例如客户表中的客户编号。",
    "foreign key": "其值必须是另一张表中某一现有行的键的列，例如订单中的客户编号。",
    "constraint (database)":
        "数据库在每次修改时都要检查的规则，例如编号不得重复、电话号码格式必须有效；违反规则的修改"
        "会被拒绝。",
    "SQL": "结构化查询语言（Structured Query Language）：向关系数据库提出查询、修改其中数据的标准语言。",
    "personal information": "与已识别或可识别的自然人有关的各种信息，例如联系人的姓名和手机号码。",
    "key account": "少数带来最大份额业务量或利润的客户；企业优先管理，并由专人负责。",
    "account owner":
        "负责一位客户的唯一责任人（客户管理的原则四）：保持这位客户的资料及时更新，并对这段关系"
        "负责。",
    # notebook 10
    "customer visit": "事先计划、与客户面对面的会面；会前要准备，会后要写报告。",
    "visit plan": "一周内要拜访的客户：在可用的工时内，按每位客户多快可能下单、价值多少来挑选。",
    "knapsack problem":
        "在容量限制内挑选价值和大小已知的物品，使总价值最大；这里指在一周的工时内挑选价值最高的"
        "拜访。",
    "greedy algorithm":
        "每一步都选当前看起来最好的一步（这里是每小时价值最高的拜访）、从不回头调整的方法：速度快，"
        "但不一定得到最优解。",
    "opener": "拜访或电话开头的几句话；好的开场白会告诉客户他能得到什么。",
    "market assessment report": "客户拜访之后写出的书面总结。",
    "frequent-shopper programme": "记录谁买了什么、并以奖励作为回报的会员卡或俱乐部。",
    "hit rate": "在顾客的购物篮中，至少含有一种为他打印（推荐）的商品的购物篮所占的比例。",
    "share of wallet": "客户在某一品类的全部支出中，流向本企业而不是竞争对手的比例。",
}

_FIELDS = ("english", "chinese", "concept", "definition", "aliases")


def _entry(row) -> tuple:
    """A row with its aliases as a tuple and its definition in the language in use."""
    definition = row[3]
    if get_language() == "zh":
        definition = DEFINITIONS_ZH.get(row[0], definition)
    return (*row[:3], definition, tuple(row[4]) if len(row) > 4 else ())


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
for _i, _row in enumerate(TERMS):
    _en, _zh, _c, _d, _aliases = _entry(_row)
    for _k in (*_keys(_en), _norm(_zh), *(_norm(a) for a in _aliases)):
        _INDEX.setdefault(_k, _i)


def terms():
    """All terms as a DataFrame with columns english, chinese, concept, definition, aliases.

    ``definition`` is in the language in use (English where a term has no Chinese definition).

    ``aliases`` holds a tuple of other names for the term (empty when there are none).

    >>> table = terms()
    >>> list(table.columns)
    ['english', 'chinese', 'concept', 'definition', 'aliases']
    >>> len(table) >= 50
    True
    """
    import pandas as pd

    return pd.DataFrame([_entry(row) for row in TERMS], columns=list(_FIELDS))


def lookup(term: str) -> dict:
    """Find a term by its English or Chinese name or an alias (case, spacing and full-width forms
    ignored).

    Returns a dict with keys english, chinese, concept, definition, aliases; the definition is
    in the language in use (English where the term has no Chinese definition).

    >>> lookup("NPS")["chinese"]
    '净推荐值'
    >>> lookup("留存率")["english"]
    'retention rate'
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
    return dict(zip(_FIELDS, _entry(TERMS[_INDEX[key]])))


def translate(term: str) -> str:
    """The term in the other language: English to Chinese, Chinese (or a Chinese alias) to English.

    >>> translate("whale curve")
    '鲸鱼曲线'
    >>> translate("统一客户视图")
    'single customer view'
    """
    entry = lookup(term)
    chinese = [entry["chinese"], *(a for a in entry["aliases"] if _has_cjk(a))]
    is_chinese = _norm(term) in {_norm(c) for c in chinese}
    return entry["english"] if is_chinese else entry["chinese"]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def search(text: str):
    """Terms whose English, Chinese or definition (in the language in use) contains ``text``
    (a DataFrame).

    >>> search("loyalty stage")["english"].tolist()
    ['wary observation', 'random purchase', 'repeat purchase', 'loyal purchase']
    >>> search("忠诚")["english"].tolist()[:2]
    ['customer loyalty', 'loyalty reward']
    """
    if not isinstance(text, str) or not text.strip():
        raise CRMLabError(f"search text must be a non-empty string; got {text!r}.")
    table = terms()
    needle = _norm(text)
    hit = table.apply(lambda row: any(needle in _norm(v) for v in (*row.iloc[:4], *row.iloc[4])),
                      axis=1)
    return table[hit].reset_index(drop=True)
