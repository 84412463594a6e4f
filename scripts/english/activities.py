"""English for the activities and ledger service strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    "冲销志愿服务时长": "Reverse volunteer service hours",
    "撤销志愿服务记录证明": "Revoke a volunteer service record certificate",
    "1=周一 … 7=周日，逗号分隔": "1 = Monday … 7 = Sunday, separated by commas",
    "周期活动": "Recurring activity",
    "所属周期活动": "Parent recurring activity",
    "招募名额必须大于 0。": "The number of places must be greater than 0.",
    "设置签到范围前，请先在地图上选定活动地点。": (
        "Before setting a check-in radius, please pick the activity's location on the map."
    ),
    "报名截止时间不能晚于活动结束时间。": "The sign-up deadline cannot be later than the end of the activity.",
    "排队时间": "Queued at",
    "候补按此先后递补": "Waitlisted volunteers are moved up in this order",
    "提醒时间": "Reminded at",
    "系统自动": "Automatic",
    "签退方式": "Check-out method",
    "系统自动签退": "Checked out automatically",
    "签退幂等键": "Check-out idempotency key",
    "未知字段：%(fields)s": "Unknown fields: %(fields)s",
    "结对共建不在您的管辖范围内。": "This pairing is outside your scope.",
    "组织阵地不在您的管辖范围内。": "The organizing site is outside your scope.",
    "组织队伍不在您的管辖范围内。": "The organizing team is outside your scope.",
    "没有权限发布活动。": "You do not have permission to publish activities.",
    "没有权限在该阵地或队伍发布活动。": "You do not have permission to publish activities for this site or team.",
    "没有权限管理这个活动。": "You do not have permission to manage this activity.",
    "已结束或已取消的活动不能再修改。": "A finished or cancelled activity can no longer be changed.",
    "已有 %(count)s 人确认报名，名额不能少于这个数。": (
        "%(count)s volunteers have confirmed sign-ups; the number of places cannot be lower than that."
    ),
    "活动有变更：%(title)s": "Activity changed: %(title)s",
    "活动时间：%(start)s；地点：%(place)s。": "Time: %(start)s; place: %(place)s.",
    "只有草稿状态的活动可以发布。": "Only a draft activity can be published.",
    "活动结束时间已过，不能发布。": "The activity's end time has passed, so it cannot be published.",
    "发布前请填写：%(fields)s。": "Please fill in before publishing: %(fields)s.",
    "只有报名中的活动可以截止报名。": "Only an activity open for sign-up can have its sign-up closed.",
    "只有已发布的活动可以结束。": "Only a published activity can be finished.",
    "活动还没有开始，不能结束；如不再举办请取消。": (
        "The activity has not started yet, so it cannot be finished; if it will not take place, cancel it."
    ),
    "取消活动时请说明原因。": "Please give a reason for cancelling the activity.",
    "已结束或已取消的活动不能取消。": "A finished or cancelled activity cannot be cancelled.",
    "已有志愿者签到，不能取消活动；请结束活动。": (
        "Volunteers have already checked in, so the activity cannot be cancelled; please finish it instead."
    ),
    "活动已取消：%(title)s": "Activity cancelled: %(title)s",
    "取消原因：%(reason)s": "Reason for cancelling: %(reason)s",
    "请选择每周的哪几天（1=周一 … 7=周日）。": "Please choose the days of the week (1 = Monday … 7 = Sunday).",
    "末次日期不能早于首次日期。": "The last date cannot be earlier than the first date.",
    "结束时刻必须晚于开始时刻。": "The end time must be later than the start time.",
    "所选日期范围内没有符合的日子。": "No days in the chosen date range match.",
    "一次最多生成 %(count)s 次活动，请缩短日期范围。": (
        "At most %(count)s occurrences can be generated at once; please shorten the date range."
    ),
    "周期活动不存在。": "The recurring activity does not exist.",
    "该活动不在报名中。": "This activity is not open for sign-up.",
    "志愿者注册状态不是“在册”，不能报名。": (
        "The volunteer's registration status is not “Active”, so they cannot sign up."
    ),
    "该活动要求年满 %(age)s 周岁。": "This activity requires volunteers to be at least %(age)s years old.",
    "该活动要求年龄不超过 %(age)s 周岁。": "This activity requires volunteers to be at most %(age)s years old.",
    "未满 14 周岁的志愿者报名须有监护人同意。": "Volunteers under 14 need a guardian's consent to sign up.",
    "该活动需要以下技能：%(skills)s。": "This activity requires the following skills: %(skills)s.",
    "报名前须先参加并通过培训《%(training)s》。": (
        "You must first attend and pass the training “%(training)s” before signing up."
    ),
    "与您已报名的活动《%(title)s》（%(start)s）时间冲突。": (
        "This clashes with the activity “%(title)s” (%(start)s) you have already signed up for."
    ),
    "您还不是注册志愿者，不能报名。": "You are not a registered volunteer, so you cannot sign up.",
    "只能为本人报名，或由活动组织者代为报名。": (
        "You can only sign yourself up, or be signed up by the activity's organizer."
    ),
    "报名没有成功，请稍后重试。": "The sign-up did not go through; please try again later.",
    "报名成功：%(title)s": "Signed up: %(title)s",
    "时间：%(start)s；地点：%(place)s。请按时到场扫码签到。": (
        "Time: %(start)s; place: %(place)s. Please arrive on time and scan the QR code to check in."
    ),
    "已进入候补：%(title)s": "Waitlisted: %(title)s",
    "名额已满，您已进入候补名单；有人取消时将按先后顺序递补并通知您。": (
        "All places are taken, so you are on the waitlist; when someone cancels, waitlisted volunteers are "
        "moved up in order and notified."
    ),
    "候补转正：%(title)s": "Moved up from the waitlist: %(title)s",
    "有名额空出，您已从候补转为正式报名。时间：%(start)s；地点：%(place)s。": (
        "A place has become free, so your sign-up has moved from the waitlist to confirmed. Time: %(start)s; "
        "place: %(place)s."
    ),
    "报名记录不存在。": "The sign-up does not exist.",
    "这条报名已经取消了。": "This sign-up has already been cancelled.",
    "活动已经开始，不能取消报名；如不能到场请联系组织者。": (
        "The activity has already started, so the sign-up cannot be cancelled; if you cannot attend, please "
        "contact the organizer."
    ),
    "临近开始取消报名：%(title)s": "Sign-up cancelled shortly before the start: %(title)s",
    "%(name)s 在活动开始（%(start)s）前 %(hours)s 小时内取消了报名。%(reason)s": (
        "%(name)s cancelled their sign-up within %(hours)s hours of the start of the activity (%(start)s). %(reason)s"
    ),
    "活动提醒：%(title)s": "Activity reminder: %(title)s",
    "活动将于 %(start)s 在 %(place)s 开始，请准时到场扫码签到。": (
        "The activity starts at %(start)s at %(place)s; please arrive on time and scan the QR code to check in."
    ),
    "只能为本人生成日历订阅地址。": "You can only create a calendar subscription address for yourself.",
    "二维码类型只能是签到或签退。": "The QR code type must be check-in or check-out.",
    "只有已发布、未结束的活动可以扫码签到。": (
        "QR code check-in is only possible for a published activity that has not finished."
    ),
    "二维码已过期，请扫描组织者页面上最新的二维码。": (
        "The QR code has expired; please scan the latest QR code on the organizer's page."
    ),
    "二维码无效，请扫描组织者出示的二维码。": (
        "The QR code is not valid; please scan the QR code shown by the organizer."
    ),
    "这是签退二维码，请扫描签到二维码。": "This is the check-out QR code; please scan the check-in QR code.",
    "这是签到二维码，请扫描签退二维码。": "This is the check-in QR code; please scan the check-out QR code.",
    "该活动不在进行中，不能签到。": "This activity is not in progress, so you cannot check in.",
    "签到尚未开始：活动 %(start)s 开始，提前 %(minutes)s 分钟开放签到。": (
        "Check-in has not opened yet: the activity starts at %(start)s and check-in opens %(minutes)s minutes before."
    ),
    "活动已结束，不能再签到。": "The activity has finished, so you can no longer check in.",
    "已超过签退时限，请联系组织者补记。": "The check-out deadline has passed; please ask the organizer to record it.",
    "该活动要求在活动地点附近签到，请允许获取位置后重试。": (
        "This activity requires check-in near the activity's location; please allow access to your location "
        "and try again."
    ),
    "您距活动地点约 %(distance)s 米，须在 %(radius)s 米内签到。": (
        "You are about %(distance)s metres from the activity's location; you must be within %(radius)s "
        "metres to check in."
    ),
    "缺少请求编号，请刷新页面后重试。": "The request number is missing; please reload the page and try again.",
    "您没有这个活动的确认报名，不能签到。": "You have no confirmed sign-up for this activity, so you cannot check in.",
    "请求编号已被使用，请刷新页面后重试。": (
        "The request number has already been used; please reload the page and try again."
    ),
    "系统自动签退，待复核": "Checked out automatically; awaiting review",
    "尚未签到，不能签退。": "You have not checked in, so you cannot check out.",
    "签退时间必须晚于签到时间。": "The check-out time must be later than the check-in time.",
    "操作只能是签到、签退或标记缺席。": "The action must be check-in, check-out or mark absent.",
    "签到、签退时间不能晚于现在。": "Check-in and check-out times cannot be later than now.",
    "时间须在活动时间范围内。": "The time must be within the activity's time span.",
    "该志愿者已经签到。": "This volunteer has already checked in.",
    "该志愿者已经签退。": "This volunteer has already checked out.",
    "该志愿者已经签到，不能标记为缺席。": "This volunteer has already checked in, so they cannot be marked absent.",
    "只有确认报名的志愿者可以标记缺席。": "Only volunteers with a confirmed sign-up can be marked absent.",
    "请使用志愿者账号登录后签到。": "Please log in with a volunteer account to check in.",
    "时长必须是数字。": "The hours must be a number.",
    "时长必须大于 0 小时。": "The hours must be greater than 0.",
    "时长 %(hours)s 小时超过每日上限 %(cap)s 小时。": "%(hours)s hours exceeds the daily limit of %(cap)s hours.",
    "%(day)s 已记入 %(already)s 小时，再记 %(hours)s 小时将超过每日上限 %(cap)s 小时。": (
        "%(already)s hours are already recorded for %(day)s; another %(hours)s hours would exceed the daily "
        "limit of %(cap)s hours."
    ),
    "这次服务的时长已经登记过，不能重复登记。": (
        "The hours for this service have already been recorded and cannot be recorded again."
    ),
    "未出席培训，不能登记时长。": "The volunteer did not attend the training, so no hours can be recorded.",
    "该培训不计入志愿服务时长。": "This training does not count towards volunteer service hours.",
    "参加培训：%(title)s": "Attended training: %(title)s",
    "只有待审核的时长记录可以审核。": "Only pending hours entries can be approved or rejected.",
    "修改时长时请说明原因。": "Please give a reason for changing the hours.",
    "志愿服务时长已审核": "Volunteer service hours approved",
    "%(day)s「%(content)s」记入 %(hours)s 小时。": "%(day)s “%(content)s”: %(hours)s hours credited.",
    "退回时长时请说明原因。": "Please give a reason for rejecting the hours.",
    "志愿服务时长未通过审核": "Volunteer service hours not approved",
    "%(day)s「%(content)s」的时长未通过审核：%(reason)s": (
        "The hours for %(day)s “%(content)s” were not approved: %(reason)s"
    ),
    "冲销时长时请说明原因。": "Please give a reason for reversing the hours.",
    "只有已审核记入的时长可以冲销。": "Only approved, credited hours can be reversed.",
    "这条时长记录已经冲销过了。": "This hours entry has already been reversed.",
    "更正：%(reason)s": "Correction: %(reason)s",
    "日历订阅令牌": "Calendar subscription token",
}
