"""English for the love points (爱心积分) and exchange shop (爱心超市) strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # models and admin
    "县级区划": "County",
    "每小时积分": "Points per hour",
    "生效日期": "Effective from",
    "设置人": "Set by",
    "设置时间": "Set at",
    "积分比例": "Points rate",
    "爱心超市所属区划": "Region of the exchange shop",
    "物品名称": "Item name",
    "物品说明": "Item description",
    "兑换所需积分": "Points price",
    "库存": "Stock",
    "领取地点": "Pickup place",
    "上架": "On sale",
    "下架": "Off sale",
    "爱心超市物品": "Exchange shop items",
    "初始库存": "Initial stock",
    "补货": "Restock",
    "盘亏核减": "Write-off",
    "兑换出库": "Redeemed",
    "取消退回": "Returned on cancellation",
    "库存变动记录只能追加，不能修改或删除。": "Stock changes can only be appended, never changed or deleted.",
    "物品": "Item",
    "变动数量": "Change",
    "变动后库存": "Stock after",
    "兑换记录": "Redemption",
    "库存变动": "Stock changes",
    "待领取": "Awaiting pickup",
    "已领取": "Handed over",
    "数量": "Quantity",
    "积分": "Points",
    "领取码": "Pickup code",
    "兑换时间": "Redeemed at",
    "兑换操作人": "Redeemed by",
    "领取时间": "Handed over at",
    "发放人": "Handed over by",
    "取消人": "Cancelled by",
    "积分兑换": "Redemptions",
    "兑换": "Redemption",
    "兑换取消退回": "Redemption cancelled (points returned)",
    "调整": "Adjustment",
    "爱心积分台账只能追加，不能修改或删除；更正请登记调整记录。": (
        "The love points ledger is append-only: entries cannot be changed or deleted; "
        "record an adjustment to correct one."
    ),
    "积分记录": "Points entry",
    "积分台账": "Points ledger",
    "调整爱心积分": "Adjust love points",
    # services and API
    "%(label)s含有无效字符。": "%(label)s contains invalid characters.",
    "请填写%(label)s。": "Please fill in: %(label)s.",
    "%(label)s不能超过 %(max)d 个字。": "%(label)s may not be longer than %(max)d characters.",
    "只有本县（市）的中心管理员可以设置积分比例。": "Only a county center admin of the county can set its points rate.",
    "每小时积分必须是数字。": "Points per hour must be a number.",
    "每小时积分必须大于 0 且不超过 %(max)d。": "Points per hour must be more than 0 and at most %(max)d.",
    "生效日期不能早于今天：已获得的积分不能追溯改变。": (
        "The effective date cannot be before today: points already earned never change retroactively."
    ),
    "该日期已设置过积分比例。": "A points rate is already set for this date.",
    "兑换所需积分必须是 1 到 %(max)d 之间的整数。": "The points price must be a whole number from 1 to %(max)d.",
    "您无权在该区划的爱心超市上架物品。": "You may not put items in the exchange shop of this region.",
    "库存必须是 0 到 %(max)d 之间的整数。": "The stock must be a whole number from 0 to %(max)d.",
    "该爱心超市已有同名物品。": "This exchange shop already has an item of that name.",
    "您无权管理该物品。": "You may not manage this item.",
    "物品不存在。": "Item not found.",
    "变动数量必须是非零整数，绝对值不超过 %(max)d。": (
        "The change must be a non-zero whole number of at most %(max)d either way."
    ),
    "核减原因": "Reason for the write-off",
    "核减数量超过现有库存（%(stock)d 件）。": "The write-off exceeds the stock (%(stock)d).",
    "补货后库存不能超过 %(max)d。": "The stock after restocking cannot exceed %(max)d.",
    "只能用本人的爱心积分兑换。": "You can only redeem your own love points.",
    "兑换数量必须是 1 到 %(max)d 之间的整数。": "The quantity must be a whole number from 1 to %(max)d.",
    "志愿者不在册，不能兑换。": "The volunteer is not active and cannot redeem.",
    "该物品已下架，不能兑换。": "This item is off sale and cannot be redeemed.",
    "爱心积分不足：需要 %(price)d 分，当前余额 %(balance)d 分。": (
        "Not enough love points: %(price)d needed, the balance is %(balance)d."
    ),
    "库存不足：该物品只剩 %(stock)d 件。": "Not enough stock: only %(stock)d left.",
    "兑换 %(name)s ×%(quantity)d": "Redeemed %(name)s ×%(quantity)d",
    "兑换记录不存在。": "Redemption not found.",
    "只有爱心超市所在辖区的管理员可以处理兑换。": "Only admins of the exchange shop's region can handle redemptions.",
    "该兑换已%(status)s，不能再处理。": "This redemption is already %(status)s and cannot be handled again.",
    "本人取消": "Cancelled by the volunteer",
    "积分兑换已取消": "Redemption cancelled",
    "您兑换的「%(name)s」×%(quantity)d 已取消，%(points)d 积分已退回：%(reason)s": (
        "Your redemption of “%(name)s” ×%(quantity)d was cancelled and %(points)d points returned: %(reason)s"
    ),
    "只有志愿者所在辖区的管理员可以调整爱心积分。": "Only admins of the volunteer's region can adjust love points.",
    "调整积分必须是非零整数，绝对值不超过 %(max)d。": (
        "The adjustment must be a non-zero whole number of at most %(max)d either way."
    ),
    "调整原因": "Reason for the adjustment",
    "请填写调整原因。": "Please give the reason for the adjustment.",
    "扣减后积分余额不能为负数：当前余额 %(balance)d 分。": (
        "A deduction cannot take the balance below zero: the balance is %(balance)d."
    ),
    "调整 %(volunteer)s 的爱心积分 %(points)+d：%(reason)s": (
        "Love points of %(volunteer)s adjusted by %(points)+d: %(reason)s"
    ),
    "爱心积分已调整": "Love points adjusted",
    "您的爱心积分调整 %(points)+d 分：%(reason)s": "Your love points were adjusted by %(points)+d: %(reason)s",
    "您的账号未关联志愿者。": "Your account is not linked to a volunteer.",
    "区划不存在。": "Region not found.",
    "日期超出范围。": "The date is out of range.",
    "只有管理员可以导出爱心超市物品。": "Only admins can export the exchange shop's items.",
    "只有管理员可以导出积分兑换记录。": "Only admins can export redemptions.",
    "积分兑换记录": "Redemptions",
    "只有管理员可以导出爱心积分台账。": "Only admins can export the love points ledger.",
    "爱心超市物品_%(day)s": "Exchange shop items %(day)s",
    "积分兑换记录_%(day)s": "Redemptions %(day)s",
    "爱心积分台账_%(day)s": "Love points ledger %(day)s",
    "爱心积分台账": "Love points ledger",
    # forms and pages
    "正数补货，负数核减": "Positive to restock, negative to write off",
    "兑换日期起": "Redeemed from",
    "兑换日期止": "Redeemed until",
    "导出完整手机号": "Export full phone numbers",
    "导出事由": "Reason for the export",
    "调整积分": "Points to adjust",
    "正数增加，负数扣减": "Positive to add, negative to deduct",
    "获得": "Earned",
    "兑换成功：%(name)s ×%(quantity)d，领取码 %(code)s。": "Redeemed: %(name)s ×%(quantity)d, pickup code %(code)s.",
    "已取消兑换，%(points)d 积分已退回。": "Redemption cancelled, %(points)d points returned.",
    "只有管理员可以管理爱心超市。": "Only admins can manage the exchange shop.",
    "已上架 %(name)s。": "%(name)s is on sale.",
    "库存已更新。": "Stock updated.",
    "物品已更新。": "Item updated.",
    "只有管理员可以处理积分兑换。": "Only admins can handle redemptions.",
    "已发放。": "Handed over.",
    "积分已调整。": "Points adjusted.",
    "我的积分": "My points",
    "我的爱心积分": "My love points",
    "积分余额": "Balance",
    "累计获得": "Earned in total",
    "已兑换": "Redeemed",
    "去爱心超市兑换": "Go to the exchange shop",
    "按月积分图表": "Points per month chart",
    "还没有积分记录。参加活动、时长审核通过后即可获得积分。": (
        "No points yet. Take part in activities: approved hours earn points."
    ),
    "积分明细": "Points entries",
    "暂无兑换或调整记录。": "No redemptions or adjustments yet.",
    "审核通过的志愿服务时长每小时获得 %(rate)s 积分（按服务日期适用当时的比例），积分不过期。": (
        "Each approved hour of service earns %(rate)s points (at the rate in force on the service date); "
        "points do not expire."
    ),
    "我的兑换": "My redemptions",
    "确认取消这次兑换？积分将退回。": "Cancel this redemption? The points will be returned.",
    "取消兑换": "Cancel redemption",
    "还没有兑换记录。": "No redemptions yet.",
    "%(points)s 积分": "%(points)s points",
    "领取地点：%(place)s": "Pickup at: %(place)s",
    "补货或核减": "Restock or write off",
    "暂无物品。": "No items yet.",
    "上架新物品": "New item",
    "爱心超市管理导航": "Exchange shop management",
    "物品与库存": "Items and stock",
    "积分台账与调整": "Points ledger and adjustments",
    "爱心超市": "Exchange shop",
    "积分够兑换": "Affordable",
    "已兑完": "Sold out",
    "积分不足": "Not enough points",
    "爱心超市暂无可兑换的物品。": "The exchange shop has no items yet.",
    "当前积分余额：%(balance)s": "Balance: %(balance)s",
    "%(price)s 积分": "%(price)s points",
    "库存 %(stock)s 件": "%(stock)s in stock",
    "确认用积分兑换「%(name)s」？每件 %(price)s 积分。": "Redeem “%(name)s” with your points? %(price)s points each.",
    "爱心积分导航": "Love points navigation",
    "调整须填写原因，并记入审计日志；扣减后余额不能为负数。": (
        "An adjustment needs a reason and is written to the audit log; a deduction cannot take the balance below zero."
    ),
    "暂无积分记录。": "No points entries yet.",
    "发放": "Hand over",
    "取消": "Cancel",
    "提交": "Submit",
    "爱心积分由审核通过的志愿服务时长获得，供注册志愿者在爱心超市兑换物品。你的账号还没有关联志愿者信息。": (
        "Love points are earned by approved service hours and redeemed by registered volunteers in the exchange "
        "shop. Your account is not linked to a volunteer yet."
    ),
    "手机号默认脱敏；导出完整手机号须中心或所管理员填写事由，并记入审计日志。": (
        "Phones are masked by default; full phone numbers need a county or township admin's reason and are written "
        "to the audit log."
    ),
    "暂无兑换记录。": "No redemptions yet.",
}
