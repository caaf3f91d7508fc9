"""The intake models move in from the `requests_app` label: state only, the tables keep their names
(`requests_app_*`, see `Meta.db_table`) and every row stays where it is. Content types (and so
permissions and admin history) are relabelled so nothing points at the old label."""

import django.contrib.gis.db.models.fields
import django.db.models.deletion
import intake.models
from django.conf import settings
from django.db import migrations, models


MODELS = ("citizen", "category", "servicerequest", "attachment", "requesthistory", "coreporter", "requestintake",
          "question", "answer", "idempotencyrecord", "apitoken", "smsmessage")


def _relabel(apps, old: str, new: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects
    taken = set(content_types.filter(app_label=new, model__in=MODELS).values_list("model", flat=True))
    content_types.filter(app_label=old, model__in=set(MODELS) - taken).update(app_label=new)


def content_types_relabel(apps, schema_editor) -> None:
    _relabel(apps, "requests_app", "intake")


def content_types_restore(apps, schema_editor) -> None:
    _relabel(apps, "intake", "requests_app")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('requests_app', '0003_intake'),
        ('addresses', '0004_query_review'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Citizen',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phone', models.CharField(help_text='Stored in national form, e.g. 09121234567.', max_length=11, unique=True, verbose_name='phone number')),
                        ('name', models.CharField(blank=True, max_length=150, verbose_name='name')),
                        ('national_id', models.CharField(blank=True, max_length=10, verbose_name='national id')),
                        ('subscription_code', models.CharField(blank=True, help_text='Permanent subscribers give this code instead of their details.', max_length=20, null=True, unique=True, verbose_name='subscription code')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail')),
                        ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ],
                    options={
                        'verbose_name': 'citizen',
                        'verbose_name_plural': 'citizens',
                        'db_table': 'requests_app_citizen',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'API token',
                        'verbose_name_plural': 'API tokens',
                        'db_table': 'requests_app_apitoken',
                    },
                ),
                migrations.CreateModel(
                    name='Category',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=40, unique=True, verbose_name='code')),
                        ('name_fa', models.CharField(max_length=150, verbose_name='Persian name')),
                        ('name_en', models.CharField(blank=True, max_length=150, verbose_name='English name')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('sort_order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('default_urgency', models.CharField(choices=[('immediate', 'immediate (آنی)'), ('trackable', 'trackable (قابل پیگیری)')], default='trackable', max_length=20, verbose_name='default urgency')),
                        ('sla_hours', models.PositiveIntegerField(blank=True, null=True, verbose_name='deadline (working hours)')),
                        ('duplicate_radius_m', models.PositiveIntegerField(default=150, verbose_name='duplicate radius (m)')),
                        ('duplicate_window_days', models.PositiveIntegerField(default=14, verbose_name='duplicate window (days)')),
                        ('ivr_menu', models.CharField(blank=True, help_text='The menu choices that lead a caller to this sub-subject, e.g. 2-3.', max_length=20, verbose_name='IVR menu path')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='intake.category', verbose_name='subject')),
                    ],
                    options={
                        'verbose_name': 'category',
                        'verbose_name_plural': 'categories',
                        'db_table': 'requests_app_category',
                        'ordering': ['sort_order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='Question',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(blank=True, choices=[('phone', 'phone'), ('sms', 'SMS'), ('email', 'e-mail'), ('web', 'web site'), ('app', 'mobile app'), ('letter', 'letter'), ('in_person', 'in person'), ('ivr', 'IVR'), ('api', 'API')], help_text='Empty: asked on every channel.', max_length=20, verbose_name='channel')),
                        ('text', models.CharField(max_length=300, verbose_name='question')),
                        ('kind', models.CharField(choices=[('text', 'text'), ('number', 'number'), ('choice', 'single choice'), ('multi', 'multiple choice'), ('date', 'date'), ('yes_no', 'yes/no')], default='text', max_length=20, verbose_name='kind')),
                        ('choices', models.TextField(blank=True, help_text='One choice per line (choice questions only).', verbose_name='choices')),
                        ('required', models.BooleanField(default=False, verbose_name='required')),
                        ('sort_order', models.PositiveIntegerField(default=0, verbose_name='order')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='intake.category', verbose_name='sub-subject')),
                    ],
                    options={
                        'verbose_name': 'question',
                        'verbose_name_plural': 'questions',
                        'db_table': 'requests_app_question',
                        'ordering': ['category', 'sort_order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ServiceRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('tracking_code', models.CharField(max_length=12, unique=True, verbose_name='tracking code')),
                        ('channel', models.CharField(choices=[('phone', 'phone'), ('sms', 'SMS'), ('email', 'e-mail'), ('web', 'web site'), ('app', 'mobile app'), ('letter', 'letter'), ('in_person', 'in person'), ('ivr', 'IVR'), ('api', 'API')], db_index=True, max_length=20, verbose_name='channel')),
                        ('urgency', models.CharField(choices=[('immediate', 'immediate (آنی)'), ('trackable', 'trackable (قابل پیگیری)')], default='trackable', max_length=20, verbose_name='urgency')),
                        ('text', models.TextField(max_length=4000, verbose_name='description')),
                        ('address_text', models.CharField(blank=True, max_length=400, verbose_name='address')),
                        ('location', django.contrib.gis.db.models.fields.PointField(blank=True, null=True, srid=4326, verbose_name='location')),
                        ('h3_r7', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='H3 cell r7')),
                        ('h3_r8', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='H3 cell r8')),
                        ('h3_r9', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='H3 cell r9')),
                        ('h3_r10', models.BigIntegerField(blank=True, db_index=True, null=True, verbose_name='H3 cell r10')),
                        ('status', models.CharField(choices=[('draft', 'draft'), ('registered', 'registered'), ('in_followup', 'in follow-up'), ('in_response', 'in response'), ('closed', 'closed'), ('archived', 'archived')], db_index=True, default='registered', max_length=20, verbose_name='status')),
                        ('created_at', models.DateTimeField(db_index=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed at')),
                        ('is_demo', models.BooleanField(db_index=True, default=False, verbose_name='demo data')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='intake.category', verbose_name='category')),
                        ('citizen', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='requests', to='intake.citizen', verbose_name='citizen')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
                        ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='addresses.district', verbose_name='district')),
                        ('neighbourhood', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='addresses.neighbourhood', verbose_name='neighbourhood')),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='addresses.region', verbose_name='region')),
                    ],
                    options={
                        'verbose_name': 'request',
                        'verbose_name_plural': 'requests',
                        'db_table': 'requests_app_servicerequest',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='RequestIntake',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('possible_duplicate', models.BooleanField(db_index=True, default=False, verbose_name='possible duplicate')),
                        ('duplicate_candidates', models.JSONField(blank=True, default=list, verbose_name='duplicate candidates')),
                        ('register_anyway_reason', models.CharField(blank=True, max_length=500, verbose_name='reason for registering despite duplicates')),
                        ('answer_text', models.TextField(blank=True, max_length=4000, verbose_name='answer given on the spot')),
                        ('letter_number', models.CharField(blank=True, max_length=50, verbose_name='letter number')),
                        ('letter_date', models.DateField(blank=True, null=True, verbose_name='letter date')),
                        ('external_ref', models.CharField(blank=True, db_index=True, max_length=200, verbose_name='source reference')),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='intake', to='intake.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'intake details',
                        'verbose_name_plural': 'intake details',
                        'db_table': 'requests_app_requestintake',
                    },
                ),
                migrations.CreateModel(
                    name='RequestHistory',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=40, verbose_name='action')),
                        ('from_status', models.CharField(blank=True, max_length=20, verbose_name='from status')),
                        ('to_status', models.CharField(blank=True, max_length=20, verbose_name='to status')),
                        ('text', models.TextField(blank=True, verbose_name='text')),
                        ('data', models.JSONField(blank=True, default=dict, verbose_name='data')),
                        ('created_at', models.DateTimeField(db_index=True, verbose_name='at')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='actor')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='history', to='intake.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'history entry',
                        'verbose_name_plural': 'history',
                        'db_table': 'requests_app_requesthistory',
                        'ordering': ['request', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='IdempotencyRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=200)),
                        ('body_hash', models.CharField(max_length=64)),
                        ('response', models.JSONField(default=dict)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('request', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='intake.servicerequest')),
                    ],
                    options={
                        'db_table': 'requests_app_idempotencyrecord',
                    },
                ),
                migrations.CreateModel(
                    name='CoReporter',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('phone', 'phone'), ('sms', 'SMS'), ('email', 'e-mail'), ('web', 'web site'), ('app', 'mobile app'), ('letter', 'letter'), ('in_person', 'in person'), ('ivr', 'IVR'), ('api', 'API')], max_length=20, verbose_name='channel')),
                        ('text', models.TextField(blank=True, max_length=4000, verbose_name='description')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='co_reported', to='intake.citizen', verbose_name='citizen')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='registered by')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='co_reporters', to='intake.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'co-reporter',
                        'verbose_name_plural': 'co-reporters',
                        'db_table': 'requests_app_coreporter',
                    },
                ),
                migrations.CreateModel(
                    name='Attachment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('file', 'file'), ('photo', 'photo'), ('recording', 'call recording'), ('letter', 'scanned letter')], default='file', max_length=20, verbose_name='kind')),
                        ('file', models.FileField(upload_to=intake.models.attachment_path, verbose_name='file')),
                        ('original_name', models.CharField(max_length=255, verbose_name='original file name')),
                        ('content_type', models.CharField(max_length=120, verbose_name='content type')),
                        ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attachments', to='intake.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'attachment',
                        'verbose_name_plural': 'attachments',
                        'db_table': 'requests_app_attachment',
                    },
                ),
                migrations.CreateModel(
                    name='Answer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('question_text', models.CharField(max_length=300, verbose_name='question')),
                        ('value', models.JSONField(verbose_name='answer')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='intake.question', verbose_name='question')),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='intake.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'answer',
                        'verbose_name_plural': 'answers',
                        'db_table': 'requests_app_answer',
                    },
                ),
                migrations.CreateModel(
                    name='SmsMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('direction', models.CharField(choices=[('in', 'inbound'), ('out', 'outbound')], max_length=3, verbose_name='direction')),
                        ('phone', models.CharField(db_index=True, max_length=11, verbose_name='phone number')),
                        ('text', models.TextField(max_length=2000, verbose_name='text')),
                        ('state', models.CharField(choices=[('received', 'received'), ('queued', 'queued'), ('sent', 'sent'), ('failed', 'failed')], max_length=10, verbose_name='state')),
                        ('provider_ref', models.CharField(blank=True, max_length=100, verbose_name='provider reference')),
                        ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                        ('error', models.CharField(blank=True, max_length=500, verbose_name='last error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created at')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('request', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sms_messages', to='intake.servicerequest', verbose_name='request')),
                    ],
                    options={
                        'verbose_name': 'SMS message',
                        'verbose_name_plural': 'SMS messages',
                        'db_table': 'requests_app_smsmessage',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='servicerequest',
                    index=models.Index(fields=['status', 'created_at'], name='request_status_created'),
                ),
                migrations.AddIndex(
                    model_name='servicerequest',
                    index=models.Index(fields=['category', 'created_at'], name='request_category_created'),
                ),
                migrations.AddConstraint(
                    model_name='idempotencyrecord',
                    constraint=models.UniqueConstraint(fields=('user', 'key'), name='idempotency_key_per_user'),
                ),
                migrations.AddConstraint(
                    model_name='coreporter',
                    constraint=models.UniqueConstraint(fields=('request', 'citizen'), name='coreporter_once_per_request'),
                ),
                migrations.AddConstraint(
                    model_name='answer',
                    constraint=models.UniqueConstraint(fields=('request', 'question'), name='answer_once_per_question'),
                ),
                migrations.AddConstraint(
                    model_name='smsmessage',
                    constraint=models.UniqueConstraint(condition=models.Q(('provider_ref', ''), _negated=True), fields=('direction', 'provider_ref'), name='sms_provider_ref_once'),
                ),
            ],
        ),
        migrations.RunPython(content_types_relabel, content_types_restore, elidable=False),
    ]
