"""Serializers of the API. Explicit fields; writes are validated here for shape only, then the services
apply the rules (and record the change log)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhaoshang.accounts.access import visible_zones, writable_zones
from zhaoshang.accounts.models import User
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact, EnterpriseTag
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun, Scheme
from zhaoshang.geo.models import Division, Industry
from zhaoshang.intelligence.models import Article, FigureRecord, ProjectRecord
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.projects.choices import PIPELINE_CHOICES
from zhaoshang.projects.models import Interaction, Project, StageEvent
from zhaoshang.targets.models import Target, TargetPlan, TargetValue


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


# ------------------------------------------------------------------------------------- reference data


class DivisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

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


# -------------------------------------------------------------------------------------------- targets


class TargetValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetValue
        fields = ["period", "value"]


class TargetSerializer(serializers.ModelSerializer):
    values = TargetValueSerializer(many=True, read_only=True)

    class Meta:
        model = Target
        fields = ["id", "parent", "order", "name", "metric", "stage", "granularity", "comparator",
                  "min_investment", "min_investment_usd", "foreign_only", "industry", "channel", "major_level",
                  "top500_only", "sci_tech_only", "values"]
        read_only_fields = fields


class TargetPlanSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = TargetPlan
        fields = ["id", "zone", "year", "name", "scope", "team", "officer", "targets", "created_at", "updated_at"]
        read_only_fields = fields


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
                  "created_by", "created_at", "published_at", "job", "job_status"]
        read_only_fields = ["scheme_name", "status", "counts", "warnings", "created_by", "created_at",
                            "published_at", "job"]
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
        fields = ["id", "position", "name", "investor_name", "place", "amount", "currency", "amount_kind", "stage",
                  "stage_date", "status", "project", "evidence", "data"]
        read_only_fields = fields


class FigureRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = FigureRecord
        fields = ["id", "position", "kind", "subject", "event", "period_start", "period_end", "count",
                  "comparator", "amount", "currency", "status", "evidence", "data"]
        read_only_fields = fields


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
