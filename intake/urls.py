"""Pages of the intake app (the shell includes these at the site root)."""

from django.urls import path

from intake import views
from intake.channels import views as channel_views
from intake.channels import web as web_channel

urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("intake/caller/", views.caller, name="intake-caller"),
    path("intake/citizens/", views.citizen_create, name="intake-citizen-create"),
    path("intake/message/", views.message_form, name="intake-message-form"),
    path("intake/questions/", views.questions, name="intake-questions"),
    path("intake/messages/", views.message_register, name="intake-message-register"),
    path("channels/sms/inbound/", channel_views.sms_inbound, name="sms-inbound"),
    path("channels/sms/inbound/<slug:provider>/", channel_views.sms_inbound, name="sms-inbound-provider"),
    path("channels/ivr/calls/", channel_views.ivr_call, name="ivr-call"),
    path("report/", web_channel.web_report, name="web-report"),
    path("report/verify/<str:token>/", web_channel.web_report_verify, name="web-report-verify"),
    path("track/", web_channel.public_tracking, name="public-tracking"),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment-download"),
]
