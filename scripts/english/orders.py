"""English for the service-order strings (merged by scripts/messages_en.py)."""

ENGLISH: dict[str, str] = {
    # models and admin
    "期望时间（截止）": "Desired time (until)",
    "需要人数": "People needed",
    "已超期": "Overdue",
    "升级次数": "Escalations",
    "申报时长合计（小时）": "Hours proposed in total",
    "指派时间": "Assigned at",
    "指派人": "Assigned by",
    "订单服务队员": "Member serving the order",
    "审核派单时限（小时）": "Review and dispatch deadline (hours)",
    "接单时限（小时）": "Acceptance deadline (hours)",
    "开始服务时限（小时）": "Start deadline (hours)",
    "完成服务时限（小时）": "Completion deadline (hours)",
    "服务范围南界纬度": "Service area: southern latitude",
    "服务范围北界纬度": "Service area: northern latitude",
    "服务范围西界经度": "Service area: western longitude",
    "服务范围东界经度": "Service area: eastern longitude",
    "本县点单设置": "County order settings",
    "密钥前缀": "Key prefix",
    "密钥摘要": "Key hash",
    "最近使用": "Last used",
    "接口客户端": "API client",
    "可点单区划": "Region it may order in",
    "各环节时限": "Deadlines per step",
    "服务范围（WGS-84，留空则按本县阵地和居民点的范围）": (
        "Service area (WGS-84; empty: the area of the county's sites and residential points)"
    ),
    "接口密钥（只显示这一次，请妥善保存）：%(key)s": "API key (shown only this once; keep it safe): %(key)s",
    # the steps
    "受理审核": "take into review",
    "驳回": "reject",
    "派单": "dispatch",
    "办结": "close",
    "标记过期": "mark as expired",
    "重新办理": "reopen",
    "接单": "accept",
    "拒单": "decline",
    "指派队员": "assign members",
    "开始服务": "start the service",
    "完成服务": "complete the service",
    "订单当前状态为“%(status)s”，不能%(action)s。": "The order is “%(status)s”: it cannot %(action)s now.",
    "该订单当前在“%(tier)s”层级办理，只有该层级或县级中心的管理员可以%(action)s。": (
        "The order is handled at the “%(tier)s” tier: only administrators of that tier or of the county "
        "center may %(action)s."
    ),
    "只有承接队伍的队长可以%(action)s。": "Only the leader of the team it was dispatched to may %(action)s.",
    "请选择以哪支队伍%(action)s。": "Please choose the team on whose behalf you %(action)s.",
    "您不能代表这支队伍%(action)s。": "You may not %(action)s on behalf of this team.",
    "订单不存在。": "The order does not exist.",
    "说明不能超过200个字。": "The explanation may not exceed 200 characters.",
    "驳回点单时请说明原因。": "Please give the reason for rejecting the order.",
    "取消点单时请说明原因。": "Please give the reason for cancelling the order.",
    "标记过期时请说明原因。": "Please give the reason for marking the order expired.",
    "重新办理时请说明原因。": "Please give the reason for reopening the order.",
    "拒单时请说明原因。": "Please give the reason for declining the order.",
    # placing an order
    "点单区划须在县（市、区）及以下。": "The order's region must be a county or a region below it.",
    "未知的点单渠道。": "Unknown order channel.",
    "城市App渠道须使用接口密钥点单。": "Orders of the city-app channel are placed with an API key.",
    "接口客户端的点单渠道只能是城市App（接口）。": "An API client's orders come through the city-app (API) channel.",
    "该区划不在本接口客户端的点单范围内。": "This region is outside the area this API client may order in.",
    "只有该区划的管理员可以代群众录入电话或现场点单。": (
        "Only administrators of the region may enter phone or walk-in orders for residents."
    ),
    "只有本县（市、区）的群众和志愿者可以在网上点单。": (
        "Only residents and volunteers of this county may place orders online."
    ),
    "服务类别不存在或未在%(county)s开放。": "This service does not exist or is not offered in %(county)s.",
    "请填写需求描述。": "Please describe what is needed.",
    "需求描述不能超过2000个字。": "The description may not exceed 2000 characters.",
    "请填写服务地址。": "Please enter the service address.",
    "服务地址不能超过200个字。": "The address may not exceed 200 characters.",
    "请填写点单人姓名。": "Please enter the requester's name.",
    "点单人姓名不能超过64个字。": "The requester's name may not exceed 64 characters.",
    "请填写正确的联系电话。": "Please enter a valid contact phone number.",
    "需要人数须在 1 到 %(max)s 人之间。": "The number of people needed must be between 1 and %(max)s.",
    "坐标必须是数字。": "Coordinates must be numbers.",
    "服务地址不在%(county)s范围内，请核对地图位置。": (
        "The service address is outside %(county)s; please check the point on the map."
    ),
    "服务地址不在本客户端可点单的县（市、区）范围内，请核对地图位置。": (
        "The service address is outside the counties this client may order in; please check the point on the map."
    ),
    "请提供服务地点的经纬度。": "Please give the latitude and longitude of the service address.",
    "请填写期望时间的开始。": "Please enter when the desired time starts.",
    "期望时间的截止须晚于开始。": "The desired time must end after it starts.",
    "期望时间已经过去，请选择以后的时间。": "The desired time has already passed; please choose a later time.",
    "点单编号冲突，请重试。": "The order number was taken at the same moment; please try again.",
    "点单（%(via)s）": "Ordered (%(via)s)",
    # dispatch and the team
    "请选择承接队伍或承办阵地。": "Please choose the team or the site to dispatch to.",
    "未知的层级。": "Unknown tier.",
    "承接队伍不存在、未在服务或不在您的管辖范围内。": (
        "The team does not exist, is not active, or is outside your jurisdiction."
    ),
    "该队伍已拒绝过这个订单，不能再派给它。": (
        "This team has declined this order before; it cannot be sent to it again."
    ),
    "承办阵地不存在、未在用或不在您的管辖范围内。": (
        "The site does not exist, is not in use, or is outside your jurisdiction."
    ),
    "您不能在“%(tier)s”层级派单。": "You may not dispatch at the “%(tier)s” tier.",
    "派单至%(target)s": "Dispatched to %(target)s",
    "新派单：%(number)s": "New order dispatched: %(number)s",
    "%(category)s：%(description)s": "%(category)s: %(description)s",
    "已接单：%(number)s": "Order accepted: %(number)s",
    "%(team)s已接单，将按约定时间上门服务。": "%(team)s accepted the order and will come at the agreed time.",
    "请选择要指派的队员。": "Please choose the members to assign.",
    "只能指派本队在册的队员。": "Only active members of the team can be assigned.",
    "请填写服务情况。": "Please describe the service given.",
    "服务情况不能超过2000个字。": "The service report may not exceed 2000 characters.",
    "同一名队员只能申报一次时长。": "Hours can be proposed only once per member.",
    "只能为指派服务的队员申报时长。": "Hours can be proposed only for members assigned to the order.",
    "点单服务：%(category)s（%(number)s）": "Ordered service: %(category)s (%(number)s)",
    "服务已完成：%(number)s": "Service completed: %(number)s",
    "请为本次服务评价（1 到 5 星）。": "Please rate the service (1 to 5 stars).",
    # the requester and staff
    "点单未被受理：%(number)s": "Order not accepted for handling: %(number)s",
    "只有该区划的管理员可以办结订单。": "Only administrators of the region may close the order.",
    "只有点单人或该层级的管理员可以取消订单。": (
        "Only the requester or administrators of the order's tier may cancel the order."
    ),
    "订单已取消：%(number)s": "Order cancelled: %(number)s",
    "点单已过期：%(number)s": "Order expired: %(number)s",
    "只有点单人或该层级的管理员可以重新办理订单。": (
        "Only the requester or administrators of the order's tier may reopen the order."
    ),
    "只有评分为 %(stars)s 星及以下的订单可以重新办理。": (
        "Only an order rated %(stars)s stars or fewer can be reopened."
    ),
    "只有点单人可以评价订单。": "Only the requester may rate the order.",
    "评分须为 1 到 5 星。": "The rating must be 1 to 5 stars.",
    "评价不能超过200个字。": "The comment may not exceed 200 characters.",
    "%(rating)s 星": "%(rating)s stars",
    # deadlines
    "期望时间已过仍无队伍接单，订单过期。": "The desired time has passed and no team accepted: the order expired.",
    "超过接单时限（%(hours)s 小时）无人接单，退回重新派单，由“%(from)s”升级到“%(to)s”。": (
        "Not accepted within the deadline (%(hours)s hours): back to the queue, escalated from “%(from)s” to “%(to)s”."
    ),
    "超过接单时限（%(hours)s 小时）无人接单，退回中心重新派单。": (
        "Not accepted within the deadline (%(hours)s hours): back to the center's queue."
    ),
    "订单升级待派：%(number)s": "Order escalated, awaiting dispatch: %(number)s",
    "订单已超期：%(number)s": "Order overdue: %(number)s",
    "“%(status)s”环节已超过期限，请尽快办理。": "The “%(status)s” step is past its deadline; please act soon.",
    # statistics, catalogue and API clients
    "没有权限查看点单统计。": "You may not read the order statistics.",
    "志愿服务类别": "Volunteer service categories",
    "请填写客户端名称。": "Please enter the client's name.",
    "客户端名称不能超过60个字。": "The client's name may not exceed 60 characters.",
    "只有县级中心管理员可以创建接口客户端。": "Only county center administrators may create API clients.",
    "本区划已有同名接口客户端。": "This region already has an API client of that name.",
    "缺少接口密钥或密钥无效（请求头 X-Api-Key）。": "The API key is missing or invalid (header X-Api-Key).",
    # Open311
    "参数无效：%(field)s": "Invalid parameter: %(field)s",
    "api_key 缺失或无效。": "The api_key is missing or invalid.",
    "请提供 jurisdiction_id（县级区划代码）。": "Please give jurisdiction_id (the county's division code).",
    "jurisdiction_id 不存在。": "Unknown jurisdiction_id.",
    "服务编码不存在。": "Unknown service code.",
    "缺少 service_code。": "service_code is missing.",
    "请提供 lat/long 或 address_string。": "Please give lat/long or address_string.",
    "已受理，可凭订单号查询办理进度。": "Received; follow its progress with the order number.",
    "service_request_id 不存在。": "Unknown service_request_id.",
    "（按地图位置）": "(by the map point)",
    "%(name)s 须为 ISO 8601 时间。": "%(name)s must be an ISO 8601 time.",
    "status 只能是 open 或 closed。": "status must be open or closed.",
    # the order pages (public phone page, follow link, staff, team leader, member)
    "%(name)s 服务时长（小时）": "%(name)s: hours served",
    "—— 不指定队伍 ——": "— no team —",
    "—— 不指定阵地 ——": "— no site —",
    "下一步": "Next",
    "不清楚 / 不选": "Not sure / none",
    "为本次服务评价": "Rate this service",
    "代群众录入": "Enter for a resident",
    "代群众录入点单": "Enter an order for a resident",
    "以哪支队伍拒单": "Decline on behalf of which team",
    "以哪支队伍接单": "Accept on behalf of which team",
    "使用时间": "Used at",
    "保存指派": "Save the assignment",
    "办理记录": "History",
    "取消订单": "Cancel the order",
    "只有辖区管理员可以代群众录入电话或现场点单。": (
        "Only administrators of a region may enter phone or walk-in orders for residents."
    ),
    "只有辖区管理员和统计查看人员可以查看点单队列。": (
        "Only administrators and viewers of a region may see the order queue."
    ),
    "只有队长可以处理派给本队的订单。": "Only team leaders may handle the orders dispatched to their team.",
    "只看超期": "Overdue only",
    "可从高德、腾讯地图复制经纬度（GCJ-02），或填写手机定位（WGS-84）。": (
        "Copy the coordinates from Amap or Tencent Maps (GCJ-02), or enter your phone's location (WGS-84)."
    ),
    "向%(county)s新时代文明实践中心申请志愿服务。不用注册，填写手机号码并输入短信验证码即可。": (
        "Ask the %(county)s New Era Civilization Practice Center for volunteer service. No registration: "
        "enter your mobile number and the code we text you."
    ),
    "在哪里、什么时候": "Where and when",
    "地图位置（可不填）": "Map point (optional)",
    "失效时间": "Expires at",
    "如有疑问，请拨打当地新时代文明实践站（所、中心）的服务电话。": (
        "Questions? Call your local civilization practice station (institute, center)."
    ),
    "已受理，进入审核。": "Taken into review.",
    "已开始服务。": "Service started.",
    "已录入点单 %(number)s。请把订单号告诉群众，以便查询进度。": (
        "Order %(number)s entered. Please tell the resident the order number so they can follow it."
    ),
    "已拒单，订单退回重新派单。": "Declined: the order goes back to be dispatched again.",
    "已指派队员。": "Members assigned.",
    "已接单。请指派队员。": "Accepted. Please assign members.",
    "已派单。": "Dispatched.",
    "已记录评价。": "Rating recorded.",
    "已驳回点单。": "Order rejected.",
    "当前状态": "Current status",
    "录入点单": "Enter the order",
    "您的联系方式": "How to reach you",
    "您的评价": "Your rating",
    "您的验证码是 %(code)s，%(minutes)s 分钟内有效。请勿告诉他人。": (
        "Your code is %(code)s, valid for %(minutes)s minutes. Do not tell anyone."
    ),
    "您还没有被指派的服务单。": "You have not been assigned to any order yet.",
    "感谢您的评价！": "Thank you for your rating!",
    "我的服务单": "My service orders",
    "我要点单": "Request a service",
    "所选村（社区）不在该县（市、区）。": "The village (community) chosen is not in this county.",
    "手机号摘要": "Mobile number hash",
    "手机号码": "Mobile number",
    "手机验证码": "Phone code",
    "拒单原因": "Reason for declining",
    "按阵地或当前层级": "By the site or the current tier",
    "换一个县（市、区）": "Choose another county",
    "推荐承接": "Proposed to serve",
    "提交点单": "Send the order",
    "提交评价": "Send the rating",
    "文明实践点单验证码": "Civilization practice order code",
    "时长最多两位小数。": "Hours take at most two decimals.",
    "时长须为数字。": "Hours must be a number.",
    "时长须在 0 到 24 小时之间。": "Hours must be between 0 and 24.",
    "暂时没有派给本队的点单。": "No orders dispatched to your team for now.",
    "最近完成": "Recently completed",
    "有 %(counter)s 个超期订单等待您处理。": "%(counter)s overdue orders are waiting for you.",
    "服务已完成，时长已提交审核。": "Service completed; the hours were sent for approval.",
    "服务队员": "Members serving",
    "期望时间（开始）": "Desired time (from)",
    "未知的验证码用途。": "Unknown purpose of the code.",
    "本平台还没有开放点单的县（市、区）。": "No county takes orders on this platform yet.",
    "本队没有在册的队员。": "The team has no active members.",
    "没有符合条件的订单。": "No orders match.",
    "派给本队的点单：接单或说明原因拒单（志愿服务不得强制），指派队员，开始和完成服务。": (
        "Orders dispatched to your team: accept, or decline with a reason (no one is forced to serve), "
        "assign members, start and complete the service."
    ),
    "点单成功！": "Order placed!",
    "点单进度": "Order progress",
    "点单队列": "Order queue",
    "用途": "Purpose",
    "短信验证码": "Code from the text message",
    "确认派单": "Dispatch",
    "类别相符": "matching category",
    "系统": "System",
    "纬度和经度须同时填写或同时留空。": "Give both latitude and longitude, or neither.",
    "网上点单": "Online order",
    "群众打电话或到站（所、中心）现场提出的服务需求，由工作人员录入。": (
        "Requests residents make by phone or in person at a station (institute, center), entered by staff."
    ),
    "群众查询链接": "Resident's follow link",
    "群众点单页": "Residents' order page",
    "获取验证码": "Get a code",
    "订单已办结。": "Order closed.",
    "订单已取消。": "Order cancelled.",
    "订单已标记过期。": "Order marked as expired.",
    "订单已退回重新办理。": "Order reopened.",
    "记录群众电话评价": "Record a rating given by phone",
    "记录评价": "Record the rating",
    "评价不满意：重新办理": "Unsatisfied rating: reopen",
    "该号码已被停用网上点单，请拨打服务电话。": "This number may no longer order online; please call the service line.",
    "该号码获取验证码过于频繁，请一小时后再试。": "Too many codes for this number; please try again in an hour.",
    "该订单由工作人员代为录入，请致电服务站评价。": (
        "This order was entered by staff; please rate it by calling the station."
    ),
    "该验证码已使用，请重新获取。": "This code has been used; please get a new one.",
    "请从列表中选择村（社区）。": "Please choose a village (community) from the list.",
    "请先获取验证码。": "Please get a code first.",
    "请填写手机号码。": "Please enter your mobile number.",
    "请填写正确的手机号码（11位）。": "Please enter a valid mobile number (11 digits).",
    "请填写正确的日期和时间。": "Please enter a valid date and time.",
    "请填写短信验证码。": "Please enter the code from the text message.",
    "请填写需要人数。": "Please enter the number of people needed.",
    "请收藏本页或保存下面的链接，随时查看办理进度，服务完成后在这里评价：": (
        "Bookmark this page or keep the link below to follow the order at any time, and rate the service here "
        "once it is done:"
    ),
    "请输入 %(digits)s 位数字验证码。": "Please enter the %(digits)s-digit code.",
    "请选择您所在的县（市、区）": "Please choose your county",
    "请选择服务类别": "Choose a service",
    "请选择服务类别。": "Please choose a service.",
    "请选择评分（1 到 5 星）。": "Please choose a rating (1 to 5 stars).",
    "超期订单": "Overdue orders",
    "选择承接队伍（本类别的队伍排在前面），或派给阵地由其队伍接单。": (
        "Choose the team to serve (teams of the order's category first), or a site whose teams may accept."
    ),
    "错误次数": "Wrong attempts",
    "队伍接单": "Team orders",
    "队长指派您上门服务的点单。": "Orders your team leader assigned you to serve.",
    "需要人数须为整数。": "The number of people needed must be a whole number.",
    "需要人数须在 1 到 200 人之间。": "The number of people needed must be between 1 and 200.",
    "需要什么服务": "What service you need",
    "驳回原因": "Reason for rejecting",
    "验证码不正确，还可以再试 %(left)s 次。": "Wrong code; %(left)s tries left.",
    "验证码发送失败，请稍后再试。": "The code could not be sent; please try again later.",
    "验证码已发送至 %(phone)s，10 分钟内有效。": "Code sent to %(phone)s, valid for 10 minutes.",
    "验证码已发送，请 %(seconds)s 秒后再重新获取。": (
        "A code was just sent; please wait %(seconds)s seconds for another."
    ),
    "验证码已过期，请重新获取。": "The code has expired; please get a new one.",
    "验证码摘要": "Code hash",
    "验证码错误次数过多，请重新获取。": "Too many wrong codes; please get a new one.",
    "WGS-84（GPS）": "WGS-84 (GPS)",
    # dispatch proposals (orders.dispatch, orders.proposals, orders/_proposals.html)
    "第 %(place)d 名，%(who)s：服务类别相符；直线距离 %(distance)d 米，步行约 %(walking)d 米、"
    "%(minutes)d 分钟；%(skills)s；当前可接单；近 30 天已服务 %(load)d 单；%(rating)s。"
    "综合代价 %(total)d（距离 %(distance_cost)d + 负荷 %(load_cost)d + 评分 %(rating_cost)d + "
    "技能 %(skill_cost)d）。": (
        "No. %(place)d, %(who)s: serves the category; %(distance)d m in a straight line, about %(walking)d m "
        "or %(minutes)d minutes on foot; %(skills)s; free to take the order; %(load)d orders served in the "
        "last 30 days; %(rating)s. Cost %(total)d (distance %(distance_cost)d + load %(load_cost)d + "
        "rating %(rating_cost)d + skills %(skill_cost)d)."
    ),
    "具备全部所需技能（%(count)d 项）": "holds every skill required (%(count)d)",
    "无技能要求": "no skills required",
    "平均评分 %(stars).1f 星": "rated %(stars).1f stars on average",
    "尚无评分": "not rated yet",
    "队伍（本批可接 %(capacity)d 单）": "team (can take %(capacity)d orders in this batch)",
    "自动派单的服务类别": "Categories dispatched automatically",
    "只有可为该订单派单的管理员可以查看派单推荐。": (
        "Only an administrator who may dispatch this order can see the dispatch proposals."
    ),
    "订单当前状态为“%(status)s”，不在待派单状态。": "The order is “%(status)s”, not waiting for dispatch.",
    "一批最多 %(count)d 个订单。": "A batch holds at most %(count)d orders.",
    "订单不存在：%(ids)s": "No such order: %(ids)s",
    "自动派单：%(team)s，直线距离 %(distance)d 米，综合代价 %(total)d。": (
        "Dispatched automatically: %(team)s, %(distance)d m in a straight line, cost %(total)d."
    ),
    "只有县级中心管理员可以查看和修改本县点单设置。": (
        "Only a county center administrator may see and change the county's order settings."
    ),
    "服务类别不存在或未在%(county)s开放：%(codes)s": "Unknown category or not offered in %(county)s: %(codes)s",
    "派单引擎按距离、近期负荷和评分综合排序，由您确认派单。": (
        "The dispatch engine ranks teams by distance, recent load and rating; you confirm the dispatch."
    ),
    "采纳派单推荐第 %(rank)s 名": "Dispatched to proposal no. %(rank)s",
    "派给该队": "Dispatch to this team",
    "状态变更": "Status change",
    "超期": "Overdue",
    "事件类型": "Event kind",
    "日期须在 %(first)s 至 %(last)s 之间。": "Dates must be between %(first)s and %(last)s.",
    "开始日期不能晚于结束日期。": "The start date cannot be after the end date.",
}
