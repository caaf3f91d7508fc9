"""The models of this label now belong to `intake`: removed from the migration state only (the tables
stay, used by `intake`)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organization', '0004_requests_app_models_in_intake'),
        ('clustering', '0002_requests_app_models_in_intake'),
        ('workflow', '0003_requests_app_models_in_intake'),
        ('intake', '0001_models_from_requests_app'),
        ('requests_app', '0003_intake'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='apitoken',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='attachment',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='attachment',
                    name='uploaded_by',
                ),
                migrations.RemoveField(
                    model_name='category',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='servicerequest',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='question',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='coreporter',
                    name='citizen',
                ),
                migrations.RemoveField(
                    model_name='servicerequest',
                    name='citizen',
                ),
                migrations.RemoveField(
                    model_name='coreporter',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='coreporter',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='idempotencyrecord',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='idempotencyrecord',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='requesthistory',
                    name='actor',
                ),
                migrations.RemoveField(
                    model_name='requesthistory',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='requestintake',
                    name='request',
                ),
                migrations.RemoveField(
                    model_name='servicerequest',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='servicerequest',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='servicerequest',
                    name='neighbourhood',
                ),
                migrations.RemoveField(
                    model_name='servicerequest',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='smsmessage',
                    name='request',
                ),
                migrations.DeleteModel(
                    name='Answer',
                ),
                migrations.DeleteModel(
                    name='ApiToken',
                ),
                migrations.DeleteModel(
                    name='Attachment',
                ),
                migrations.DeleteModel(
                    name='Category',
                ),
                migrations.DeleteModel(
                    name='Question',
                ),
                migrations.DeleteModel(
                    name='Citizen',
                ),
                migrations.DeleteModel(
                    name='CoReporter',
                ),
                migrations.DeleteModel(
                    name='IdempotencyRecord',
                ),
                migrations.DeleteModel(
                    name='RequestHistory',
                ),
                migrations.DeleteModel(
                    name='RequestIntake',
                ),
                migrations.DeleteModel(
                    name='ServiceRequest',
                ),
                migrations.DeleteModel(
                    name='SmsMessage',
                ),
            ],
        ),
    ]
