"""The closed list of audit action names (REC-09), `entity.verb`, each with its Chinese label.

core.audit refuses a name that is not here, so a new action is registered before it is
written; tests/core/test_audit_actions.py finds every name the source passes and checks it.
Entries already stored keep the name they were written with (the chain hash covers it), so
renamed names stay readable through RENAMED."""

import re

NAME = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")

ACTIONS: dict[str, str] = {
    # admin (core.admin_audit) and accounts
    "admin.add": "后台新增",
    "admin.change": "后台修改",
    "admin.change_related": "后台修改关联",
    "admin.delete": "后台删除",
    "admin.password": "后台设置密码",
    "user.password_reset_by_code": "凭重置码重置密码",
    "user.reset_code_issue": "签发账号重置码",
    # catalog
    "catalog.occupations_import": "导入职业目录",
    "catalog.job_types_import": "导入工种与标准",
    # institutions
    "institution.file": "机构备案",
    "institution.scope_add": "增加评价范围",
    "institution.register": "注册评价机构",
    "institution.details_update": "完善机构信息",
    "institution.scope_remove": "撤出评价范围",
    "institution.suspend": "暂停机构备案",
    "institution.reinstate": "恢复机构备案",
    "institution.record_change": "变更机构备案信息",
    # supervision (INST-09 双随机、一公开, INST-10 年检, external supervisors)
    "inspector.add": "登记检查人员",
    "inspection.draw": "双随机抽取",
    "inspection.finding": "记录检查发现",
    "inspection.publish": "公开抽查结果",
    "credit.event": "记录信用事件",
    "sitting_supervisor.send": "派出外部督导",
    "annual_item.save": "发布年检项目",
    "annual.score": "年检评分",
    # change applications (INST-08)
    "change.submit": "提交变更申请",
    "change.approve": "批准变更申请",
    "change.reject": "驳回变更申请",
    # filings (备案申请, INST-02)
    "filing.submit": "提交备案申请",
    "filing.pass": "备案申请通过本环节",
    "filing.return": "退回备案申请",
    "filing.reject": "备案申请未通过",
    "filing.open": "新建备案申请",
    "filing.draft_save": "保存备案申请草稿",
    "filing.scope_add": "备案申请增加职业",
    "filing.scope_remove": "备案申请删除职业",
    "filing.attachment_add": "上传备案材料",
    "filing.attachment_remove": "删除备案材料",
    "filing.commit": "签署备案承诺书",
    "filing.number_assign": "编配备案号",
    "filing.scope_import": "导入认定范围清单",
    # technical evaluation (技术评估, INST-03)
    "evaluation.group_name": "组建评估专家组",
    "evaluation.sheet_submit": "提交技术评估评分",
    "evaluation.conclude": "作出技术评估结论",
    # people
    "person.account_open": "开通账号",
    "person.first_password": "设置初始密码",
    "person.claim": "认领档案",
    "person.claim_refused": "拒绝认领档案",
    "person.claim_code_issue": "签发认领码",
    "person.reset_code_issue": "签发密码重置码",
    "person.photo_delete": "删除照片",
    "examiner.add": "登记考评员",
    "examiner.renew": "考评员续聘",
    "examiner.evaluate": "考评员年度考核",
    "examiner.dismiss": "解聘考评员",
    "supervisor.add": "登记督导员",
    "expert.add": "登记专家",
    "staff.add": "登记机构工作人员",
    "relative.add": "登记回避亲属",
    "taught_class.add": "登记任教班级",
    # plans
    "plan.create": "编制年度计划",
    "plan.item_add": "增加计划条目",
    "announcement.create": "起草公告",
    "announcement.edit": "修改公告",
    "announcement.publish": "发布公告",
    "announcement_late.request": "申请补发公告",
    "announcement_late.approve": "批准补发公告",
    "announcement_late.reject": "驳回补发公告",
    "sitting.plan_link": "批次关联计划",
    "sitting.reschedule": "批次改期",
    "sitting_change.request": "申请变更批次",
    "sitting_change.approve": "批准变更批次",
    "sitting_change.reject": "驳回变更批次",
    "candidate.sign_up": "考生注册",
    "registration.apply": "报名",
    "registration.decide": "报名审核",
    "registration.import": "导入报名名册",
    "registration.cancel_fraud": "因舞弊取消报名",
    "registration.cancel_violation": "因违纪取消报名",
    "ban.add": "禁考登记",
    # arrangement
    "venue.create": "新增考点",
    "venue.update": "修改考点",
    "venue.delete": "删除考点",
    "room.create": "新增考场",
    "room.update": "修改考场",
    "room.delete": "删除考场",
    "seating.arrange": "编排座位",
    "seating.rearrange": "重新编排座位",
    "staffing.generate": "生成考务人员安排",
    "staffing.assign": "安排考务人员",
    "staffing.change": "调整考务人员",
    "staffing.remove": "撤销考务人员安排",
    # itembank
    "item.create": "新增试题",
    "item.revise": "修订试题",
    "item.status": "变更试题状态",
    "item.import": "导入试题",
    "blueprint.create": "新增组卷方案",
    "paper_set.assemble": "组卷",
    "paper_set.sitting": "试卷关联批次",
    "paper.assemble": "试卷组卷封存",
    "paper.access": "试卷启封读取",
    "paper.print": "打印试卷",
    "paper.key_print": "打印答案",
    "paper.handover_out": "试卷交出",
    "paper.handover_in": "试卷接收",
    "paper.handover_cancel": "撤回试卷交接",
    "paper.key_holder": "指定第二把钥匙保管人",
    "paper.unlock_request": "试卷开锁申请",
    "paper.unlock_confirm": "确认试卷开锁",
    "paper.unlock_cancel": "撤回试卷开锁申请",
    "paper.unlock_void": "试卷开锁失效",
    "paper.refused": "拒绝访问试卷",
    # exams
    "exam.create": "创建考试",
    "exam.open": "开考",
    "exam.close": "结束考试",
    "exam.submit": "交卷",
    "exam.extra_time": "延长考试时间",
    "exam.incident": "记录考场异常",
    "exam.signin_unlock": "解锁签到",
    # panels
    "panel.create": "组建考评组",
    "panel.work_numbers": "分配工号",
    "panel.module_create": "新增评分模块",
    "panel.module_delete": "删除评分模块",
    "panel.score_enter": "录入评分",
    "panel.score_change": "修改评分",
    "panel.score_valid": "确认有效评分",
    "panel.sign": "考评员签名",
    "panel.tally_check": "核分",
    "panel.summary_sign": "签署汇总表",
    "panel.lock": "锁定评分",
    "panel.absent": "登记缺考",
    "panel.absent_undo": "撤销缺考",
    # scoring
    "result.set": "登记成绩",
    "result.notify": "成绩通知",
    "result.publish": "发布成绩",
    "result.violation": "违纪处理成绩",
    "appeal.create": "提出复核申请",
    "appeal.resolve": "处理复核申请",
    # certificates
    "issue_register.create": "编制发证名册",
    "issue_register.review": "审核发证名册",
    "issue_register.issue": "按名册发证",
    "certificate.issue": "颁发证书",
    "certificate.replace": "补发证书",
    "certificate.void": "作废证书",
    "certificate.kept": "复核后保留证书",
    "certificate.export": "导出证书数据",
    "certificate.export_download": "下载证书导出",
    "certificate.export_sent": "报送证书导出",
    "certificate.full_id_download": "下载完整证件号",
    "stock.receive": "空白证书入库",
    "stock.issue": "空白证书领用",
    "stock.spoil": "空白证书报损",
    "stock.destroy": "空白证书销毁",
    "stock.count": "空白证书盘点",
    # violations
    "violation.record": "记录违纪",
    "violation.evidence_add": "补充违纪证据",
    "violation.withdraw": "撤销违纪记录",
    "violation.confirm": "确认违纪",
    "correction_notice.create": "起草更正通知",
    "correction_notice.sent": "发出更正通知",
    # records: incidents (REC-05), video (REC-11), complaints (REC-04), supervision (REC-06)
    "incident.report": "报告突发事件",
    "incident.stage": "突发事件阶段报告",
    "incident.close": "突发事件终结报告",
    "video.period_add": "登记考试时段",
    "video.add": "登记监控录像",
    "video.remove": "删除监控录像",
    "complaint.register": "登记投诉",
    "complaint.accept": "决定受理投诉",
    "complaint.decline": "决定不予受理投诉",
    "complaint.extend": "延长投诉处理期限",
    "complaint.decide": "作出投诉处理决定",
    "complaint.archive": "投诉归档",
    "supervision_report.save": "保存督导报告",
    "supervision_report.sign": "签署督导报告",
}

# old name -> current name, for entries written before the rename
RENAMED: dict[str, str] = {
    old: old.replace("_add", ".add").replace("examiner_", "examiner.")
    for old in (
        "examiner_add",
        "examiner_renew",
        "examiner_evaluate",
        "examiner_dismiss",
        "supervisor_add",
        "expert_add",
        "staff_add",
        "relative_add",
        "taught_class_add",
    )
}


def label(name: str) -> str:
    """The Chinese label of a stored action name (current or old); unknown names as they are."""
    return ACTIONS.get(RENAMED.get(name, name), name)


def is_registered(name: str) -> bool:
    return name in ACTIONS
