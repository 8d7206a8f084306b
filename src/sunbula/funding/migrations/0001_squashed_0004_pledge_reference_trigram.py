"""Funding's tables, as the migrations up to 0004_pledge_reference_trigram left them."""

import django.core.validators
import django.db.models.deletion
import sunbula.core.multilingual
from decimal import Decimal
from sunbula.core.trigram import trigram_indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('funding', '0001_appeals_conferences_pledges_commitments_payments'),
        ('funding', '0002_pledge_reminders'),
        ('funding', '0003_pledge_list_index'),
        ('funding', '0004_pledge_reference_trigram'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        ('partners', '0001_squashed_0002_focal_point_language'),
        ('programmes', '0001_squashed_0004_actual_not_below_zero'),
    ]

    operations = [
        migrations.CreateModel(
            name='Appeal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('code', models.CharField(max_length=40, unique=True, verbose_name='code')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'appeal',
                'verbose_name_plural': 'appeals',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Commitment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('committed_on', models.DateField(verbose_name='committed on')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount')),
                ('units_per_usd', models.DecimalField(decimal_places=8, max_digits=20, verbose_name='units per US dollar')),
                ('amount_usd', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (USD)')),
                ('quantity', models.DecimalField(blank=True, decimal_places=3, max_digits=16, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='quantity')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('agreement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partners.agreement', verbose_name='agreement')),
            ],
            options={
                'verbose_name': 'commitment',
                'verbose_name_plural': 'commitments',
                'ordering': ['committed_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='DonorConference',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('ends_on', models.DateField(verbose_name='ends on')),
                ('modality', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('hybrid', 'Hybrid')], max_length=10, verbose_name='modality')),
                ('venue', models.CharField(blank=True, max_length=255, verbose_name='venue')),
                ('announcements_published', models.BooleanField(default=False, help_text='When set, anyone may read the pledges without signing in.', verbose_name='financial announcements published')),
                ('appeal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='conferences', to='funding.appeal', verbose_name='appeal')),
                ('co_hosts', models.ManyToManyField(blank=True, related_name='+', to='core.organisation', verbose_name='co-hosts')),
                ('country', models.ForeignKey(help_text='The country the conference raises funds for; it decides who sees it.', on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
            ],
            options={
                'verbose_name': 'donor conference',
                'verbose_name_plural': 'donor conferences',
                'ordering': ['-starts_on'],
            },
        ),
        migrations.CreateModel(
            name='FundingRequirement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                ('amount_usd', models.DecimalField(decimal_places=2, max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='requirement (USD)')),
                ('appeal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='requirements', to='funding.appeal', verbose_name='appeal')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.programme', verbose_name='programme')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'funding requirement',
                'verbose_name_plural': 'funding requirements',
                'ordering': ['year', 'country__name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Payment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('paid_on', models.DateField(verbose_name='paid on')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='amount')),
                ('units_per_usd', models.DecimalField(decimal_places=8, max_digits=20, verbose_name='units per US dollar')),
                ('amount_usd', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (USD)')),
                ('quantity', models.DecimalField(blank=True, decimal_places=3, max_digits=16, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='quantity received')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('commitment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='payments', to='funding.commitment', verbose_name='commitment')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='currency')),
            ],
            options={
                'verbose_name': 'payment',
                'verbose_name_plural': 'payments',
                'ordering': ['paid_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Pledge',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('reference', models.CharField(max_length=40, unique=True, verbose_name='reference code')),
                ('pledged_on', models.DateField(verbose_name='pledged on')),
                ('amount', models.DecimalField(decimal_places=2, help_text='The current revision; zero once a pledge with nothing committed is cancelled.', max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                ('units_per_usd', models.DecimalField(decimal_places=8, max_digits=20, verbose_name='units per US dollar')),
                ('amount_usd', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (USD)')),
                ('contribution_type', models.CharField(choices=[('financial', 'Financial'), ('in_kind', 'In kind')], default='financial', max_length=10, verbose_name='contribution type')),
                ('commodity', models.CharField(blank=True, max_length=120, verbose_name='commodity')),
                ('quantity', models.DecimalField(blank=True, decimal_places=3, max_digits=16, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='quantity')),
                ('unit', models.CharField(blank=True, help_text='e.g. t, kg', max_length=20, verbose_name='unit')),
                ('earmarking', models.CharField(choices=[('1', 'Unearmarked'), ('2', 'Softly earmarked'), ('3', 'Earmarked'), ('4', 'Tightly earmarked')], default='3', max_length=1, verbose_name='earmarking')),
                ('sector', models.CharField(blank=True, choices=[('72040', 'Emergency food assistance'), ('52010', 'Food assistance'), ('31150', 'Agricultural inputs'), ('31161', 'Food crop production'), ('31181', 'Agricultural education and training'), ('31166', 'Agricultural extension'), ('31110', 'Agricultural policy and administrative management'), ('31140', 'Agricultural water resources'), ('43072', 'Household food security programmes'), ('43071', 'Food security policy and administrative management'), ('16063', 'Narcotics control'), ('15137', 'Prisons')], max_length=5, verbose_name='sector')),
                ('budget_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1990), django.core.validators.MaxValueValidator(2100)], verbose_name='budget year')),
                ('status', models.CharField(choices=[('active', 'Active'), ('cancelled', 'Cancelled')], default='active', max_length=10, verbose_name='status')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('conference', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pledges', to='funding.donorconference', verbose_name='conference')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='destination country')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='currency')),
                ('donor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='donor')),
                ('focal_point', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partners.focalpoint', verbose_name='focal point')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='later_years', to='funding.pledge', verbose_name='first year of the pledge')),
                ('programme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.programme', verbose_name='programme')),
                ('project', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'pledge',
                'verbose_name_plural': 'pledges',
                'ordering': ['-pledged_on', 'reference'],
            },
        ),
        migrations.AddField(
            model_name='commitment',
            name='pledge',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commitments', to='funding.pledge', verbose_name='pledge'),
        ),
        migrations.CreateModel(
            name='PledgeReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day_mark', models.PositiveSmallIntegerField(verbose_name='days outstanding')),
                ('sent_at', models.DateTimeField(verbose_name='sent')),
                ('recipient', models.EmailField(max_length=254, verbose_name='recipient')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='funding.pledge', verbose_name='pledge')),
            ],
            options={
                'verbose_name': 'pledge reminder',
                'verbose_name_plural': 'pledge reminders',
                'ordering': ['pledge', 'day_mark'],
            },
        ),
        migrations.CreateModel(
            name='PledgeRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='revision')),
                ('revised_on', models.DateField(verbose_name='date')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=18, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                ('amount_usd', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (USD)')),
                ('reason', models.CharField(blank=True, max_length=255, verbose_name='reason')),
                ('pledge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='funding.pledge', verbose_name='pledge')),
            ],
            options={
                'verbose_name': 'pledge revision',
                'verbose_name_plural': 'pledge revisions',
                'ordering': ['pledge', 'number'],
            },
        ),
        migrations.AddConstraint(
            model_name='donorconference',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='funding_conference_dates_in_order'),
        ),
        migrations.AddConstraint(
            model_name='payment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='funding_payment_positive'),
        ),
        migrations.AddIndex(
            model_name='pledge',
            index=models.Index(fields=['-pledged_on', 'reference', 'id'], name='funding_pledge_latest'),
        ),
        migrations.AddConstraint(
            model_name='pledge',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='funding_pledge_not_negative'),
        ),
        migrations.AddConstraint(
            model_name='pledge',
            constraint=models.CheckConstraint(condition=models.Q(('units_per_usd__gt', 0)), name='funding_pledge_rate_positive'),
        ),
        migrations.AddConstraint(
            model_name='commitment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='funding_commitment_positive'),
        ),
        migrations.AddConstraint(
            model_name='pledgereminder',
            constraint=models.UniqueConstraint(fields=('pledge', 'day_mark'), name='funding_pledgereminder_once'),
        ),
        migrations.AddConstraint(
            model_name='pledgerevision',
            constraint=models.UniqueConstraint(fields=('pledge', 'number'), name='funding_revision_once'),
        ),
        trigram_indexes("funding_pledge", {"funding_pledge_reference_trgm": "reference"}),
    ]
