"""Policy's tables."""

import django.core.validators
import django.db.models.deletion
import sunbula.core.multilingual
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AssessmentFramework',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('code', models.SlugField(max_length=40, verbose_name='code')),
                ('version', models.PositiveSmallIntegerField(default=1, verbose_name='version')),
                ('reference', models.CharField(blank=True, max_length=255, verbose_name='reference document')),
            ],
            options={
                'verbose_name': 'assessment framework',
                'verbose_name_plural': 'assessment frameworks',
                'ordering': ['code', '-version'],
                'constraints': [models.UniqueConstraint(fields=('code', 'version'), name='policy_framework_version')],
            },
        ),
        migrations.CreateModel(
            name='Criterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('code', models.CharField(max_length=20, verbose_name='code')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('framework', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='policy.assessmentframework', verbose_name='assessment framework')),
            ],
            options={
                'verbose_name': 'criterion',
                'verbose_name_plural': 'criteria',
                'ordering': ['order', 'code'],
            },
        ),
        migrations.CreateModel(
            name='CriterionScore',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1900), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('score', models.PositiveSmallIntegerField(help_text='0 not met … 3 fully met', validators=[django.core.validators.MaxValueValidator(3)], verbose_name='score')),
                ('evidence', models.TextField(verbose_name='evidence')),
                ('evidence_translations', sunbula.core.multilingual.TranslationsField(verbose_name='evidence in other languages')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='scores', to='policy.criterion', verbose_name='criterion')),
            ],
            options={
                'verbose_name': 'criterion score',
                'verbose_name_plural': 'criterion scores',
                'ordering': ['criterion__order', 'country__name', '-year'],
            },
        ),
        migrations.CreateModel(
            name='IndicatorValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('series_code', models.CharField(max_length=30, validators=[django.core.validators.RegexValidator('^[A-Z0-9_]+$', 'A UN series code, e.g. SN_ITK_DEFC.')], verbose_name='series code')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1900), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('value', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='value')),
                ('qualifier', models.CharField(blank=True, choices=[('<', '<'), ('>', '>')], max_length=1, verbose_name='qualifier')),
                ('units', models.CharField(blank=True, max_length=40, verbose_name='units')),
                ('source', models.CharField(max_length=255, verbose_name='source')),
                ('retrieved_on', models.DateField(verbose_name='retrieved on')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'indicator value',
                'verbose_name_plural': 'indicator values',
                'ordering': ['country__name', 'series_code', '-year'],
            },
        ),
        migrations.CreateModel(
            name='PolicyProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('validated', 'Validated'), ('published', 'Published')], default='draft', max_length=20, verbose_name='status')),
                ('validated_at', models.DateTimeField(blank=True, null=True, verbose_name='validated')),
                ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published')),
                ('is_illustrative', models.BooleanField(default=False, help_text='Demonstration data that the source documents do not give.', verbose_name='illustrative')),
                ('country', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='policy_profile', to='core.country', verbose_name='country')),
                ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted by')),
                ('validated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='validated by')),
            ],
            options={
                'verbose_name': 'policy profile',
                'verbose_name_plural': 'policy profiles',
                'ordering': ['country__name'],
            },
        ),
        migrations.CreateModel(
            name='PolicyDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('group', models.CharField(choices=[('consumer', 'Consumer-oriented'), ('producer', 'Producer-oriented'), ('trade_macro', 'Trade and macroeconomic')], max_length=20, verbose_name='group')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='policy.policyprofile', verbose_name='policy profile')),
            ],
            options={
                'verbose_name': 'policy decision',
                'verbose_name_plural': 'policy decisions',
                'ordering': ['-decided_on', 'name'],
            },
        ),
        migrations.CreateModel(
            name='LegalInstrument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('kind', models.CharField(choices=[('constitution', 'Constitution'), ('legislation', 'Legislation'), ('regulation', 'Regulation'), ('policy', 'Policy'), ('international_agreement', 'International agreement'), ('miscellaneous', 'Miscellaneous')], max_length=30, verbose_name='type of text')),
                ('date_of_text', models.DateField(blank=True, null=True, verbose_name='date of text')),
                ('faolex_id', models.CharField(blank=True, max_length=40, verbose_name='FAOLEX record')),
                ('amends', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='amended_by', to='policy.legalinstrument', verbose_name='amends')),
                ('repeals', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='repealed_by', to='policy.legalinstrument', verbose_name='repeals')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='legal_instruments', to='policy.policyprofile', verbose_name='policy profile')),
            ],
            options={
                'verbose_name': 'legal instrument',
                'verbose_name_plural': 'legal instruments',
                'ordering': ['-date_of_text', 'name'],
            },
        ),
        migrations.CreateModel(
            name='CoordinatingBody',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('legal_basis', models.CharField(blank=True, max_length=255, verbose_name='legal basis')),
                ('chair', models.CharField(blank=True, max_length=255, verbose_name='chair')),
                ('members', models.TextField(blank=True, verbose_name='members')),
                ('has_civil_society_seat', models.BooleanField(default=False, verbose_name='civil-society seat')),
                ('has_private_sector_seat', models.BooleanField(default=False, verbose_name='private-sector seat')),
                ('meeting_frequency', models.CharField(blank=True, choices=[('monthly', 'Monthly'), ('quarterly', 'Quarterly'), ('twice_a_year', 'Twice a year'), ('yearly', 'Yearly'), ('ad_hoc', 'When called')], max_length=20, verbose_name='meets')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coordinating_bodies', to='policy.policyprofile', verbose_name='policy profile')),
            ],
            options={
                'verbose_name': 'coordinating body',
                'verbose_name_plural': 'coordinating bodies',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='ReportSnapshot',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('taken_on', models.DateField(verbose_name='taken on')),
                ('content', models.JSONField(verbose_name='content')),
                ('content_sha256', models.CharField(max_length=64, verbose_name='content fingerprint')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'report snapshot',
                'verbose_name_plural': 'report snapshots',
                'ordering': ['-taken_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Strategy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('start_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1900), django.core.validators.MaxValueValidator(2100)], verbose_name='from year')),
                ('end_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1900), django.core.validators.MaxValueValidator(2100)], verbose_name='to year')),
                ('status', models.CharField(choices=[('drafted', 'Being drafted'), ('adopted', 'Adopted'), ('expired', 'Expired'), ('superseded', 'Superseded')], max_length=20, verbose_name='status')),
                ('adopting_body', models.CharField(blank=True, max_length=255, verbose_name='adopted by')),
                ('reference', models.CharField(blank=True, help_text='A FAOLEX record, e.g. LEX-FAOC197963.', max_length=100, verbose_name='reference')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='strategies', to='policy.policyprofile', verbose_name='policy profile')),
            ],
            options={
                'verbose_name': 'strategy or plan',
                'verbose_name_plural': 'strategies and plans',
                'ordering': ['-start_year', 'name'],
            },
        ),
        migrations.AddConstraint(
            model_name='criterion',
            constraint=models.UniqueConstraint(fields=('framework', 'code'), name='policy_criterion_code'),
        ),
        migrations.AddConstraint(
            model_name='criterionscore',
            constraint=models.UniqueConstraint(fields=('criterion', 'country', 'year'), name='policy_score_once_a_year'),
        ),
        migrations.AddConstraint(
            model_name='indicatorvalue',
            constraint=models.UniqueConstraint(fields=('country', 'series_code', 'year'), name='policy_indicator_one_per_year'),
        ),
        migrations.AddConstraint(
            model_name='strategy',
            constraint=models.CheckConstraint(condition=models.Q(('end_year__gte', models.F('start_year'))), name='policy_strategy_period_in_order'),
        ),
    ]
