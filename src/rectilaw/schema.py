"""The shared finding schema (v2: v1 and the recorded determination) and the outcome vocabulary.

One ledger record can be evaluated under any policy: policies use these names
where the concept matches and may declare facts of their own.  The types here
are the contract with embedding systems (see DESIGN.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = [
    "ACTIONS",
    "FIELDS",
    "SCHEMA_VERSION",
    "STATUSES",
    "STATUS_WORDS",
    "VALUE_WORDS",
    "FieldSpec",
]

#: v2 adds ``determination`` and ``determined_on``; every v1 name keeps its meaning.
SCHEMA_VERSION = 2


@attrs.frozen
class FieldSpec:
    """One field of the shared schema: its type, its values (enums) and its Chinese name."""

    name: str
    type: str
    label: str
    values: tuple[str, ...] = ()


def _spec(name: str, type_: str, label: str, *values: str) -> tuple[str, FieldSpec]:
    return name, FieldSpec(name, type_, label, values)


FIELDS: Mapping[str, FieldSpec] = MappingProxyType(dict([
    _spec("id", "text", "问题编号"),
    _spec("unit", "text", "整改责任单位"),
    _spec("source", "enum", "问题来源", "upper", "local", "supervisor"),
    _spec("audit_type", "enum", "审计类型", "budget_execution", "economic_responsibility",
          "natural_resources", "investment", "special", "other"),
    _spec("rectification_type", "enum", "整改类型", "immediate", "phased", "continuous"),
    _spec("cause", "enum", "未整改到位原因", "systemic", "complex", "multi_department"),
    _spec("issued_on", "date", "审计结论、决定、意见或问题清单下达日期"),
    _spec("due_on", "date", "问题清单确定的整改时限"),
    _spec("extended_to", "date", "经批准延长后的整改时限"),
    _spec("plan_submitted_on", "date", "整改方案/计划报送日期"),
    _spec("reported_on", "date", "整改情况书面报告日期"),
    _spec("problem_amount", "money", "问题金额"),
    _spec("corrected_amount", "money", "已调整或纠正金额"),
    # v2: the outcomes a yearly rectification report sums up (seed 002, 一).
    _spec("revenue_saved", "money", "促进增收节支金额"),
    _spec("funds_recovered", "money", "拨付、盘活、追回资金金额"),
    _spec("investment_reduced", "money", "审减投资金额"),
    _spec("persons_accountable", "integer", "追责问责人数"),
    _spec("rules_improved", "integer", "完善规章制度数"),
    _spec("corrected", "bool", "问题金额或事实已调整或纠正完毕"),
    _spec("corrected_immediately", "bool", "即查即改，已消除违规行为后果"),
    _spec("controls_improved", "bool", "已完善内部管控措施、建章立制"),
    _spec("referred_to_discipline", "bool", "已移送纪检监察机关"),
    _spec("referral_accepted", "bool", "纪检监察机关已受理"),
    _spec("irreversible", "bool", "既成事实无法纠正"),
    _spec("accountability_done", "bool", "已完成追责问责程序"),
    _spec("plan_with_schedule", "bool", "已提出确切整改计划及时间安排"),
    _spec("objective_obstacle", "bool", "因客观因素无法在期限内整改到位"),
    _spec("delay_explained", "bool", "逾期未整改，已说明原因"),
    _spec("rejects_opinion", "bool", "无正当理由不接受审计意见或建议（不认账）"),
    _spec("no_measures", "bool", "不采取整改措施"),
    _spec("false_rectification", "bool", "虚假整改、敷衍应付"),
    _spec("refuses_rectification", "bool", "拒绝整改、拒不整改"),
    _spec("obstructs_follow_up", "bool", "阻碍审计整改跟踪检查"),
    _spec("ineffective", "bool", "整改不力、推诿扯皮"),
    _spec("repeat_finding", "bool", "屡审屡犯、屡改屡犯"),
    _spec("major_impact", "bool", "造成重大影响及损失"),
    _spec("major_asset_loss_risk", "bool", "可能造成严重国有资产损失"),
    _spec("rejects_supervision", "bool", "不采纳监管部门的监管意见"),
    _spec("events", "events", "已采取的督办措施"),
    # v2: the result the responsible body has recorded, and the day it did
    _spec("determination", "enum", "认定结果", "rectified", "partially_rectified", "long_term",
          "in_progress", "not_rectified"),
    _spec("determined_on", "date", "认定日期"),
]))

#: Status codes and their usual Chinese names; a policy uses the subset its text defines.
STATUSES: Mapping[str, str] = MappingProxyType({
    "rectified": "已整改",
    "partially_rectified": "部分整改",
    "long_term": "长期整改",
    "in_progress": "正在整改",
    "not_rectified": "未整改",
})

#: The words ledgers record a determination in (认定结果, 整改状态, 整改情况), by status code.
#: A policy's own labels (e.g. 整改完毕, 整改到位) are among them.
STATUS_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "rectified": ("已整改", "整改完毕", "整改到位", "已销号", "已完成整改", "完成整改",
                  "已整改到位", "已整改完毕", "办结销号"),
    "partially_rectified": ("部分整改", "部分已整改", "部分整改到位"),
    "long_term": ("长期整改", "持续整改", "长期坚持", "需长期整改"),
    "in_progress": ("正在整改", "整改中", "整改期内", "推进中", "正在推进", "整改推进中"),
    "not_rectified": ("未整改", "尚未整改", "未完成整改", "未整改到位"),
})

#: Action codes of the shared vocabulary; a policy may add its own.
ACTIONS: Mapping[str, str] = MappingProxyType({
    "close": "销号",
    "archive": "资料归档",
    "verify": "审核认定",
    "request_report": "督促报送整改情况",
    "reminder_letter": "提醒函",
    "supervision_letter": "督办函",
    "promotion_meeting": "推进会",
    "supervision_meeting": "督办会",
    "interview": "约谈",
    "joint_supervision": "联合督办",
    "refer_accountability": "提请追责问责",
    "report_up": "向党委政府报告",
    "notice": "通报",
    "public_announcement": "公告",
    "performance_assessment": "纳入考核",
    "follow_up_audit": "跟踪检查/后续审计",
    "notify_organization_dept": "同时报送组织部门",
    "expert_consultation": "会商指导",
})

#: The words offices write for the shared schema's enum values, by field and code (the
#: first word of each is the usual Chinese label).  Every reader of a finding accepts them.
VALUE_WORDS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "source": {
        "upper": ("上级审计机关反馈", "上级审计机关", "上级审计", "上级"),
        "local": ("本级审计机关查出", "本级审计机关", "本级审计", "本级"),
        "supervisor": ("主管部门监督发现", "主管部门监督", "主管部门"),
    },
    "audit_type": {
        "budget_execution": ("预算执行审计", "预算执行"),
        "economic_responsibility": ("经济责任审计", "经济责任"),
        "natural_resources": ("自然资源资产审计", "自然资源资产离任审计", "自然资源"),
        "investment": ("投资审计", "政府投资审计", "投资"),
        "special": ("专项审计", "专项审计调查", "专项"),
        "other": ("其他", "其它"),
    },
    "rectification_type": {
        "immediate": ("立行立改",),
        "phased": ("分阶段整改", "分段整改", "分阶段"),
        "continuous": ("持续整改", "持续"),
    },
    "cause": {
        "systemic": ("体制机制", "体制机制原因"),
        "complex": ("情况复杂",),
        "multi_department": ("涉及多部门", "多部门"),
    },
    "determination": STATUS_WORDS,
})
