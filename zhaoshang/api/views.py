"""API endpoints. Every queryset starts from the user's visible zones; every write goes through a service
(which holds the rules and writes the change log) and the permission is ZonePermission (settings)."""

from django.core.exceptions import ValidationError as DjangoValidationError
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
from zhaoshang.api.schema import ERROR_REF
from zhaoshang.changelog.selectors import history_of
from zhaoshang.construction import selectors as construction_selectors
from zhaoshang.construction import services as construction_services
from zhaoshang.construction.models import AnnualPlan, InvestmentEntry, PlanNode, Supervision
from zhaoshang.enterprises import services as enterprise_services
from zhaoshang.enterprises.filtersets import EnterpriseFilterSet
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.evaluation import services as evaluation_services
from zhaoshang.evaluation.models import EvaluationResult, EvaluationRun
from zhaoshang.geo.models import Division
from zhaoshang.intelligence import services as intelligence_services
from zhaoshang.intelligence.models import Article, FigureRecord, ProjectRecord
from zhaoshang.organisation import services as organisation_services
from zhaoshang.organisation.models import Team, Zone
from zhaoshang.projects import services as project_services
from zhaoshang.projects.choices import Stage
from zhaoshang.projects.models import FdiArrival, Interaction, Project, StageEvent
from zhaoshang.targets import services as target_services
from zhaoshang.targets.selectors import CUMULATIVE_VIEW, PERIOD_VIEW, plan_progress
from zhaoshang.targets.models import Target, TargetPlan

MSG_ZONE_REQUIRED = "请指定园区(zone)。"
MSG_AS_OF = "日期格式应为 YYYY-MM-DD。"
NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


def refused(description: str) -> OpenApiResponse:
    """A 400 of an operation without body or query: the service's refusal, in the one error shape."""
    return OpenApiResponse(ERROR_REF, description=description)


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

    def _input(self, request):
        """For an action on one object: the object (404 outside the user's zones) and the validated body."""
        instance = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return instance, serializer.validated_data

    def _fresh(self, instance, serializer_class):
        """The object as it now is, after an action, read through the view's queryset."""
        instance = self.get_queryset().get(pk=instance.pk)
        return Response(serializer_class(instance, context=self.get_serializer_context()).data)


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

    @extend_schema(request=s.AdvanceSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """推进阶段: 与网页相同的规则(只能向后、日期不晚于今天且不早于已登记的事件)。"""
        project, data = self._input(request)
        project_services.project_advance_stage(project=project, stage=data["stage"], when=data.get("date"),
                                               note=data.get("note", ""), by=self.user)
        return self._fresh(project, s.ProjectSerializer)

    def _status(self, request, event):
        project, data = self._input(request)
        project_services.project_change_status(project=project, event=event, when=data.get("date"),
                                               reason=data.get("reason", ""), note=data.get("note", ""),
                                               by=self.user)
        return self._fresh(project, s.ProjectSerializer)

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

    @extend_schema(request=None, responses=s.ChangeRecordSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        """变更历史(与项目页面的“变更历史”相同, 最新在前): 谁在何时通过何种方式改了什么。"""
        page = self.paginate_queryset(history_of(self.get_object()))
        return self.get_paginated_response(s.ChangeRecordSerializer(page, many=True).data)

    @extend_schema(request=s.CorrectStageSerializer, responses=s.ProjectSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        """更正阶段(回退到已登记的较早阶段, 须填写原因; 其后的事件作废但保留)。"""
        project, data = self._input(request)
        project_services.project_correct_stage(project=project, to_stage=data["stage"], reason=data["reason"],
                                               by=self.user)
        return self._fresh(project, s.ProjectSerializer)


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


@extend_schema(tags=["项目建设"])
class PlanNodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    """形象进度计划节点(挂图作战): 按项目 `project`、是否完成 `done` 筛选; 新增、修改、删除均记入项目历史。"""

    queryset = PlanNode.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.PlanNodeSerializer
    filterset_class = filtersets.PlanNodeFilterSet
    ordering_fields = ["planned_date", "actual_date", "id"]

    def get_queryset(self):
        return PlanNode.objects.visible_to(self.user).order_by("project", "planned_date", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        project = data.pop("project")
        serializer.instance = construction_services.plan_node_save(project=project, by=self.user, **data)

    def perform_update(self, serializer):
        node = serializer.instance
        data = {k: v for k, v in serializer.validated_data.items() if k in construction_services.NODE_FIELDS}
        serializer.instance = construction_services.plan_node_save(project=node.project, node=node, by=self.user,
                                                                   **data)

    def perform_destroy(self, instance):
        construction_services.plan_node_delete(node=instance, by=self.user)


@extend_schema(tags=["项目建设"])
class SupervisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """督办事项: 筛选条件与网页督办清单相同(默认只列未办结的, state=all 列出全部); `resolve` 办结,
    `scan` 立即检查一个园区(与网页“立即检查”相同)。"""

    queryset = Supervision.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.SupervisionSerializer
    filterset_class = filtersets.ApiSupervisionFilterSet
    ordering_fields = ["since", "opened_at", "resolved_at", "id"]

    def get_queryset(self):
        return construction_selectors.visible_supervisions(self.user)

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset  # the list's filters (open items by default) never hide an item asked for by id
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        return {"resolve": s.SupervisionResolveSerializer,
                "scan": s.SupervisionScanSerializer}.get(self.action, s.SupervisionSerializer)

    @extend_schema(request=s.SupervisionResolveSerializer, responses=s.SupervisionSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """办结: 须填写办结说明; 已办结的事项不能再办结。记入项目历史。"""
        item, data = self._input(request)
        construction_services.supervision_resolve(supervision=item, by=self.user, note=data["resolution"])
        return self._fresh(item, s.SupervisionSerializer)

    @extend_schema(request=s.SupervisionScanSerializer, responses=s.ScanResultSerializer)
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def scan(self, request):
        """立即检查: 为新出现的黄灯、红灯条件生成督办事项, 更新未办结事项的灯号。"""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        zone = self.create_zone(dict(serializer.validated_data))
        result = construction_services.supervision_scan(zone=zone, by=self.user)
        return Response(s.ScanResultSerializer(result.as_dict()).data)


# -------------------------------------------------------------------------------------------- targets


@extend_schema(tags=["目标任务"])
class TargetPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    """目标任务及其目标和分期目标值; `progress` 给出截至某日的完成情况(与网页进度表同一计算)。
    新建、修改与网页规则相同(同一年度名称不重复, 小组/人员任务须选本园区的小组/人员); 删除时其中的目标一并删除。"""

    queryset = TargetPlan.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.TargetPlanSerializer
    filterset_class = filtersets.TargetPlanFilterSet
    ordering_fields = ["year", "name", "id"]

    def get_queryset(self):
        return (TargetPlan.objects.visible_to(self.user).prefetch_related("targets__values")
                .order_by("-year", "scope", "name", "id"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        zone = self.create_zone(data)
        serializer.instance = target_services.target_plan_create(zone=zone, by=self.user, **data)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in target_services.PLAN_FIELDS}
        plan = target_services.target_plan_update(plan=serializer.instance, by=self.user, **data)
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def perform_destroy(self, instance):
        target_services.target_plan_delete(plan=instance, by=self.user)

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


def _target_values_errors(error: DjangoValidationError) -> DjangoValidationError:
    """The services name a period's value `value_Q1`; the API's field is `values`, so it is `values.Q1` here."""
    if not hasattr(error, "error_dict"):
        return error
    return DjangoValidationError({
        f"values.{name.removeprefix('value_')}" if name.startswith("value_") else name: messages
        for name, messages in error.error_dict.items()})


@extend_schema(tags=["目标任务"])
class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    """目标任务中的目标及其分期目标值, 按目标任务 `plan` 筛选。检查与网页相同: 指标与阶段、“其中”项、
    分期目标值之和等; 删除目标时其“其中”项一并删除。"""

    queryset = Target.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.TargetSerializer
    filterset_class = filtersets.TargetFilterSet
    ordering_fields = ["order", "id"]

    def get_queryset(self):
        return (Target.objects.filter(plan__zone__in=visible_zones(self.user)).select_related("plan")
                .prefetch_related("values").order_by("plan", "order", "id"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan, values, pair_usd = data.pop("plan"), data.pop("values"), data.pop("pair_usd", False)
        try:
            target = target_services.target_create(plan=plan, by=self.user, values=values, pair_usd=pair_usd,
                                                   **data)
        except DjangoValidationError as error:
            raise _target_values_errors(error) from None
        serializer.instance = self.get_queryset().get(pk=target.pk)

    def perform_update(self, serializer):
        target = serializer.instance
        data = dict(serializer.validated_data)
        values = data.pop("values", None)
        if values is None:  # a PATCH without values keeps them
            values = dict(target.values.values_list("period", "value"))
        pair_usd = data.pop("pair_usd", False)
        fields = {k: v for k, v in data.items() if k in target_services.TARGET_FIELDS}
        try:
            target = target_services.target_update(target=target, by=self.user, values=values, pair_usd=pair_usd,
                                                   **fields)
        except DjangoValidationError as error:
            raise _target_values_errors(error) from None
        serializer.instance = self.get_queryset().get(pk=target.pk)

    def perform_destroy(self, instance):
        target_services.target_delete(target=instance, by=self.user)


@extend_schema(tags=["目标任务"])
class FdiArrivalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """到账外资(实际利用外资, 按到账日期统计): 按项目 `project`、年度 `year` 筛选; 登记与网页相同
    (到账日期不晚于今天、金额大于0, 只能为本园区的项目登记)。"""

    queryset = FdiArrival.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.FdiArrivalSerializer
    filterset_class = filtersets.FdiArrivalFilterSet
    ordering_fields = ["date", "amount_usd", "recorded_at", "id"]

    def get_queryset(self):
        return FdiArrival.objects.visible_to(self.user).order_by("-date", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = target_services.fdi_arrival_create(
            project=data["project"], by=self.user, when=data["date"], amount_usd=data["amount_usd"],
            note=data.get("note", ""))


# ----------------------------------------------------------------------------------------- evaluation


@extend_schema(tags=["亩均评价"])
@extend_schema_view(destroy=extend_schema(responses={
    204: None, 400: refused("已发布的评价结果不能删除(它是该年度的正式结果); 正在评价的须等其完成")}))
class EvaluationRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                           mixins.DestroyModelMixin, ApiViewSet):
    """评价批次: 新建即在后台评价(job_status 显示进度); 结果见 evaluation-results。`publish` 发布草稿
    (该年度原已发布的批次变为“已被替代”); 草稿和已被替代的批次可以删除, 已发布的不能。"""

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

    def perform_destroy(self, instance):
        evaluation_services.run_delete(run=instance, by=self.user)

    @extend_schema(request=None, responses={
        200: s.EvaluationRunSerializer,
        400: refused("只能发布评价已完成的草稿"),
    })
    @action(detail=True, methods=["post"], filterset_class=None)
    def publish(self, request, pk=None):
        """发布: 草稿成为该园区该年度的正式结果, 原已发布的批次变为“已被替代”。"""
        run = self.get_object()
        evaluation_services.run_publish(run=run, by=self.user)
        return self._fresh(run, s.EvaluationRunSerializer)


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


@extend_schema(tags=["招商情报"])
class ProjectRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """文章中抽取的项目, 按文章 `article`、处理状态 `status` 筛选。处理与网页相同, 每条只处理一次:
    `accept` 建为新线索, `merge` 并入已有项目, `reject` 驳回。"""

    queryset = ProjectRecord.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.ProjectRecordSerializer
    filterset_class = filtersets.ProjectRecordFilterSet
    ordering_fields = ["position", "decided_at", "id"]

    def get_queryset(self):
        return ProjectRecord.objects.visible_to(self.user).select_related("article").order_by("-article", "position")

    def get_serializer_class(self):
        return {"accept": s.RecordAcceptSerializer, "merge": s.RecordMergeSerializer,
                "reject": s.RecordRejectSerializer}.get(self.action, s.ProjectRecordSerializer)

    @extend_schema(request=s.RecordAcceptSerializer, responses={201: s.RecordAcceptedSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """建为新线索: 项目带文中的阶段、日期和投资额(符合项目阶段规则时); 投资方不在企业库时自动建入。
        notes 列出文中未能采用的内容。"""
        record, data = self._input(request)
        accepted = intelligence_services.project_record_accept(record=record, by=self.user, **data)
        context = self.get_serializer_context()
        project = Project.objects.visible_to(self.user).with_related().get(pk=accepted.project.pk)
        record = self.get_queryset().get(pk=record.pk)
        return Response({"record": s.ProjectRecordSerializer(record, context=context).data,
                         "project": s.ProjectSerializer(project, context=context).data,
                         "notes": [str(note) for note in accepted.notes]}, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RecordMergeSerializer, responses=s.ProjectRecordSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """并入已有项目: 文章成为该项目的来源, 文中所述记入项目变更历史。"""
        record, data = self._input(request)
        intelligence_services.project_record_merge(record=record, project=data["project"], by=self.user)
        return self._fresh(record, s.ProjectRecordSerializer)

    @extend_schema(request=s.RecordRejectSerializer, responses=s.ProjectRecordSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """驳回(可填写原因); 记录保留。"""
        record, data = self._input(request)
        intelligence_services.record_reject(record=record, by=self.user, reason=data["reason"])
        return self._fresh(record, s.ProjectRecordSerializer)


@extend_schema(tags=["招商情报"])
class FigureRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """文章中抽取的统计数与目标(市场情报): 筛选条件与网页市场情报相同, 另可按文章 `article`、处理状态
    `status` 筛选; 抽取有误的用 `reject` 驳回。"""

    queryset = FigureRecord.objects.none()  # the model, for the schema; get_queryset scopes it

    serializer_class = s.FigureRecordSerializer
    filterset_class = filtersets.ApiFigureFilterSet
    ordering_fields = ["period_start", "period_end", "position", "id"]

    def get_queryset(self):
        return FigureRecord.objects.visible_to(self.user).select_related("article").order_by("-article", "kind",
                                                                                              "position")

    def get_serializer_class(self):
        return s.RecordRejectSerializer if self.action == "reject" else s.FigureRecordSerializer

    @extend_schema(request=s.RecordRejectSerializer, responses=s.FigureRecordSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """驳回(抽取有误, 可填写原因); 记录保留, 不再列入市场情报。"""
        record, data = self._input(request)
        intelligence_services.record_reject(record=record, by=self.user, reason=data["reason"])
        return self._fresh(record, s.FigureRecordSerializer)
