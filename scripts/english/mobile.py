"""English for the mobile strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # layout and the page for users without a volunteer record
    "志愿服务": "Volunteering",
    "志愿者导航": "Volunteer navigation",
    "找活动": "Find activities",
    "我的报名": "My sign-ups",
    "我的时长": "My hours",
    "仅限注册志愿者": "For registered volunteers only",
    "这些页面供注册志愿者报名活动、扫码签到和查看服务时长使用。你的账号还没有关联志愿者信息。": (
        "These pages are for registered volunteers to sign up for activities, check in by QR code and see "
        "their service hours. Your account is not linked to a volunteer record yet."
    ),
    "如需成为志愿者，请到所在的新时代文明实践站（所、中心）登记注册，由管理员为你的账号关联志愿者信息。": (
        "To become a volunteer, register at your local civilization practice station (institute, center); "
        "an administrator will then link your account to your volunteer record."
    ),
    "返回首页": "Back to the home page",
    # home
    "你好，%(name)s": "Hello, %(name)s",
    "志愿者编号：%(number)s": "Volunteer number: %(number)s",
    "接下来的活动": "Coming up",
    "查看全部报名": "See all my sign-ups",
    "你还没有报名接下来的活动。": "You have not signed up for any upcoming activity.",
    "常用功能": "Shortcuts",
    "时长与星级": "Hours and stars",
    "服务证明": "Service certificates",
    "日历订阅": "Calendar subscription",
    "到达活动现场后，用手机相机扫描组织者出示的二维码即可签到、签退。": (
        "At the activity, scan the organizer's QR code with your phone camera to check in and out."
    ),
    # activity list
    "报名中的活动": "Activities open for sign-up",
    "附近的活动": "Activities near me",
    "正在获取位置……": "Finding your location…",
    "无法获取位置：请在浏览器设置中允许本网站使用位置信息。": (
        "Your location is unavailable: please allow this site to use your location in the browser settings."
    ),
    "这个浏览器不支持获取位置。": "This browser cannot share your location.",
    "全部": "All",
    "显示全部": "Show all",
    "你附近 %(radius)s 公里内的活动，由近到远：": "Activities within %(radius)s km of you, nearest first:",
    "%(radius)s 公里": "%(radius)s km",
    "%(distance)s 公里": "%(distance)s km",
    "余 %(left)s 个名额": "%(left)s places left",
    "名额已满，可候补": "Full; you can join the waiting list",
    "附近暂时没有报名中的活动，可以扩大范围或查看全部。": (
        "No activity near you is open for sign-up; widen the range or show all."
    ),
    "暂时没有报名中的活动。": "No activity is open for sign-up at the moment.",
    "位置信息无效，请重新获取位置。": "The location is not valid; please find your location again.",
    "坐标系只能是 wgs84 或 gcj02。": "The coordinate system must be wgs84 or gcj02.",
    # activity detail
    "返回活动列表": "Back to the activities",
    "时间和地点": "Time and place",
    "活动时间": "Time",
    "（北京时间）": "(Beijing time)",
    "报名条件": "Conditions",
    "共 %(capacity)s 人": "%(capacity)s places",
    "年龄要求": "Age",
    "%(low)s–%(high)s 周岁": "%(low)s–%(high)s years old",
    "年满 %(low)s 周岁": "At least %(low)s years old",
    "不超过 %(high)s 周岁": "At most %(high)s years old",
    "不限": "Any",
    "在本页点击“报名”按钮。": "Tap the “Sign up” button on this page.",
    "风险提示与保障措施": "Risks and safeguards",
    "本活动为志愿者购买意外保险。": "Volunteers are covered by accident insurance for this activity.",
    "本活动不需要意外保险。": "This activity needs no accident insurance.",
    # sign-up button
    "剩余名额 %(left)s / %(capacity)s": "Places left: %(left)s of %(capacity)s",
    "名额已满（共 %(capacity)s 人），报名将进入候补": (
        "All %(capacity)s places are taken; a sign-up joins the waiting list"
    ),
    "你已报名，名额已确认。": "You are signed up and your place is confirmed.",
    "你在候补名单中，排第 %(position)s 位；有人取消时将按顺序递补并通知你。": (
        "You are number %(position)s on the waiting list; when someone cancels, places go in order and you "
        "will be told."
    ),
    "确定要取消报名吗？": "Cancel your sign-up?",
    "取消报名": "Cancel sign-up",
    "活动开始前 %(hours)s 小时内取消，组织者会收到通知。": (
        "If you cancel within %(hours)s hours of the start, the organizer is told."
    ),
    "我要报名": "Sign up",
    "报名候补": "Join the waiting list",
    "该活动已取消。": "This activity has been cancelled.",
    "活动已经开始或结束，不能再报名。": "The activity has started or ended; sign-up is closed.",
    "该活动已截止报名。": "Sign-up for this activity has closed.",
    "该活动目前不接受报名。": "This activity is not taking sign-ups at the moment.",
    "报名成功。": "You are signed up.",
    "名额已满，您已进入候补名单。": "The activity is full; you are on the waiting list.",
    "您没有这个活动的有效报名。": "You have no active sign-up for this activity.",
    "已取消报名。": "Your sign-up is cancelled.",
    # commitments
    "即将开始": "Upcoming",
    "包括已结束": "Including past ones",
    "没有报名记录。": "No sign-ups.",
    "去找活动": "Find an activity",
    # check-in and check-out
    "本活动须在活动地点 %(radius)s 米内签到、签退，请允许浏览器获取位置。": (
        "Check-in and check-out must be within %(radius)s m of the place; please let the browser share your location."
    ),
    "如浏览器询问，可允许获取位置，便于核对到场。": (
        "If the browser asks, you may share your location so that your presence can be confirmed."
    ),
    "签到没有成功": "Check-in failed",
    "签退没有成功": "Check-out failed",
    "如有疑问，请联系现场的组织者。": "If in doubt, ask the organizer on site.",
    "重试": "Try again",
    "签到成功": "Checked in",
    "签退成功": "Checked out",
    "活动结束时，请扫描组织者的签退二维码签退。": (
        "When the activity ends, scan the organizer's check-out QR code to check out."
    ),
    "服务时长将由组织者审核后记入你的时长台账。": (
        "Your service hours go into your hours ledger once the organizer approves them."
    ),
    # hours
    "我的志愿服务时长": "My service hours",
    "累计时长（小时，已审核）": "Total hours (approved)",
    "爱心积分": "Love points",
    "再服务 %(hours)s 小时可达到下一星级（%(threshold)s 小时）。": (
        "%(hours)s more hours to the next star (%(threshold)s hours)."
    ),
    "只有组织者审核通过的时长计入星级、积分和服务证明。": (
        "Only hours approved by the organizer count towards stars, points and certificates."
    ),
    "我的服务证明": "My service certificates",
    "按月统计": "By month",
    "按月时长图表": "Chart of hours by month",
    "月份": "Month",
    "还没有审核通过的时长。": "No approved hours yet.",
    "小时": "hours",
    "更正 %(day)s「%(content)s」的记录": "Corrects the record of %(day)s “%(content)s”",
    "原因：%(reason)s": "Reason: %(reason)s",
    "还没有时长记录。参加活动并签到、签退后，时长会出现在这里。": (
        "No hours recorded yet. They appear here after you check in and out of an activity."
    ),
    "已审核时长（小时）": "Approved hours",
    # calendar
    "把下面的地址添加到手机或电脑的日历应用（订阅日历），已确认和候补的活动会自动出现在日历里，并在活动前一天提醒。": (
        "Add this address to the calendar app on your phone or computer (subscribe to a calendar): your "
        "confirmed and waiting-list activities appear there, with a reminder the day before."
    ),
    "我的私人订阅地址": "My private subscription address",
    "在日历应用中订阅": "Subscribe in the calendar app",
    "这个地址相当于密码，请勿分享。如已泄露，请重新生成，旧地址将立即失效。": (
        "This address works like a password: do not share it. If it leaks, generate a new one and the old one "
        "stops working at once."
    ),
    "你还没有生成订阅地址。": "You have no subscription address yet.",
    "重新生成订阅地址": "Generate a new address",
    "生成订阅地址": "Generate the address",
    "已生成新的日历订阅地址；旧地址（如有）已失效。": (
        "A new calendar address has been generated; the old one (if any) no longer works."
    ),
    "日历订阅地址无效。": "This calendar address is not valid.",
    "活动已取消": "Activity cancelled",
    "候补（名额已满，有人取消时按先后递补）": (
        "Waiting list (the activity is full; places go in order when someone cancels)"
    ),
    "【已取消】%(title)s": "[Cancelled] %(title)s",
    "【候补】%(title)s": "[Waiting list] %(title)s",
    "报名状态：%(status)s": "Sign-up: %(status)s",
    "负责人：%(name)s %(phone)s": "Person in charge: %(name)s %(phone)s",
    "明天：%(title)s": "Tomorrow: %(title)s",
}
