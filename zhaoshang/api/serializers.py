"""Serializers of the API. Explicit fields; writes are validated here for shape only, then the services
apply the rules (and record the change log)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhaoshang.accounts.access import visible_zones, writable_zones
from zhaoshang.accounts.models import User
from zhaoshang.changelog.models import ChangeRecord
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry, PlanNode, Supervision
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact, EnterpriseTag
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun, Scheme
from zhaoshang.geo.models import Division, Industry
from zhaoshang.intelligence.models import Article, FigureRecord, ProjectRecord
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.projects.choices import PIPELINE_CHOICES
from zhaoshang.projects.models import FdiArrival, Interaction, Project, StageEvent
from zhaoshang.targets.forms import PERIOD_LABELS
from zhaoshang.targets.models import Target, TargetPlan, TargetValue

MSG_PERIOD_TWICE = "期间“{period}”填了不止一次。"


def _user(field_or_serializer):
    return field_or_serializer.context["request"].user


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key chosen among the objects the user may see: another zone's id is “does not exist”."""

    def __init__(self, model, *, zone_field: str = "zone", writable_only: bool = False, **kwargs):
        self.model, self.zone_field, self.writable_only = model, zone_field, writable_only
        super().__init__(queryset=model.objects.all(), **kwargs)

    def get_queryset(self):
        user = _user(self)
        zones = writable_zones(user) if self.writable_only else visible_zones(user)
        if self.model is Zone:
            return zones
        return self.model.objects.filter(**{f"{self.zone_field}__in": zones})


def _is_saved(serializer) -> bool:
    """The serializer changes an existing object (not a new one, not a list)."""
    return serializer.instance is not None and hasattr(serializer.instance, "pk")


# ------------------------------------------------------------------------------------- reference data


class DivisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)  # null: a province

    class Meta:
        model = Division
        fields = ["id", "code", "name", "level", "parent", "full_name"]


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["id", "code", "name", "level"]


class ZoneSerializer(serializers.ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Zone
        fields = ["id", "name", "short_name", "code", "kind", "division"]


class TeamSerializer(serializers.ModelSerializer):
    zone = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "zone", "department", "name", "kind", "base", "agency", "is_active"]
        read_only_fields = ["department"]
        validators = []  # uniqueness is the services' to check (with Chinese messages)


class UserSerializer(serializers.ModelSerializer):
    teams = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "zone", "is_active", "teams"]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------- enterprises


class TagSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=EnterpriseTagKind.choices)

    class Meta:
        model = EnterpriseTag
        fields = ["kind", "year"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseContact
        fields = ["id", "name", "role", "phone", "email", "is_primary"]


class EnterpriseSerializer(serializers.ModelSerializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False,
                               help_text="新建时: 管理多个园区的用户须指定; 园区用户默认本园区。")
    tags = TagSerializer(many=True, required=False)
    contacts = ContactSerializer(many=True, read_only=True)
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="修改时填读取到的版本号; 期间他人已修改则返回 409。")

    class Meta:
        model = Enterprise
        fields = ["id", "zone", "name", "credit_code", "location", "industry", "division", "country", "address",
                  "legal_representative", "registered_capital", "established_on", "website", "description",
                  "tags", "contacts", "version", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # uniqueness is the services' to check (with Chinese messages)

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, (list, tuple)) and hasattr(
                self.instance, "pk"):
            fields["zone"].read_only = True  # a record never moves to another zone
        return fields


# ------------------------------------------------------------------------------------------- projects


class ProjectSerializer(serializers.ModelSerializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False,
                               help_text="新建时: 管理多个园区的用户须指定; 园区用户默认本园区。")
    investor = VisibleRelatedField(Enterprise)
    team = VisibleRelatedField(Team, required=False, allow_null=True)
    officer = VisibleRelatedField(User, required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="修改时填读取到的版本号; 期间他人已修改则返回 409。")
    initial_stage = serializers.ChoiceField(choices=PIPELINE_CHOICES, write_only=True, required=False,
                                            help_text="新建时: 项目已到的阶段, 默认线索")
    initial_date = serializers.DateField(write_only=True, required=False, help_text="新建时: 到达该阶段的日期, 默认今天")

    class Meta:
        model = Project
        fields = ["id", "zone", "code", "name", "investor", "phase", "is_expansion", "industry", "currency",
                  "total_investment", "total_investment_cny", "foreign_investment", "fixed_asset_investment",
                  "land_area_mu", "expected_output", "expected_taxable_sales", "expected_tax", "expected_jobs",
                  "channel", "team", "officer", "referrer", "major_level", "top500", "is_sci_tech", "is_foreign",
                  "description", "stage", "stage_date", "status", "version", "initial_stage", "initial_date",
                  "created_at", "updated_at"]
        read_only_fields = ["code", "total_investment_cny", "stage", "stage_date", "status", "created_at",
                            "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and hasattr(self.instance, "pk"):
            fields["zone"].read_only = True
        return fields


class StageEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageEvent
        fields = ["id", "project", "stage", "date", "note", "reason", "recorded_by", "recorded_at", "voided_at",
                  "void_reason"]
        read_only_fields = fields


class ChangeRecordSerializer(serializers.ModelSerializer):
    """One line of an object's history, as the project page shows it."""

    actor_name = serializers.CharField(source="actor.full_name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ChangeRecord
        fields = ["id", "at", "action", "field", "field_label", "old_value", "new_value", "object_repr", "actor",
                  "actor_name", "source", "source_ref", "version"]
        read_only_fields = fields


class AdvanceSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=PIPELINE_CHOICES)
    date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StatusChangeSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectStageSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=PIPELINE_CHOICES)
    reason = serializers.CharField(max_length=200)


class InteractionSerializer(serializers.ModelSerializer):
    project = VisibleRelatedField(Project, required=False, allow_null=True)
    enterprise = VisibleRelatedField(Enterprise, required=False, allow_null=True)

    class Meta:
        model = Interaction
        fields = ["id", "zone", "project", "enterprise", "kind", "date", "people", "place", "notes", "next_step",
                  "next_step_due", "recorded_by", "recorded_at"]
        read_only_fields = ["zone", "recorded_by", "recorded_at"]

    def validate(self, attrs):
        if not attrs.get("project") and not attrs.get("enterprise"):
            raise serializers.ValidationError({"project": ["请选择项目或企业。"]})
        return attrs


# --------------------------------------------------------------------------------------- construction


class InvestmentEntrySerializer(serializers.ModelSerializer):
    plan = VisibleRelatedField(AnnualPlan)

    class Meta:
        model = InvestmentEntry
        fields = ["id", "plan", "month", "amount", "note", "recorded_by", "recorded_at"]
        read_only_fields = ["recorded_by", "recorded_at"]


class AnnualPlanSerializer(serializers.ModelSerializer):
    project = VisibleRelatedField(Project)
    entries = InvestmentEntrySerializer(many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = ["id", "zone", "project", "year", "planned_investment", "major_level", "planned_start", "note",
                  "entries"]
        read_only_fields = ["zone"]
        validators = []  # one plan a project and year: the service updates the existing one

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and hasattr(self.instance, "pk"):
            fields["project"].read_only = True
            fields["year"].read_only = True
        return fields


class PlanNodeSerializer(serializers.ModelSerializer):
    project = VisibleRelatedField(Project)
    responsible = VisibleRelatedField(User, required=False, allow_null=True,
                                      help_text="本园区的系统用户; 不是系统用户时填 responsible_name")

    class Meta:
        model = PlanNode
        fields = ["id", "zone", "project", "name", "planned_date", "actual_date", "responsible", "responsible_name",
                  "note"]
        read_only_fields = ["zone"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_saved(self):
            fields["project"].read_only = True  # a node stays with its project
        return fields


class SupervisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supervision
        fields = ["id", "zone", "project", "kind", "key", "light", "reason", "since", "opened_at", "resolved_at",
                  "resolved_by", "resolution"]
        read_only_fields = fields


class SupervisionResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(required=False, allow_blank=True, default="",
                                       help_text="办结说明(必填): 采取的措施和结果")


class SupervisionScanSerializer(serializers.Serializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False,
                               help_text="管理多个园区的用户须指定; 园区用户默认本园区")


class ScanResultSerializer(serializers.Serializer):
    opened = serializers.IntegerField(help_text="新增督办事项")
    updated = serializers.IntegerField(help_text="灯号或原因有变化的事项")
    cleared = serializers.IntegerField(help_text="条件已消除、待办结的事项")
    warnings = serializers.ListField(child=serializers.CharField())


# -------------------------------------------------------------------------------------------- targets


class TargetValueSerializer(serializers.ModelSerializer):
    period = serializers.ChoiceField(choices=list(PERIOD_LABELS.items()), help_text="Y 全年, Q1–Q4 季度, M01–M12 月份")
    # No bounds here: the service refuses a negative value with its own message, under values.<period>.
    value = serializers.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        model = TargetValue
        fields = ["period", "value"]


class TargetSerializer(serializers.ModelSerializer):
    plan = VisibleRelatedField(TargetPlan)
    parent = VisibleRelatedField(Target, zone_field="plan__zone", required=False, allow_null=True,
                                 help_text="“其中”项: 它所属的(同一目标任务的一级)目标")
    industry = serializers.PrimaryKeyRelatedField(
        queryset=Industry.objects.filter(level__in=["section", "division"]), required=False, allow_null=True,
        help_text="国民经济行业门类或大类")
    order = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=32767,
                                     help_text="新建时不填则排在最后; 修改时不填则不变")
    values = TargetValueSerializer(
        many=True, help_text="分期目标值: 全年目标填 Y; 分季度填 Q1–Q4, 分月填 M01–M12(全年值为各期之和, 可不填; "
                             "比率指标另填 Y)。修改时给出的即全部目标值; 错误报告在 values.Q1 等字段")
    pair_usd = serializers.BooleanField(
        write_only=True, required=False, default=False,
        help_text="“或N万美元”按园区比例折算: min_investment_usd 留空时按园区设置的比例自动计算")

    class Meta:
        model = Target
        fields = ["id", "plan", "parent", "order", "name", "metric", "stage", "granularity", "comparator",
                  "min_investment", "min_investment_usd", "foreign_only", "industry", "channel", "major_level",
                  "top500_only", "sci_tech_only", "values", "pair_usd"]

    def get_fields(self):
        fields = super().get_fields()
        if _is_saved(self):
            fields["plan"].read_only = True  # a target stays in its plan
        return fields

    def validate_values(self, rows) -> dict:
        """[{period, value}, …] → {period: value}, as the services take them."""
        values = {}
        for row in rows:
            if row["period"] in values:
                raise serializers.ValidationError(MSG_PERIOD_TWICE.format(period=row["period"]))
            values[row["period"]] = row["value"]
        return values


class TargetPlanSerializer(serializers.ModelSerializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False,
                               help_text="新建时: 管理多个园区的用户须指定; 园区用户默认本园区。")
    team = VisibleRelatedField(Team, required=False, allow_null=True, help_text="对象为招商小组时选择")
    officer = VisibleRelatedField(User, required=False, allow_null=True, help_text="对象为招商人员时选择")
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = TargetPlan
        fields = ["id", "zone", "year", "name", "scope", "team", "officer", "targets", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the plan's rules (a name once a year, scope) are the services' to check

    def get_fields(self):
        fields = super().get_fields()
        if _is_saved(self):
            fields["zone"].read_only = True
        return fields


class FdiArrivalSerializer(serializers.ModelSerializer):
    project = VisibleRelatedField(Project)
    # No bounds here: the service says that an amount must be above 0.
    amount_usd = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="到账金额(万美元)")

    class Meta:
        model = FdiArrival
        fields = ["id", "zone", "project", "date", "amount_usd", "note", "recorded_by", "recorded_at"]
        read_only_fields = ["zone", "recorded_by", "recorded_at"]


class CellSerializer(serializers.Serializer):
    period = serializers.CharField(source="period.code")
    label = serializers.CharField(source="period.label")
    target = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=18, decimal_places=2)
    time_progress = serializers.DecimalField(max_digits=8, decimal_places=1)
    completion = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    lead = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()


class TargetProgressSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target.pk")
    name = serializers.CharField(source="target.name")
    unit = serializers.CharField()
    is_child = serializers.BooleanField()
    year = CellSerializer()
    cells = CellSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class PlanProgressSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    as_of = serializers.DateField()
    view = serializers.CharField()
    column_granularity = serializers.CharField()
    columns = PeriodSerializer(many=True)
    rows = TargetProgressSerializer(many=True)


# ----------------------------------------------------------------------------------------- evaluation


class EvaluationRunSerializer(serializers.ModelSerializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False)
    scheme = VisibleRelatedField(Scheme, writable_only=True)
    job_status = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRun
        fields = ["id", "zone", "year", "scheme", "scheme_name", "status", "note", "counts", "warnings",
                  "created_by", "created_at", "published_at", "published_by", "job", "job_status"]
        read_only_fields = ["scheme_name", "status", "counts", "warnings", "created_by", "created_at",
                            "published_at", "published_by", "job"]
        validators = []  # uniqueness is the services' to check (with Chinese messages)
        extra_kwargs = {"year": {"min_value": 2000, "max_value": 2100}}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_job_status(self, run) -> str | None:
        return run.job.status if run.job_id else None


class EvaluationResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationResult
        fields = ["id", "run", "enterprise", "credit_code", "name", "group", "status", "reason", "klass", "total",
                  "bonus", "rank", "rank_of", "percentile", "forced", "follows", "streak", "above_scale",
                  "land_mu", "revenue", "tax", "inputs", "indicators", "bonuses", "policies", "underused"]
        read_only_fields = fields


# --------------------------------------------------------------------------------------- intelligence


class ProjectRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectRecord
        fields = ["id", "article", "position", "name", "investor_name", "place", "amount", "currency", "amount_kind",
                  "stage", "stage_date", "status", "project", "evidence", "data", "reason", "decided_by", "decided_at"]
        read_only_fields = fields


class FigureRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = FigureRecord
        fields = ["id", "article", "position", "kind", "subject", "event", "period_start", "period_end", "count",
                  "comparator", "amount", "currency", "status", "evidence", "data", "reason", "decided_by",
                  "decided_at"]
        read_only_fields = fields


class RecordAcceptSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="", max_length=150,
                                 help_text="项目名称, 不填时用文中的名称")
    investor = VisibleRelatedField(Enterprise, required=False, allow_null=True, default=None,
                                   help_text="投资方(本园区企业库中的企业); 选择后以所选企业为准")
    investor_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120,
                                          help_text="或投资方名称: 企业库中没有时填写, 自动建入企业库; 不填时用文中的投资方")


class RecordMergeSerializer(serializers.Serializer):
    project = VisibleRelatedField(Project, help_text="并入的(本园区)项目")


class RecordRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                   help_text="驳回原因, 可不填, 如: 不是项目、抽取有误、与本园区无关")


class RecordAcceptedSerializer(serializers.Serializer):
    record = ProjectRecordSerializer()
    project = ProjectSerializer()
    notes = serializers.ListField(child=serializers.CharField(), help_text="文中未能采用的内容及原因, 请在项目页补充")


class ArticleSerializer(serializers.ModelSerializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False)

    class Meta:
        model = Article
        fields = ["id", "zone", "title", "source", "url", "published_on", "file_name", "uploaded_by",
                  "uploaded_at"]
        read_only_fields = ["file_name", "uploaded_by", "uploaded_at"]


class ArticleDetailSerializer(ArticleSerializer):
    project_records = ProjectRecordSerializer(many=True, read_only=True)
    figure_records = FigureRecordSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "project_records", "figure_records"]
        read_only_fields = [*ArticleSerializer.Meta.read_only_fields, "text", "project_records", "figure_records"]


class ArticleSubmitSerializer(serializers.Serializer):
    zone = VisibleRelatedField(Zone, writable_only=True, required=False)
    text = serializers.CharField(help_text="文章正文(纯文本或 HTML)")
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    source = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    url = serializers.URLField(required=False, allow_blank=True, default="", max_length=500)
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
