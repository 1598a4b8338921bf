from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from disclosures.models.tables import amount_field
from portal.textpolicy import text_problem


class Severity(models.TextChoices):
    ERROR = "error", "错误"
    WARNING = "warning", "提示"


class Part(models.TextChoices):
    """Where in the report a finding is, as the lists group them."""

    TABLES = "表格", "表格"
    TEXT = "情况说明", "情况说明"
    ATTACHMENTS = "附件", "附件"
    CHECKLIST = "自查表", "自查表"
    COMPLETENESS = "完整性", "完整性"


class RuleSet(models.Model):
    """A year's consistency rules. The active set of a year is the one the checks run."""

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=128)
    active = models.BooleanField("启用", default=True, help_text="每个年度只能有一个启用的规则集。")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ("-year", "name")
        constraints = [
            models.UniqueConstraint(fields=("year",), condition=models.Q(active=True), name="one_active_rule_set_per_year")
        ]
        verbose_name = "审核规则集"
        verbose_name_plural = "审核规则集"

    def __str__(self):
        return self.name


class Rule(models.Model):
    """One rule: a plain-Chinese description and an expression over named cells."""

    rule_set = models.ForeignKey(RuleSet, verbose_name="规则集", on_delete=models.CASCADE, related_name="rules")
    code = models.CharField("规则编号", max_length=32)
    description = models.CharField("说明", max_length=255)
    severity = models.CharField(
        "严重程度",
        max_length=8,
        choices=Severity.choices,
        default=Severity.ERROR,
        help_text="错误：提交前必须改正；提示：填报人须写说明。",
    )
    tables = models.JSONField("涉及的表", default=list, blank=True, help_text="表号列表，如 [1, 3]；留空则按表达式自动确定。")
    expression = models.TextField(
        "表达式",
        help_text="例如：公开01表 第27行 = 公开01表 第1行至第8行之和；公开01表 每个类 = 公开03表 该类各科目 本年支出合计之和",
    )
    enabled = models.BooleanField("启用", default=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ("rule_set", "position", "code")
        constraints = [models.UniqueConstraint(fields=("rule_set", "code"), name="unique_rule_code_per_set")]
        verbose_name = "审核规则"
        verbose_name_plural = "审核规则"

    def __str__(self):
        return f"{self.code} {self.description}"

    def clean(self):
        from .rules.engine import CompiledRule

        try:
            compiled = CompiledRule.build(
                code=self.code,
                description=self.description,
                severity=self.severity,
                expression=self.expression,
                tables=self.tables or (),
            )
        except ValueError as exc:
            raise ValidationError({"expression": str(exc)}) from exc
        if not self.tables:
            self.tables = list(compiled.tables)
        if not isinstance(self.tables, list) or not all(isinstance(n, int) and 1 <= n <= 9 for n in self.tables):
            raise ValidationError({"tables": "涉及的表应为 1 至 9 的表号列表，如 [1, 3]"})


class Finding(models.Model):
    """One result of the checks (reviews/checks/) for a report version, stored whenever what
    they read is saved. Where it is: `cells` (table cells, or spans of the text), `section`,
    the performance evaluation (`evaluation_kind`, `evaluation_ref`, `evaluation_field`) or `checklist_no`."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="findings"
    )
    rule = models.ForeignKey(Rule, verbose_name="规则", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rule_code = models.CharField("规则编号", max_length=32)
    severity = models.CharField("严重程度", max_length=8, choices=Severity.choices)
    part = models.CharField("部分", max_length=8, choices=Part.choices, default=Part.TABLES)
    section = models.CharField("说明部分", max_length=64, blank=True)
    evaluation_kind = models.CharField("自评表类型", max_length=16, blank=True, help_text="project 或 department")
    evaluation_ref = models.PositiveIntegerField("自评表", null=True, blank=True)
    evaluation_field = models.CharField("自评表字段", max_length=64, blank=True)
    checklist_no = models.PositiveSmallIntegerField("自查项目序号", null=True, blank=True)
    rounding = models.BooleanField("尾差", default=False)
    tables = models.JSONField("涉及的表", default=list)
    cells = models.JSONField("单元格", default=list)
    expected = amount_field("应为（元）", null=True, blank=True)
    actual = amount_field("实为（元）", null=True, blank=True)
    difference = amount_field("差额（元）", null=True, blank=True)
    message = models.TextField("说明")
    fingerprint = models.CharField("标识", max_length=512, db_index=True)
    position = models.PositiveIntegerField("顺序", default=0)
    explanation = models.TextField("填报人说明", blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="说明人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explained_at = models.DateTimeField("说明时间", null=True, blank=True)
    created_at = models.DateTimeField("计算时间", auto_now_add=True)

    class Meta:
        ordering = ("version", "position")
        verbose_name = "审核结果"
        verbose_name_plural = "审核结果"

    def __str__(self):
        return f"{self.rule_code} {self.get_severity_display()}"

    @property
    def is_error(self):
        return self.severity == Severity.ERROR

    @property
    def needs_explanation(self):
        return self.severity == Severity.WARNING and not self.explanation.strip()

    @property
    def first_table(self):
        return self.tables[0] if self.tables else 0

    @property
    def is_text(self):
        """A finding of the explanation text: its cells are places in sections (see disclosures.narrative.findings)."""
        return any(isinstance(c, dict) and "section" in c for c in self.cells or ())

    def anchors(self):
        return [(c, f"t{c['table']}-{c['row']}-{c['column']}") for c in self.cells]

    def _wan(self, amount):
        from .rules.engine import format_wan

        return "" if amount is None else format_wan(amount)

    @property
    def expected_wan(self):
        return self._wan(self.expected)

    @property
    def actual_wan(self):
        return self._wan(self.actual)

    @property
    def difference_wan(self):
        return self._wan(self.difference)


class ChecklistTemplate(models.Model):
    """A year's self-inspection checklist (部门决算公开工作情况自查表)."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    title = models.CharField("标题", max_length=128)
    publish_with_report = models.BooleanField(
        "随决算报告公开",
        default=False,
        help_text="勾选后，本年度的自查表作为第六部分附件随决算报告公开（PDF 和公开页面）；不勾选则只用于审核，不公开。",
    )

    class Meta:
        ordering = ("-year",)
        verbose_name = "自查表"
        verbose_name_plural = "自查表"

    def __str__(self):
        return f"{self.year}年度{self.title}"


class ChecklistMode(models.TextChoices):
    AUTO = "auto", "按数据自动判定"
    ACCOUNTANT = "accountant", "填报人回答"


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, verbose_name="自查表", on_delete=models.CASCADE, related_name="items")
    no = models.PositiveSmallIntegerField("序号")
    group = models.CharField("类别", max_length=64)
    category = models.CharField("项目", max_length=64)
    text = models.TextField("检查内容")
    parent_text = models.TextField("上级内容", blank=True)
    mode = models.CharField("判定方式", max_length=16, choices=ChecklistMode.choices, default=ChecklistMode.ACCOUNTANT)
    check_key = models.CharField("自动判定依据", max_length=64, blank=True)

    class Meta:
        ordering = ("template", "no")
        constraints = [models.UniqueConstraint(fields=("template", "no"), name="unique_checklist_item_no")]
        verbose_name = "自查项目"
        verbose_name_plural = "自查项目"

    def __str__(self):
        return f"{self.no}. {self.text[:30]}"

    @property
    def is_auto(self):
        return self.mode == ChecklistMode.AUTO


class Answer(models.TextChoices):
    YES = "是", "是"
    NO = "否", "否"


class ReviewerStatus(models.TextChoices):
    PENDING = "", "待审核"
    CONFIRMED = "confirmed", "确认"
    DISPUTED = "disputed", "有异议"


class ChecklistAnswer(models.Model):
    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.CASCADE, related_name="checklist_answers"
    )
    item = models.ForeignKey(ChecklistItem, verbose_name="自查项目", on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField("回答", max_length=2, choices=Answer.choices, blank=True)
    remark = models.TextField("备注", blank=True)
    evidence = models.TextField("依据", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回答人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("回答时间", null=True, blank=True)
    reviewer_status = models.CharField(
        "审核意见", max_length=16, choices=ReviewerStatus.choices, default=ReviewerStatus.PENDING, blank=True
    )
    reviewer_remark = models.TextField("审核说明", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ("version", "item__no")
        constraints = [models.UniqueConstraint(fields=("version", "item"), name="one_answer_per_item_version")]
        verbose_name = "自查回答"
        verbose_name_plural = "自查回答"

    def __str__(self):
        return f"{self.item.no} {self.answer}"


class DecisionAction(models.TextChoices):
    RETURN = "return", "退回"
    APPROVE = "approve", "审核通过"


class ReviewDecision(models.Model):
    """A reviewer's decision on a submitted version; returns are counted from these rows."""

    version = models.ForeignKey(
        "disclosures.ReportVersion", verbose_name="版本", on_delete=models.PROTECT, related_name="review_decisions"
    )
    action = models.CharField("决定", max_length=16, choices=DecisionAction.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("理由", blank=True)
    publish_on = models.DateField("公开日期", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ("version", "created_at")
        verbose_name = "审核决定"
        verbose_name_plural = "审核决定"

    def __str__(self):
        return f"{self.version} {self.get_action_display()}"


class ReasonKind(models.TextChoices):
    FINDING = "finding", "审核结果"
    CHECKLIST = "checklist", "自查项目"
    CELL = "cell", "单元格"
    TEXT = "text", "说明"


class ReturnReason(models.Model):
    """One reason of a return, attached to a finding, a checklist item, a cell or free text."""

    decision = models.ForeignKey(ReviewDecision, verbose_name="审核决定", on_delete=models.CASCADE, related_name="reasons")
    kind = models.CharField("类型", max_length=16, choices=ReasonKind.choices)
    finding = models.ForeignKey(Finding, verbose_name="审核结果", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    checklist_item = models.ForeignKey(
        ChecklistItem, verbose_name="自查项目", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cell = models.CharField("单元格", max_length=64, blank=True, help_text="表:行:列")
    cell_value = amount_field("退回时的值（元）", null=True, blank=True)
    text = models.TextField("内容", blank=True)
    reply = models.TextField("填报人答复", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ("decision", "pk")
        verbose_name = "退回理由"
        verbose_name_plural = "退回理由"

    def __str__(self):
        return f"{self.get_kind_display()} {self.cell or self.text[:30]}"

    @property
    def summary(self):
        """The reason in one line, as the accountant's reply form and a refused submission name it."""
        if self.kind == ReasonKind.CELL:
            return f"单元格 {self.cell_label}"
        if self.kind == ReasonKind.CHECKLIST and self.checklist_item_id:
            return f"自查表第{self.checklist_item.no}项"
        return self.text[:60]

    @property
    def cell_parts(self):
        """(table number, row, column) of a cell reason ("表号:行:列"), or None."""
        parts = self.cell.split(":")
        if len(parts) != 3 or not parts[0].isdigit():
            return None
        return int(parts[0]), parts[1], parts[2]

    @property
    def cell_label(self):
        """The cell as the findings name it (公开09表 第1行 预算数公务接待费); the raw text if unknown."""
        from .rules.engine import cell_key_label

        return cell_key_label(self.cell)


class CommonReason(models.Model):
    """A return reason the bureau's reviewers use often, offered on the return form (常用退回理由)."""

    text = models.CharField("理由", max_length=500)
    position = models.PositiveIntegerField("顺序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = "常用退回理由"
        verbose_name_plural = "常用退回理由"

    def __str__(self):
        return self.text[:40]

    def clean(self):
        problem = text_problem(self.text, max_length=500, label="理由")
        if problem:
            raise ValidationError({"text": problem})
# --- the bureau's 公开检查 of published PDFs, and the public check (reviews/inspections/) ---------


class Inspection(models.Model):
    """A finance bureau's check (公开检查) of what the departments of its region published for one
    year: the published PDFs its reviewers uploaded, each read and checked in the background."""

    region = models.ForeignKey("disclosures.Region", verbose_name="区域", on_delete=models.PROTECT, related_name="inspections")
    year = models.PositiveSmallIntegerField("年度")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ("-year", "region__code")
        constraints = [models.UniqueConstraint(fields=("region", "year"), name="one_inspection_per_region_year")]
        verbose_name = "公开检查"
        verbose_name_plural = "公开检查"

    def __str__(self):
        return f"{self.region}{self.year}年度部门决算公开检查"


class FileStatus(models.TextChoices):
    PENDING = "pending", "等待检查"
    READING = "reading", "检查中"
    DONE = "done", "已检查"
    FAILED = "failed", "无法读取"


class MatchState(models.TextChoices):
    """How an inspected file's department was found."""

    SURE = "sure", "已匹配"  # the name read is a department's name or one of its other names
    PROPOSED = "proposed", "待确认"  # a department whose name is close: the reviewer confirms
    CONFIRMED = "confirmed", "已确认"  # chosen or confirmed by a reviewer
    NONE = "none", "未匹配"


class InspectedFile(models.Model):
    """One published PDF of an inspection: the stored file, what was read of it, and its department."""

    MAX_ATTEMPTS = 3

    inspection = models.ForeignKey(Inspection, verbose_name="公开检查", on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=160)
    file = models.FileField("文件", upload_to="inspections/%Y/", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    status = models.CharField("状态", max_length=16, choices=FileStatus.choices, default=FileStatus.PENDING)
    error = models.TextField("无法读取的原因", blank=True)
    attempts = models.PositiveSmallIntegerField("读取次数", default=0)
    queued_at = models.DateTimeField("排队时间", null=True, blank=True)
    claimed_at = models.DateTimeField("开始检查时间", null=True, blank=True)
    claim_token = models.CharField("检查任务标识", max_length=64, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    # what was read
    department_name = models.CharField("编制单位（读出）", max_length=255, blank=True)
    title = models.CharField("文件标题（读出）", max_length=255, blank=True)
    year = models.PositiveSmallIntegerField("年度（读出）", null=True, blank=True)
    pages = models.PositiveSmallIntegerField("页数", default=0)
    profile = models.CharField("版式和规则", max_length=32, blank=True)
    parts = models.JSONField("找到的部分", default=list, blank=True)
    tables = models.JSONField("九张表", default=list, blank=True)
    problems = models.JSONField("无法读取的内容", default=list, blank=True)
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("提示", default=0)
    rounding = models.PositiveIntegerField("尾差", default=0)
    pdf_date = models.DateField("PDF文件日期", null=True, blank=True)
    # its department and publication date, as the reviewer confirms them
    department = models.ForeignKey(
        "disclosures.Department", verbose_name="部门", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match = models.CharField("部门匹配", max_length=16, choices=MatchState.choices, default=MatchState.NONE)
    match_note = models.CharField("匹配说明", max_length=255, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    matched_at = models.DateTimeField("确认时间", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True, help_text="审核人填写；留空则取平台公开记录或PDF文件日期。")

    class Meta:
        ordering = ("inspection", "name", "pk")
        verbose_name = "公开检查文件"
        verbose_name_plural = "公开检查文件"

    def __str__(self):
        return self.name

    @property
    def is_done(self):
        return self.status == FileStatus.DONE

    @property
    def is_open(self):
        return self.status in (FileStatus.PENDING, FileStatus.READING)

    @property
    def needs_confirmation(self):
        return self.is_done and self.match in (MatchState.PROPOSED, MatchState.NONE)

    @property
    def tables_found(self):
        return sum(1 for t in self.tables if t.get("found"))


class InspectedFinding(models.Model):
    """One finding of an inspected file's checks, with the page it is printed on."""

    file = models.ForeignKey(InspectedFile, verbose_name="文件", on_delete=models.CASCADE, related_name="findings")
    rule_code = models.CharField("规则编号", max_length=32)
    severity = models.CharField("严重程度", max_length=8, choices=Severity.choices)
    part = models.CharField("部分", max_length=8, choices=Part.choices, default=Part.TABLES)
    rounding = models.BooleanField("尾差", default=False)
    page = models.PositiveSmallIntegerField("页码", null=True, blank=True)
    pages = models.JSONField("所在页", default=list, blank=True)
    cells = models.JSONField("位置", default=list, blank=True)
    message = models.TextField("说明")
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ("file", "position")
        verbose_name = "公开检查结果"
        verbose_name_plural = "公开检查结果"

    def __str__(self):
        return f"{self.rule_code} {self.get_severity_display()}"

    @property
    def is_error(self):
        return self.severity == Severity.ERROR


class KeptCheck(models.Model):
    """The result of a public check (检查一份决算公开文件) its visitor asked to keep: readable by
    anyone holding its address, which carries a random token. The PDF itself is not kept."""

    token = models.CharField("标识", max_length=32, unique=True)
    digest = models.CharField("结果摘要", max_length=64, unique=True, help_text="同一结果只保存一次。")
    name = models.CharField("文件名", max_length=160)
    result = models.JSONField("检查结果")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "保存的公开文件检查结果"
        verbose_name_plural = "保存的公开文件检查结果"

    def __str__(self):
        return self.name


class CheckQuota(models.Model):
    """Public checks counted for one client address (a digest) in a time window. In the database,
    not the cache, so that every web process and machine counts into the same row."""

    key = models.CharField("键", max_length=64, unique=True)
    used = models.PositiveIntegerField("次数", default=0)
    window_ends = models.DateTimeField("计数截止", db_index=True)

    class Meta:
        verbose_name = "公开文件检查计数"
        verbose_name_plural = "公开文件检查计数"

    def __str__(self):
        return self.key[:12]


# --- rule-set revisions, notices, a year's reports created in the background -----------------


class RuleSetRevision(models.Model):
    """A year's rule set and checklist as they stood from `created_at` on, kept once a report of
    the year was submitted (reviews/revisions/): revision 1 is what the first submissions were
    checked against, each later one what an administrator's change made of it, with the changes."""

    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("修订号")
    rules = models.JSONField("规则集", default=dict, help_text="本修订的审核规则集和全部规则。")
    checklist = models.JSONField("自查表", null=True, blank=True)
    changes = models.JSONField("变动", default=list, blank=True, help_text="与上一修订相比：[{项目, 编号, 修订前, 修订后}]。")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修订人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("修订时间", auto_now_add=True)
    notified = models.PositiveIntegerField("已通知填报人", default=0)
    recheck_total = models.PositiveIntegerField("须重新审核的报告", default=0)
    rechecked = models.PositiveIntegerField("已重新审核", default=0)
    recheck_finished_at = models.DateTimeField("重新审核完成时间", null=True, blank=True)

    class Meta:
        ordering = ("-year", "-number")
        constraints = [models.UniqueConstraint(fields=("year", "number"), name="unique_rule_set_revision_number")]
        verbose_name = "审核规则修订"
        verbose_name_plural = "审核规则修订"

    def __str__(self):
        return f"{self.year}年度审核规则 第{self.number}版"

    @property
    def recheck_done(self):
        return self.recheck_finished_at is not None


class NoticeKind(models.TextChoices):
    RETURNED = "returned", "退回"
    APPROVED = "approved", "审核通过"
    PUBLISHED = "published", "已公开"
    SUBMIT_DEADLINE = "submit_deadline", "报送截止提醒"
    PUBLISH_DEADLINE = "publish_deadline", "公开截止提醒"
    RULE_REVISION = "rule_revision", "审核规则修订"


class Notice(models.Model):
    """A notice in the portal for one user (the bell in the header), kept until read and after."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField("类型", max_length=24, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=255, blank=True)
    report = models.ForeignKey(
        "disclosures.Report", verbose_name="报告", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField("去重标识", max_length=128, blank=True, help_text="同一接收人同一标识只通知一次（截止提醒：报告、截止日期和当天）。")
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=("user", "key"), condition=~models.Q(key=""), name="one_notice_per_user_and_key")
        ]
        indexes = [models.Index(fields=("user", "read_at"), name="notice_user_unread")]
        verbose_name = "通知"
        verbose_name_plural = "通知"

    def __str__(self):
        return self.title

    @property
    def unread(self):
        return self.read_at is None


class RunStatus(models.TextChoices):
    QUEUED = "queued", "等待开始"
    RUNNING = "running", "正在建立"
    DONE = "done", "已完成"
    FAILED = "failed", "出错"


class YearOpeningRun(models.Model):
    """The reports of one 开启新年度, created in the background (reviews/new_year/): which units
    are to get one, how far it got. Running it again creates only what is still missing."""

    year = models.PositiveSmallIntegerField("新年度")
    source_year = models.PositiveSmallIntegerField("参照年度")
    departments = models.JSONField("单位", default=list, help_text="须建立报告的单位（id）。")
    total = models.PositiveIntegerField("单位数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    reports_created = models.PositiveIntegerField("新建报告", default=0)
    status = models.CharField("状态", max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    error = models.TextField("出错原因", blank=True)
    done = models.JSONField("开启时的变动", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="开启人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("开启时间", auto_now_add=True)
    updated_at = models.DateTimeField("最近进展", auto_now=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "开启新年度进度"
        verbose_name_plural = "开启新年度进度"

    def __str__(self):
        return f"开启{self.year}年度（{self.created_at:%Y-%m-%d %H:%M}）"

    @property
    def finished(self):
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def percent(self):
        return 100 if not self.total else int(self.processed * 100 / self.total)
