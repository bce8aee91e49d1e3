from rest_framework.routers import DefaultRouter

from zhaoshang.api import views

router = DefaultRouter()
router.register("divisions", views.DivisionViewSet, basename="division")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("teams", views.TeamViewSet, basename="team")
router.register("users", views.UserViewSet, basename="user")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("stage-events", views.StageEventViewSet, basename="stage-event")
router.register("interactions", views.InteractionViewSet, basename="interaction")
router.register("construction/annual-plans", views.AnnualPlanViewSet, basename="annual-plan")
router.register("construction/monthly-entries", views.InvestmentEntryViewSet, basename="monthly-entry")
router.register("construction/plan-nodes", views.PlanNodeViewSet, basename="plan-node")
router.register("construction/supervisions", views.SupervisionViewSet, basename="supervision")
router.register("target-plans", views.TargetPlanViewSet, basename="target-plan")
router.register("targets", views.TargetViewSet, basename="target")
router.register("fdi-arrivals", views.FdiArrivalViewSet, basename="fdi-arrival")
router.register("evaluation/runs", views.EvaluationRunViewSet, basename="evaluation-run")
router.register("evaluation/results", views.EvaluationResultViewSet, basename="evaluation-result")
router.register("intelligence/articles", views.ArticleViewSet, basename="article")
router.register("intelligence/project-records", views.ProjectRecordViewSet, basename="project-record")
router.register("intelligence/figure-records", views.FigureRecordViewSet, basename="figure-record")

app_name = "api"
urlpatterns = router.urls
