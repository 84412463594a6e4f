"""English for the volunteers strings: registration, review, search, pages, exports (merged by messages_en.py)."""

ENGLISH: dict[str, str] = {
    "导出未脱敏个人信息": "Exported unmasked personal data",
    # models
    "本人注册": "Self-registration",
    "工作人员录入": "Staff entry",
    "初始数据": "Initial data",
    "姓名（简体）": "Name (simplified characters)",
    "姓名拼音": "Name in pinyin",
    "姓名拼音首字母": "Pinyin initials of the name",
    "手机号（倒序）": "Mobile number (reversed)",
    "同意个人信息规则时间": "Consented to the personal data rules at",
    "志愿者编号计数": "Volunteer number counter",
    "敏感记录（未成年人）": "Sensitive record (minor)",
    # services
    "尚未加入队伍": "not in a team yet",
    "该身份证号码已注册（志愿者编号 %(number)s，所在队伍 %(teams)s）。": (
        "This ID number is already registered (volunteer number %(number)s, team: %(teams)s)."
    ),
    "该身份证号码已注册（所在队伍 %(teams)s）。": "This ID number is already registered (team: %(teams)s).",
    "未知的编码：%(codes)s。": "Unknown codes: %(codes)s.",
    "姓名不能超过64个字符。": "The name may be at most 64 characters long.",
    "请阅读并同意志愿者个人信息处理规则。": "Please read and accept the rules for volunteers' personal data.",
    "监护人姓名不能超过64个字符。": "The guardian's name may be at most 64 characters long.",
    "您的账号已登记为志愿者，无需重复注册。": "Your account is already registered as a volunteer.",
    "请选择所在村（社区）。": "Please choose your village or community.",
    "该手机号已有登录账号，请先登录后再注册。": (
        "This mobile number already has a login: please log in first, then register."
    ),
    "请选择所属区划。": "Please choose the region.",
    "只能为本辖区登记志愿者。": "You can only register volunteers in your own area.",
    "只有本辖区的管理员可以审核或修改志愿者信息。": (
        "Only an administrator of the volunteer's area may review or change their record."
    ),
    "审核意见不能超过200个字符。": "The review note may be at most 200 characters long.",
    "请填写不通过的原因。": "Please give the reason for rejecting.",
    "该志愿者不在待审核状态。": "This volunteer is not waiting for review.",
    "志愿者注册已通过审核": "Your volunteer registration was approved",
    "您的志愿者编号是 %(number)s，欢迎参加志愿服务活动。": (
        "Your volunteer number is %(number)s. Welcome to the volunteer activities."
    ),
    "志愿者注册未通过审核": "Your volunteer registration was not approved",
    "原因：%(note)s": "Reason: %(note)s",
    "不能从“%(old)s”改为“%(new)s”。": "The status cannot change from “%(old)s” to “%(new)s”.",
    "未知的状态。": "Unknown status.",
    "只有中心或所管理员可以导出未脱敏的身份证号和手机号。": (
        "Only county and township administrators may export full ID and mobile numbers."
    ),
    # selectors and exports
    "没有查看志愿者名册的权限。": "You may not see the volunteer register.",
    "志愿者名册": "Volunteer register",
    "只有管理员可以登记志愿者。": "Only administrators may register volunteers.",
    "所属区划不存在或不在您的管辖范围内。": "The region does not exist or is outside your area.",
    "出生年份": "Year of birth",
    "注册渠道": "Registration channel",
    "所在队伍": "Teams",
    # forms
    "所在村（社区）": "Village or community",
    "请选择": "Please choose",
    "加密保存，页面和导出只显示脱敏号码。": "Stored encrypted; pages and exports show it masked only.",
    "也是您登录平台的用户名。": "It is also your username on the platform.",
    "登录密码": "Password",
    "再次输入密码": "Password again",
    "我已阅读并同意志愿者个人信息处理规则": "I have read and accept the rules for volunteers' personal data",
    "您的信息只用于志愿服务的组织和记录，未经同意不向他人公开（《志愿服务条例》第二十条）。": (
        "Your data is used only to organize and record volunteer service and is never disclosed "
        "without your consent (Regulations on Volunteer Service, art. 20)."
    ),
    "两次输入的密码不一致。": "The two passwords differ.",
    "本人已同意志愿者个人信息处理规则": "The volunteer has accepted the rules for volunteers' personal data",
    "直接生效": "Active at once",
    "不勾选则进入待审核队列。": "Leave unticked to put the registration in the review queue.",
    "姓名、拼音或拼音首字母、志愿者编号、手机尾号": (
        "Name, pinyin or its initials, volunteer number, last digits of the phone"
    ),
    # views
    "只有管理员可以登记和审核志愿者。": "Only administrators may register and review volunteers.",
    "已通过 %(name)s 的注册。": "Approved the registration of %(name)s.",
    "已退回 %(name)s 的注册。": "Rejected the registration of %(name)s.",
    "已登记志愿者 %(name)s，编号 %(number)s。": "Registered volunteer %(name)s, number %(number)s.",
    # templates
    "志愿者注册": "Volunteer registration",
    "填写真实、完整的信息（《志愿服务条例》第七条）。提交后由所在村（社区）的管理员审核。": (
        "Please give true and complete information (Regulations on Volunteer Service, art. 7). "
        "The administrator of your village or community reviews it."
    ),
    "提交注册": "Register",
    "注册已提交": "Registration submitted",
    "%(name)s，您的注册已提交。": "%(name)s, your registration has been submitted.",
    "管理员审核通过后，您可以用手机号和密码登录，报名参加志愿服务活动。": (
        "Once an administrator approves it, log in with your mobile number and password to sign up for activities."
    ),
    "待审核注册": "Registrations to review",
    "暂无待审核的注册。": "No registrations are waiting for review.",
    "登记志愿者": "Register a volunteer",
    "标签与技能": "Tags and skills",
    "按当前筛选条件导出；身份证号和手机号默认脱敏。": (
        "Exports the current filters; ID and mobile numbers are masked unless asked for."
    ),
    "导出（脱敏）": "Export (masked)",
    "导出完整号码的事由（中心或所管理员，记入审计日志）": (
        "Reason for exporting full numbers (county and township administrators; written to the audit log)"
    ),
    "导出完整号码": "Export full numbers",
    "共 %(total)s 名志愿者": "%(total)s volunteers",
    "没有符合条件的志愿者。": "No volunteer matches.",
    "修改志愿者信息": "Change volunteer record",
    "登记": "Register",
    "已审核志愿服务时长": "Approved service hours",
    "未成年人": "Minor",
    "审核意见（不通过须填写原因）": "Review note (required when rejecting)",
    "通过": "Approve",
    "不通过": "Reject",
}
