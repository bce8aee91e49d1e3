"""API endpoints. Every queryset starts from the user's visible zones; every write goes through a service
(which holds the rules and writes the change log) and the permission is ZonePermission (settings)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from zhaoshang.accounts.access import visible_zones, writable_zones
from zhaoshang.accounts.models import User
from zhaoshang.api import filtersets, serializers as s
from zhaoshang.construction import services as construction_services
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry
from zhaoshang.enterprises import services as enterprise_services
from zhaoshang.enterprises.filtersets import EnterpriseFilterSet
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.evaluation import services as evaluation_services
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun
from zhaoshang.geo.models import Division
from zhaoshang.intelligence import services as intelligence_services
from zhaoshang.intelligence.models import Article
from zhaoshang.organisation import services as organisation_services
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import Interaction, Project, StageEvent
from zhaoshang.targets.selectors import CUMULATIVE_VIEW, PERIOD_VIEW, plan_progress
from zhaoshang.targets.models import TargetPlan

MSG_ZONE_REQUIRED = "请指定园区(zone)。"
MSG_AS_OF = "日期格式应为 YYYY-MM-DD。"
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class Throttle(UserRateThrottle):
    pass


class ApiViewSet(viewsets.GenericViewSet):
    throttle_classes = [Throttle]

    @property
    def user(self):
        return self.request.user

    def create_zone(self, data: dict) -> Zone:
        """The zone a new record goes to: the one named, else the user's only writable zone."""
        zone = data.pop("zone", None)
        if zone is not None:
            return zone
        zones = list(writable_zones(self.user)[:2])
        if len(zones) != 1:
            raise ValidationError({"zone": [MSG_ZONE_REQUIRED]})
        return zones[0]


# ------------------------------------------------------------------------------------- reference data


@extend_schema(tags=["参考数据"])
class DivisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """行政区划 (GB/T 2260): 按上级区划代码 `parent` 与级别 `level` 筛选, 按代码读取。"""

    queryset = Division.objects.select_related("parent__parent").order_by("code")
    serializer_class = s.DivisionSerializer
    filterset_class = filtersets.DivisionFilterSet
    lookup_field = "code"
    ordering_fields = ["code", "name"]


@extend_schema(tags=["组织"])
class ZoneViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """本人可见的园区。"""

    queryset = Zone.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.ZoneSerializer
    filterset_class = None
    ordering_fields = ["name", "code"]

    def get_queryset(self):
        return Zone.objects.visible_to(self.user).select_related("division").order_by("name")


@extend_schema(tags=["组织"])
class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, ApiViewSet):
    """招商小组: 可见园区的小组; 新建和修改限园区管理员(与网页一致)。"""

    queryset = Team.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.TeamSerializer
    filterset_fields = ["zone", "is_active", "kind"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        return Team.objects.visible_to(self.user).order_by("zone", "name")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        zone = self.create_zone(data)
        serializer.instance = organisation_services.team_save(zone=zone, by=self.user, **data)

    def perform_update(self, serializer):
        team = serializer.instance
        serializer.instance = organisation_services.team_save(zone=team.zone, by=self.user, team=team,
                                                              **serializer.validated_data)


@extend_schema(tags=["组织"])
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """可见园区的用户(不含密码等账号字段)。"""

    queryset = User.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.UserSerializer
    filterset_fields = ["zone", "role", "is_active"]
    ordering_fields = ["full_name", "username", "id"]

    def get_queryset(self):
        return (User.objects.filter(zone__in=visible_zones(self.user)).prefetch_related("teams")
                .order_by("full_name", "id"))


# ---------------------------------------------------------------------------------------- enterprises


@extend_schema(tags=["企业库"])
class EnterpriseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, ApiViewSet):
    """企业库: 筛选条件与网页企业库相同(q, zone, location, industry, tag)。"""

    queryset = Enterprise.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "created_at", "updated_at", "id"]
    http_method_names = NO_DELETE

    def get_queryset(self):
        return (Enterprise.objects.visible_to(self.user).select_related("zone")
                .prefetch_related("tags", "contacts").order_by("name", "id"))

    @staticmethod
    def _tags(data: dict):
        tags = data.pop("tags", None)
        return None if tags is None else [(tag["kind"], tag.get("year")) for tag in tags]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        zone = self.create_zone(data)
        tags = self._tags(data) or []
        serializer.instance = enterprise_services.enterprise_create(zone=zone, by=self.user, tags=tags, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        data.pop("zone", None)
        serializer.instance = enterprise_services.enterprise_update(
            enterprise=serializer.instance, by=self.user, expected_version=version, tags=self._tags(data), **data)


# ------------------------------------------------------------------------------------------- projects


def _project_response(view, project):
    project = view.get_queryset().get(pk=project.pk)
    return Response(s.ProjectSerializer(project, context=view.get_serializer_context()).data)


@extend_schema(tags=["项目"])
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                     mixins.UpdateModelMixin, ApiViewSet):
    """项目库: 筛选条件与网页项目库、看板和导出相同(ProjectFilterSet); 阶段只能通过 advance 等动作改变。"""

    queryset = Project.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.ProjectSerializer
    filterset_class = filtersets.ApiProjectFilterSet
    ordering_fields = ["created_at", "updated_at", "code", "name", "total_investment_cny", "stage_date", "id"]
    http_method_names = NO_DELETE

    def get_queryset(self):
        return Project.objects.visible_to(self.user).with_related()

    def get_serializer_class(self):
        return {"advance": s.AdvanceSerializer, "hold": s.StatusChangeSerializer,
                "resume": s.StatusChangeSerializer, "drop": s.StatusChangeSerializer,
                "correct": s.CorrectStageSerializer}.get(self.action, s.ProjectSerializer)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        zone = self.create_zone(data)
        stage = data.pop("initial_stage", None) or Stage.LEAD
        when = data.pop("initial_date", None) or project_services.today()
        serializer.instance = project_services.project_create(zone=zone, by=self.user, stage_dates={stage: when},
                                                              **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        for name in ("zone", "initial_stage", "initial_date"):
            data.pop(name, None)
        serializer.instance = project_services.project_update(project=serializer.instance, by=self.user,
                                                              expected_version=version, **data)

    def _input(self, request):
        project = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return project, serializer.validated_data

    @extend_schema(request=s.AdvanceSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """推进阶段: 与网页相同的规则(只能向后、日期不晚于今天且不早于已登记的事件)。"""
        project, data = self._input(request)
        project_services.project_advance_stage(project=project, stage=data["stage"], when=data.get("date"),
                                               note=data.get("note", ""), by=self.user)
        return _project_response(self, project)

    def _status(self, request, event):
        project, data = self._input(request)
        project_services.project_change_status(project=project, event=event, when=data.get("date"),
                                               reason=data.get("reason", ""), note=data.get("note", ""),
                                               by=self.user)
        return _project_response(self, project)

    @extend_schema(request=s.StatusChangeSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """暂缓。"""
        return self._status(request, Stage.ON_HOLD)

    @extend_schema(request=s.StatusChangeSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """恢复推进。"""
        return self._status(request, Stage.RESUMED)

    @extend_schema(request=s.StatusChangeSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        """终止(须填写原因)。"""
        return self._status(request, Stage.DROPPED)

    @extend_schema(request=s.CorrectStageSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """更正阶段(回退到已登记的较早阶段, 须填写原因; 其后的事件作废但保留)。"""
        project, data = self._input(request)
        project_services.project_correct_stage(project=project, to_stage=data["stage"], reason=data["reason"],
                                               by=self.user)
        return _project_response(self, project)


@extend_schema(tags=["项目"])
class StageEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """阶段事件(统计的依据), 按项目 `project` 筛选; 登记新事件用项目的 advance/hold/resume/drop。"""

    queryset = StageEvent.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.StageEventSerializer
    filterset_class = filtersets.StageEventFilterSet
    ordering_fields = ["date", "recorded_at", "id"]

    def get_queryset(self):
        return StageEvent.objects.visible_to(self.user).order_by("project", "date", "id")


@extend_schema(tags=["项目"])
class InteractionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """对接记录: 列表与新增。"""

    queryset = Interaction.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.InteractionSerializer
    filterset_class = filtersets.InteractionFilterSet
    ordering_fields = ["date", "recorded_at", "id"]

    def get_queryset(self):
        return Interaction.objects.visible_to(self.user).order_by("-date", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project, enterprise = data.pop("project", None), data.pop("enterprise", None)
        zone = (project or enterprise).zone
        serializer.instance = project_services.interaction_create(zone=zone, project=project, enterprise=enterprise,
                                                                  by=self.user, **data)


# --------------------------------------------------------------------------------------- construction


@extend_schema(tags=["项目建设"])
class AnnualPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, ApiViewSet):
    """年度建设计划: 每个项目每年一份; 对已有年度再提交即修改。"""

    queryset = AnnualPlan.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.AnnualPlanSerializer
    filterset_class = filtersets.AnnualPlanFilterSet
    ordering_fields = ["year", "planned_investment", "id"]
    http_method_names = NO_DELETE

    def get_queryset(self):
        return AnnualPlan.objects.visible_to(self.user).prefetch_related("entries").order_by("-year", "project", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = construction_services.annual_plan_save(project=project, by=self.user, **data)

    def perform_update(self, serializer):
        plan = serializer.instance
        values = {name: getattr(plan, name) for name in construction_services.PLAN_FIELDS}
        values.update({k: v for k, v in serializer.validated_data.items() if k in construction_services.PLAN_FIELDS})
        serializer.instance = construction_services.annual_plan_save(project=plan.project, year=plan.year,
                                                                     by=self.user, **values)


@extend_schema(tags=["项目建设"])
class InvestmentEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """月度完成投资: 按计划 `plan`、项目或年度筛选; 同一月份再提交即修改(原数值记入项目历史)。"""

    queryset = InvestmentEntry.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.InvestmentEntrySerializer
    filterset_class = filtersets.InvestmentEntryFilterSet
    ordering_fields = ["month", "id"]

    def get_queryset(self):
        return (InvestmentEntry.objects.filter(plan__zone__in=visible_zones(self.user)).select_related("plan")
                .order_by("plan", "month"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = construction_services.investment_entry_set(by=self.user, **data)


# -------------------------------------------------------------------------------------------- targets


@extend_schema(tags=["目标任务"])
class TargetPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """目标任务及其目标和分期目标值; `progress` 给出截至某日的完成情况(与网页进度表同一计算)。"""

    queryset = TargetPlan.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.TargetPlanSerializer
    filterset_class = filtersets.TargetPlanFilterSet
    ordering_fields = ["year", "name", "id"]

    def get_queryset(self):
        return (TargetPlan.objects.visible_to(self.user).prefetch_related("targets__values")
                .order_by("-year", "scope", "name", "id"))

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="截至日期, 默认今天"),
            OpenApiParameter("view", OpenApiTypes.STR, enum=[PERIOD_VIEW, CUMULATIVE_VIEW], description="分期或累计"),
            OpenApiParameter("columns", OpenApiTypes.STR, enum=["quarter", "month"], description="按季度或按月"),
        ],
        responses=s.PlanProgressSerializer,
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def progress(self, request, pk=None):
        plan = self.get_object()
        raw = request.query_params.get("as_of")
        try:
            as_of = timezone.datetime.fromisoformat(raw).date() if raw else timezone.localdate()
        except ValueError:
            raise ValidationError({"as_of": [MSG_AS_OF]}) from None
        progress = plan_progress(plan, as_of, view=request.query_params.get("view", PERIOD_VIEW),
                                 columns=request.query_params.get("columns"))
        return Response(s.PlanProgressSerializer(progress).data)


# ----------------------------------------------------------------------------------------- evaluation


@extend_schema(tags=["亩均评价"])
class EvaluationRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """评价批次: 新建即在后台评价(job_status 显示进度); 结果见 evaluation-results。"""

    queryset = EvaluationRun.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.EvaluationRunSerializer
    filterset_class = filtersets.EvaluationRunFilterSet
    ordering_fields = ["year", "created_at", "id"]

    def get_queryset(self):
        return EvaluationRun.objects.visible_to(self.user).select_related("job").order_by("-year", "-created_at")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        zone = self.create_zone(data)
        serializer.instance = evaluation_services.run_create(zone=zone, year=data["year"], scheme=data["scheme"],
                                                             note=data.get("note", ""), by=self.user)


@extend_schema(tags=["亩均评价"])
class EvaluationResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """评价结果: 按批次 `run`、等级 `klass`、分组 `group` 筛选。"""

    queryset = EvaluationResult.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.EvaluationResultSerializer
    filterset_class = filtersets.EvaluationResultFilterSet
    ordering_fields = ["rank", "total", "credit_code", "id"]

    def get_queryset(self):
        return (EvaluationResult.objects.filter(run__zone__in=visible_zones(self.user))
                .order_by("run", "group", "rank", "credit_code", "id"))


# --------------------------------------------------------------------------------------- intelligence


@extend_schema(tags=["招商情报"])
@extend_schema_view(
    create=extend_schema(request=s.ArticleSubmitSerializer, responses={
        201: s.ArticleDetailSerializer,
        200: OpenApiResponse(s.ArticleDetailSerializer, description="本园区已收录过同一文章, 返回原文章, 不再提取"),
        202: OpenApiResponse(OpenApiTypes.OBJECT, description="长文在后台提取: 返回任务编号"),
    }),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """情报文章: 提交文字即提取其中的项目、统计数与目标; 读取文章及提取结果。"""

    queryset = Article.objects.none()  # the model, for the schema; get_queryset scopes it

    ordering_fields = ["uploaded_at", "published_on", "id"]
    filterset_fields = ["zone"]

    def get_queryset(self):
        articles = Article.objects.visible_to(self.user).select_related("uploaded_by").order_by("-uploaded_at", "-id")
        if self.action == "list":
            return articles.defer("text")
        return articles.prefetch_related("project_records", "figure_records")

    def get_serializer_class(self):
        if self.action == "create":
            return s.ArticleSubmitSerializer
        return s.ArticleSerializer if self.action == "list" else s.ArticleDetailSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        zone = self.create_zone(data)
        if len(data["text"]) > intelligence_services.SYNC_LIMIT:
            job = intelligence_services.articles_enqueue(
                zone=zone, by=self.user, files=[("接口提交.txt", data.pop("text").encode())], **data)
            return Response({"job": job.pk, "status": job.status}, status=status.HTTP_202_ACCEPTED)
        submission = intelligence_services.article_submit(zone=zone, by=self.user, **data)
        article = self.get_queryset().get(pk=submission.article.pk)
        body = s.ArticleDetailSerializer(article, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if submission.created else status.HTTP_200_OK)


