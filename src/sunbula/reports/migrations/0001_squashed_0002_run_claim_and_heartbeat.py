"""Reports's tables, as the migrations up to 0002_run_claim_and_heartbeat left them."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('reports', '0001_report_runs'),
        ('reports', '0002_run_claim_and_heartbeat'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        ('funding', '0001_squashed_0004_pledge_reference_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='task')),
                ('claimed_by', models.CharField(blank=True, editable=False, max_length=100, verbose_name='worker')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('kind', models.CharField(choices=[('donor', 'Donor report'), ('governing_body', 'Governing-body report')], max_length=20, verbose_name='kind')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('language', models.CharField(choices=[('en', 'English'), ('ar', 'Arabic'), ('fr', 'French'), ('ru', 'Russian')], max_length=10, verbose_name='language')),
                ('status', models.CharField(choices=[('pending', 'Waiting to start'), ('running', 'Running'), ('done', 'Ready'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                ('progress', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='progress (%)')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('data_as_of', models.DateTimeField(blank=True, null=True, verbose_name='figures as of')),
                ('stored_name', models.CharField(blank=True, max_length=64, verbose_name='stored file')),
                ('error', models.CharField(blank=True, max_length=255, verbose_name='error')),
                ('donor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='donor')),
                ('pledge', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='funding.pledge', verbose_name='pledge')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'report run',
                'verbose_name_plural': 'report runs',
                'ordering': ['-requested_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('donor__isnull', True), ('kind', 'governing_body'), ('year__isnull', False)), models.Q(('donor__isnull', False), ('kind', 'donor')), _connector='OR'), name='reports_run_subject_fits_kind'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='reports_run_progress')],
            },
        ),
    ]
