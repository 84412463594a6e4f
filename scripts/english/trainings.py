"""English for the trainings strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # models, forms and exports
    "授课人": "Trainer",
    "授课志愿者": "Trainer (volunteer)",
    "培训内容": "Training content",
    "已报名": "Enrolled",
    "报名状态": "Enrolment status",
    "报名时间": "Enrolled at",
    "取消报名时间": "Enrolment cancelled at",
    "培训时长计入志愿服务时长": "Training hours count as volunteer service hours",
    "培训时长设置": "Training hours setting",
    "名额必须大于 0。": "The number of places must be greater than 0.",
    "计入时长须在 0 到 24 小时之间。": "Credited hours must be between 0 and 24.",
    "培训列表": "Trainings",
    "培训名单": "Training roster",
    "培训名单-%(title)s": "Training roster - %(title)s",
    "培训名单《%(title)s》": "Roster of the training “%(title)s”",
    "只看该区划及其下级": "Only this region and the regions below it",
    "开始日期自": "Starting from",
    "开始日期至": "Starting until",
    "0 表示不计入志愿服务时长": "0 means the training does not count as volunteer service hours",
    "导出完整身份证号和手机号": "Export full ID numbers and mobile numbers",
    # services, selectors and the API
    "技能不存在。": "The skill does not exist.",
    "没有权限发布培训。": "You may not publish trainings.",
    "请选择志愿者。": "Please select volunteers.",
    "培训不存在。": "The training does not exist.",
    "只有培训的主办方可以查看报名名单。": "Only the training's organizers may see its roster.",
    "主办阵地不在您的管辖范围内。": "The organizing site is outside your area.",
    "没有权限管理这个培训。": "You may not manage this training.",
    "已结束或已取消的培训不能再修改。": "A finished or cancelled training can no longer be changed.",
    "已有 %(count)s 人报名，名额不能少于这个数。": (
        "%(count)s people have enrolled already: the number of places cannot be lower."
    ),
    "培训有变更：%(title)s": "Training changed: %(title)s",
    "培训时间：%(start)s；地点：%(place)s。": "Training time: %(start)s; place: %(place)s.",
    "只有草稿状态的培训可以发布。": "Only a draft training can be published.",
    "培训开始时间已过，不能发布。": "The training's start has passed: it cannot be published.",
    "只有报名中的培训可以结束。": "Only a training open for enrolment can be finished.",
    "培训还没有开始，不能结束；如不再举办请取消。": (
        "The training has not started yet and cannot be finished; cancel it if it will not take place."
    ),
    "取消培训时请说明原因。": "Please give a reason for cancelling the training.",
    "已结束或已取消的培训不能取消。": "A finished or cancelled training cannot be cancelled.",
    "已有志愿者出席，不能取消培训；请结束培训。": (
        "Volunteers have attended: the training cannot be cancelled; please finish it."
    ),
    "培训已取消：%(title)s": "Training cancelled: %(title)s",
    "该培训已取消。": "This training has been cancelled.",
    "该培训不在报名中。": "This training is not open for enrolment.",
    "培训已经开始或结束，不能再报名。": "The training has started or ended: enrolment is closed.",
    "只能为本人报名，或由培训主办方代为报名。": (
        "You can only enrol yourself; the training's organizers may enrol others."
    ),
    "已经报名过这个培训，请勿重复报名。": "You have already enrolled in this training.",
    "培训报名成功：%(title)s": "Enrolled in the training: %(title)s",
    "时间：%(start)s；地点：%(place)s。": "Time: %(start)s; place: %(place)s.",
    "培训已进入候补：%(title)s": "On the training's waitlist: %(title)s",
    "培训候补转正：%(title)s": "Moved up from the training's waitlist: %(title)s",
    "只能取消本人的报名，或由培训主办方取消。": (
        "You can only cancel your own enrolment; the training's organizers may cancel others."
    ),
    "培训已经开始，不能取消报名。": "The training has started: the enrolment can no longer be cancelled.",
    "只有已发布或已结束的培训可以登记出勤。": "Attendance is recorded only for published or finished trainings.",
    "培训还没有开始，不能登记出勤。": "The training has not started yet: attendance cannot be recorded.",
    "一次最多处理 %(count)s 人。": "At most %(count)s people at a time.",
    "以下志愿者不在本培训的名单中或状态不符：%(ids)s。": (
        "These volunteers are not on the training's roster or not in the right state: %(ids)s."
    ),
    "以下志愿者的培训时长已登记，不能改为缺席：%(names)s。": (
        "The training hours of these volunteers are recorded already; they cannot be marked absent: %(names)s."
    ),
    "培训结束后才能登记时长。": "Hours can be recorded only after the training has ended.",
    "本地区不将培训时长计入志愿服务时长。": "This area does not count training hours as volunteer service hours.",
    "没有权限设置该地区的培训时长规则。": "You may not set the training hours rule of this area.",
    # pages
    "时长": "Hours",
    "是": "Yes",
    "已提交": "Submitted",
    "标记出席": "Mark present",
    "全部标记出席": "Mark everyone present",
    "标记结业": "Mark passed",
    "取消结业": "Mark not passed",
    "培训开始后可登记出勤和结业。": "Attendance and passes can be recorded once the training has started.",
    "还没有志愿者报名。": "No volunteer has enrolled yet.",
    "集中培训": "Trainings",
    "已报名 %(enrolled)s / %(capacity)s，候补 %(waitlisted)s": (
        "Enrolled %(enrolled)s / %(capacity)s, waitlisted %(waitlisted)s"
    ),
    "报名参加": "Enrol",
    "编辑": "Edit",
    "结束培训": "Finish the training",
    "提交培训时长待审核": "Submit training hours for approval",
    "取消培训": "Cancel the training",
    "报名名单": "Roster",
    "导出名单（Excel）": "Export the roster (Excel)",
    "编辑培训": "Edit the training",
    "发布新培训": "New training",
    "发布前须填写授课人和培训内容。": "The trainer and the content must be filled in before publishing.",
    "培训管理": "Trainings",
    "导出 Excel": "Export to Excel",
    "我的培训": "My trainings",
    "已报名 / 名额": "Enrolled / places",
    "候补 %(count)s": "Waitlisted %(count)s",
    "没有符合条件的培训。": "No training matches.",
    "您的账号未关联志愿者，无法报名培训。": "Your account has no volunteer record: you cannot enrol in trainings.",
    "可报名的培训": "Trainings open for enrolment",
    "已报名 %(enrolled)s / %(capacity)s": "Enrolled %(enrolled)s / %(capacity)s",
    "暂无可报名的培训。": "No training is open for enrolment.",
    "我报名的培训": "My enrolments",
    "您还没有报名培训。": "You have not enrolled in any training yet.",
    "没有查看培训的权限。": "You may not see trainings.",
    "培训《%(title)s》已保存为草稿。": "The training “%(title)s” was saved as a draft.",
    "培训已保存。": "The training was saved.",
    "请选择操作。": "Please choose an action.",
    "培训状态已更新。": "The training's status was updated.",
    "培训已取消。": "The training was cancelled.",
    "所选志愿者不在本培训的名单中，请刷新页面后重试。": (
        "The selected volunteers are not on this training's roster; please reload the page and try again."
    ),
    "已更新 %(count)s 人。": "%(count)s people updated.",
    "已提交 %(proposed)s 人的培训时长待审核（%(already)s 人此前已提交）。": (
        "Training hours of %(proposed)s people submitted for approval (%(already)s submitted before)."
    ),
    "导出参数无效。": "Invalid export options.",
    "名额已满，已进入候补：%(title)s": "The training is full; you are on its waitlist: %(title)s",
}
