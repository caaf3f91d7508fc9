from django.db import migrations

DEPUTIES = [
    # code, Persian, English
    ("urban-planning", "معاونت شهرسازی و معماری", "Urban Planning and Architecture"),
    ("technical-civil", "معاونت فنی و عمرانی", "Technical and Civil Works"),
    ("transport-traffic", "معاونت حمل و نقل و ترافیک", "Transport and Traffic"),
    ("services-environment", "معاونت خدمات شهری و محیط زیست", "Urban Services and Environment"),
    ("social-cultural", "معاونت اجتماعی و فرهنگی", "Social and Cultural Affairs"),
    ("finance-economy", "معاونت مالی و اقتصادی", "Finance and Economy"),
    ("planning-hr", "معاونت برنامه‌ریزی، توسعه سرمایه انسانی و امور شورا", "Planning, Human Capital and Council Affairs"),
    ("regions-coordination", "معاونت هماهنگی و امور مناطق", "Coordination and Regional Affairs"),
]

ROLES = [
    ("operator", "اپراتور دریافت", "Receipt operator"),
    ("followup", "کارشناس پیگیری", "Follow-up expert"),
    ("responder", "کارشناس پاسخگویی", "Response expert"),
    ("supervisor", "ناظر", "Supervisor"),
    ("manager", "مدیر", "Manager"),
    ("planner", "برنامه‌ریز", "Planner"),
]


def create_defaults(apps, schema_editor):
    Deputy = apps.get_model("organization", "Deputy")
    Group = apps.get_model("auth", "Group")
    RoleDefinition = apps.get_model("organization", "RoleDefinition")
    for order, (code, fa, en) in enumerate(DEPUTIES, start=1):
        Deputy.objects.get_or_create(code=code, defaults={"name_fa": fa, "name_en": en, "sort_order": order})
    for name, fa, en in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        RoleDefinition.objects.get_or_create(group=group, defaults={"label_fa": fa, "label_en": en})


class Migration(migrations.Migration):
    dependencies = [("organization", "0002_org_chart_roles_scopes_audit")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
