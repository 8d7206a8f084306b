"""Fieldforms's tables, as the migrations up to 0005_submission_refusal_kept_untranslated left them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('fieldforms', '0001_field_forms_submissions_devices'),
        ('fieldforms', '0002_event_attendance_purpose'),
        ('fieldforms', '0003_monitoring_purpose'),
        ('fieldforms', '0004_market_prices_purpose'),
        ('fieldforms', '0005_submission_refusal_kept_untranslated'),
    ]

    dependencies = [
        ('assistance', '0001_squashed_0011_distribution_collector'),
        ('core', '0001_squashed_0005_usual_country_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FieldForm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('form_id', models.SlugField(max_length=100, unique=True, verbose_name='form id')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('purpose', models.CharField(choices=[('household_registration', 'Household registration'), ('distribution', 'Distribution at a site for a cycle'), ('institution_headcount', 'Institution headcount'), ('event_attendance', 'Event attendance'), ('monitoring', 'Post-distribution monitoring for a cycle'), ('market_prices', 'Market and price monitoring')], max_length=30, verbose_name='purpose')),
                ('is_open', models.BooleanField(default=True, verbose_name='open for submissions')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('cycle', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='assistance.cycle', verbose_name='cycle')),
                ('site', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'field form',
                'verbose_name_plural': 'field forms',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='Device',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=200, verbose_name='label')),
                ('token_digest', models.CharField(max_length=64, unique=True, verbose_name='token digest')),
                ('issued_at', models.DateTimeField(auto_now_add=True, verbose_name='issued')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='revoked')),
                ('admin_area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='area')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('issued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by')),
                ('site', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='acts as')),
                ('forms', models.ManyToManyField(related_name='devices', to='fieldforms.fieldform', verbose_name='forms')),
            ],
            options={
                'verbose_name': 'device',
                'verbose_name_plural': 'devices',
                'ordering': ['label'],
            },
        ),
        migrations.CreateModel(
            name='KoboSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('server_url', models.URLField(default='https://kf.kobotoolbox.org', verbose_name='Kobo server')),
                ('asset_uid', models.CharField(max_length=64, unique=True, verbose_name='asset uid')),
                ('mapping', models.JSONField(blank=True, default=dict, verbose_name='column mapping')),
                ('secret_digest', models.CharField(max_length=64, verbose_name='secret digest')),
                ('pulled_until', models.DateTimeField(blank=True, null=True, verbose_name='pulled until')),
                ('last_pull_at', models.DateTimeField(blank=True, null=True, verbose_name='last pull')),
                ('acting_user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='acts as')),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='kobo_sources', to='fieldforms.fieldform', verbose_name='form')),
            ],
            options={
                'verbose_name': 'Kobo source',
                'verbose_name_plural': 'Kobo sources',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Submission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('instance_id', models.CharField(max_length=100, unique=True, verbose_name='instance id')),
                ('version', models.CharField(blank=True, max_length=40, verbose_name='version')),
                ('channel', models.CharField(choices=[('openrosa', 'ODK Collect, KoboCollect or Enketo'), ('kobo_push', 'KoboToolbox REST service'), ('kobo_pull', 'KoboToolbox API pull')], max_length=12, verbose_name='channel')),
                ('received_at', models.DateTimeField(verbose_name='received')),
                ('sealed', models.TextField(blank=True, verbose_name='sealed payload')),
                ('digest', models.CharField(max_length=64, verbose_name='payload digest')),
                ('status', models.CharField(choices=[('applied', 'Applied'), ('review', 'Awaiting review'), ('rejected', 'Rejected'), ('replaced', 'Replaced by an edit')], max_length=10, verbose_name='status')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('refusal', models.JSONField(blank=True, default=list, verbose_name='refusal')),
                ('records', models.JSONField(blank=True, default=list, verbose_name='records')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('device', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='fieldforms.device', verbose_name='device')),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='submissions', to='fieldforms.fieldform', verbose_name='form')),
                ('replaces', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fieldforms.submission', verbose_name='edit of')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
            ],
            options={
                'verbose_name': 'submission',
                'verbose_name_plural': 'submissions',
                'ordering': ['-received_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='file name')),
                ('media_type', models.CharField(max_length=100, verbose_name='media type')),
                ('size', models.PositiveIntegerField(verbose_name='size')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('sealed', models.TextField(verbose_name='sealed content')),
                ('submission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='fieldforms.submission', verbose_name='submission')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['submission', 'name'],
            },
        ),
        migrations.CreateModel(
            name='FormVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.CharField(max_length=40, verbose_name='version')),
                ('xform', models.TextField(verbose_name='XForm')),
                ('md5', models.CharField(max_length=32, verbose_name='MD5')),
                ('published_at', models.DateTimeField(auto_now_add=True, verbose_name='published')),
                ('form', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='fieldforms.fieldform', verbose_name='form')),
                ('published_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
            ],
            options={
                'verbose_name': 'form version',
                'verbose_name_plural': 'form versions',
                'ordering': ['form', '-published_at', '-pk'],
                'constraints': [models.UniqueConstraint(fields=('form', 'version'), name='fieldforms_version_once')],
            },
        ),
        migrations.AddIndex(
            model_name='submission',
            index=models.Index(fields=['status', 'received_at'], name='fieldforms_sub_status'),
        ),
        migrations.AddConstraint(
            model_name='attachment',
            constraint=models.UniqueConstraint(fields=('submission', 'name'), name='fieldforms_attachment_once'),
        ),
    ]
