"""English for the certificates strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # models and admin
    "志愿服务记录证明": "Volunteer service record certificate",
    "居民身份证": "Resident identity card",
    "县级区划代码": "County code",
    "已用序号": "Last number used",
    "证明编号计数": "Certificate number counter",
    "证明编号": "Certificate number",
    "核验令牌": "Verification token",
    "出具单位所属区划": "Region of the issuing unit",
    "出具单位": "Issuing unit",
    "出具单位名称": "Name of the issuing unit",
    "经办人账号": "Handler account",
    "经办人": "Handler",
    "志愿者姓名": "Volunteer name",
    "证件类型": "ID type",
    "证件号码": "ID number",
    "志愿服务时长（小时）": "Volunteer service hours",
    "志愿服务内容": "Service content",
    "服务起始日期": "Service from",
    "服务截止日期": "Service until",
    "出具日期": "Date of issue",
    "出具时间": "Issued at",
    "申请或开具人": "Requested or issued by",
    "撤销时间": "Revoked at",
    "撤销原因": "Reason for revocation",
    "撤销人": "Revoked by",
    "已撤销": "Revoked",
    # selectors and services
    "证明不存在。": "The certificate does not exist.",
    "活动不存在。": "The activity does not exist.",
    "……等共%(count)d项服务": "… %(count)d services in all",
    "%(first)s至%(last)s": "%(first)s to %(last)s",
    "%(when)s %(title)s（%(hours)s小时）": "%(when)s %(title)s (%(hours)s hours)",
    "截止日期不能早于起始日期。": "The end date cannot be before the start date.",
    "起始日期不能晚于今天。": "The start date cannot be after today.",
    "单个活动的证明由活动的组织阵地出具。": (
        "The certificate of one activity is issued by the activity's organizing site."
    ),
    "请选择出具证明的阵地。": "Please choose the site that issues the certificate.",
    "您无权以该阵地的名义出具志愿服务记录证明。": "You may not issue certificates in the name of this site.",
    "志愿者本人只能为单个活动申请证明；按时段开具请联系出具单位。": (
        "Volunteers may request a certificate for one activity only; for a period, please contact the issuing unit."
    ),
    "所选范围内没有已审核的志愿服务时长，无法出具证明。": (
        "There are no approved service hours in the selection: no certificate can be issued."
    ),
    "该活动已出具过证明，请勿重复申请。": "A certificate has already been issued for this activity.",
    "出具志愿服务记录证明 %(serial)s": "Issued volunteer service record certificate %(serial)s",
    "只有出具单位所在辖区的管理员可以撤销证明。": (
        "Only administrators of the issuing unit's region may revoke a certificate."
    ),
    "请填写撤销原因。": "Please give the reason for the revocation.",
    "该证明已撤销。": "This certificate has been revoked.",
    "撤销证明 %(serial)s：%(reason)s": "Revoked certificate %(serial)s: %(reason)s",
    # forms
    "留空则从最早的服务记录算起": "Leave empty to start from the earliest service record",
    "留空则算到最近的服务记录": "Leave empty to end with the latest service record",
    "留空则取活动或阵地的负责人": "Leave empty to use the activity's or site's person in charge",
    "经办人联系电话；留空则取您账号的手机号": (
        "The handler's contact phone; leave empty to use your account's mobile number"
    ),
    "未找到该志愿者编号，或该志愿者不在您的管辖范围内。": (
        "No volunteer has this number, or the volunteer is outside your scope."
    ),
    # pages
    "已出具证明 %(serial)s。": "Certificate %(serial)s issued.",
    "证明 %(serial)s 已撤销。": "Certificate %(serial)s revoked.",
    "请选择要申请证明的活动。": "Please choose the activity to request a certificate for.",
    "只有管理员可以出具志愿服务记录证明。": "Only administrators may issue volunteer service record certificates.",
    "您的账号未关联志愿者，无法申请证明。": (
        "Your account is not linked to a volunteer, so you cannot request a certificate."
    ),
    "下载PDF": "Download PDF",
    "为该活动申请证明": "Request a certificate for this activity",
    "撤销": "Revoke",
    "出具志愿服务记录证明": "Issue a volunteer service record certificate",
    "证明只计入已审核的志愿服务时长，免费出具。": (
        "Certificates state approved service hours only and are free of charge."
    ),
    "出具证明": "Issue certificate",
    "最近出具的证明": "Recently issued certificates",
    "暂无证明。": "No certificates yet.",
    "我的志愿服务记录证明": "My volunteer service record certificates",
    "核验页": "Verification page",
    "您还没有志愿服务记录证明。": "You have no volunteer service record certificates yet.",
    "可申请证明的活动": "Activities you can request a certificate for",
    "已审核时长": "Approved hours",
    "暂无可申请证明的活动：活动时长审核通过后可在此申请。": (
        "No activities to request a certificate for: once an activity's hours are approved, you can request one here."
    ),
    "证明核验": "Certificate verification",
    "志愿服务记录证明核验": "Verify a volunteer service record certificate",
    "该证明已撤销（%(on)s），不再有效。": "This certificate was revoked (%(on)s) and is no longer valid.",
    "该证明真实有效。": "This certificate is genuine and valid.",
    "本页只显示脱敏信息，用于核对纸质或电子证明的真伪。": (
        "This page shows masked data only, to check that a paper or electronic certificate is genuine."
    ),
    "证明编号不存在": "No such certificate",
    "未找到与该二维码或链接对应的志愿服务记录证明，请核对后重试，或联系出具单位。": (
        "No volunteer service record certificate matches this QR code or link. "
        "Please check it and try again, or contact the issuing unit."
    ),
    # the printed certificate
    (
        "兹证明 %(name)s 于 %(first)s 至 %(last)s 期间参加由%(issuer)s组织并记录的志愿服务，"
        "经核实，累计志愿服务时长 %(hours)s 小时。"
    ): (
        "This is to certify that %(name)s took part, from %(first)s to %(last)s, in volunteer service organized "
        "and recorded by %(issuer)s, with %(hours)s verified hours of volunteer service in all."
    ),
    "%(hours)s 小时": "%(hours)s hours",
    "服务期间": "Service period",
    "本证明已于 %(on)s 撤销，原因：%(reason)s": "This certificate was revoked on %(on)s. Reason: %(reason)s",
    "核验二维码": "Verification QR code",
    "扫码核验真伪": "Scan to verify",
    "出具单位（盖章）": "Issuing unit (seal)",
}
