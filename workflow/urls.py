"""Pages of the workflow app (the shell includes these at the site root)."""

from django.urls import path

from workflow import views

urlpatterns = [
    path("inbox/receipt/", views.inbox, {"code": "receipt"}, name="inbox-receipt"),
    path("inbox/followup/", views.inbox, {"code": "followup"}, name="inbox-followup"),
    path("inbox/response/", views.inbox, {"code": "response"}, name="inbox-response"),
    path("inbox/feedback/", views.inbox, {"code": "feedback"}, name="inbox-feedback"),
    path("inbox/archive/", views.inbox, {"code": "archive"}, name="inbox-archive"),
    path("inbox/<slug:code>/", views.inbox, name="workflow-inbox"),
    path("cases/<str:tracking_code>/", views.case_detail, name="workflow-case"),
    path("cases/<str:tracking_code>/visit/", views.site_visit, name="workflow-visit"),
    path("supervision/", views.supervision, name="workflow-supervision"),
]
