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
    path("cases/<str:tracking_code>/transition/", views.case_transition, name="workflow-case-transition"),
    path("cases/<str:tracking_code>/draft/save/", views.case_draft_save, name="workflow-case-draft-save"),
    path("cases/<str:tracking_code>/draft/confirm/", views.case_draft_confirm, name="workflow-case-draft-confirm"),
    path("cases/<str:tracking_code>/draft/link/", views.case_draft_link, name="workflow-case-draft-link"),
    path("cases/<str:tracking_code>/answer/", views.case_answer, name="workflow-case-answer"),
    path("cases/<str:tracking_code>/survey/", views.case_survey, name="workflow-case-survey"),
    path("cases/<str:tracking_code>/rating/", views.case_rating, name="workflow-case-rating"),
    path("cases/<str:tracking_code>/letter/", views.case_letter, name="workflow-case-letter"),
    path("cases/<str:tracking_code>/reassign/", views.case_reassign, name="workflow-case-reassign"),
    path("supervision/", views.supervision, name="workflow-supervision"),
]
