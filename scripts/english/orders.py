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
}
