"""Programmes's tables, as the migrations up to 0004_actual_not_below_zero left them."""

import django.core.validators
import django.db.models.deletion
import sunbula.core.multilingual
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('programmes', '0001_projects_results_and_three_w'),
        ('programmes', '0002_role_programmes'),
        ('programmes', '0003_project_assets_and_maintenance_visits'),
        ('programmes', '0004_actual_not_below_zero'),
    ]

    dependencies = [
        ('core', '0001_squashed_0005_usual_country_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Indicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('measure', models.CharField(choices=[('1', 'Unit'), ('2', 'Percentage'), ('5', 'Qualitative')], max_length=1, verbose_name='measure')),
                ('unit', models.CharField(blank=True, help_text='e.g. people, t', max_length=40, verbose_name='unit')),
                ('baseline_year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='baseline year')),
                ('baseline_value', models.DecimalField(blank=True, decimal_places=2, max_digits=16, null=True, verbose_name='baseline value')),
                ('by_sex', models.BooleanField(default=False, verbose_name='disaggregated by sex')),
                ('by_age_group', models.BooleanField(default=False, verbose_name='disaggregated by age group')),
                ('by_displacement', models.BooleanField(default=False, verbose_name='disaggregated by displacement status')),
            ],
            options={
                'verbose_name': 'indicator',
                'verbose_name_plural': 'indicators',
                'ordering': ['result', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Asset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('kind', models.CharField(choices=[('solar_water', 'Solar-powered water system'), ('well', 'Well or borehole'), ('irrigation', 'Irrigation canal or karez'), ('storage', 'Storage facility'), ('greenhouse', 'Greenhouse'), ('processing', 'Mill or processing equipment'), ('vehicle', 'Vehicle'), ('other', 'Other asset')], max_length=20, verbose_name='kind')),
                ('value', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='value')),
                ('installed_on', models.DateField(blank=True, null=True, verbose_name='installed on')),
                ('status', models.CharField(choices=[('planned', 'Planned'), ('operational', 'Operational'), ('needs_repair', 'Needs repair'), ('out_of_service', 'Out of service'), ('decommissioned', 'Decommissioned')], default='planned', max_length=20, verbose_name='status')),
                ('people_served', models.PositiveIntegerField(blank=True, null=True, verbose_name='people served')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('admin_area', models.ForeignKey(blank=True, help_text="Empty: the site's admin area.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area (P-code)')),
                ('currency', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='currency')),
                ('funded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='funded by')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.site', verbose_name='site')),
            ],
            options={
                'verbose_name': 'asset',
                'verbose_name_plural': 'assets',
                'ordering': ['name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MaintenanceVisit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visited_on', models.DateField(verbose_name='visited on')),
                ('visited_by', models.CharField(max_length=200, verbose_name='visited by')),
                ('finding', models.TextField(verbose_name='finding')),
                ('status_after', models.CharField(choices=[('planned', 'Planned'), ('operational', 'Operational'), ('needs_repair', 'Needs repair'), ('out_of_service', 'Out of service'), ('decommissioned', 'Decommissioned')], max_length=20, verbose_name='status after the visit')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('asset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='programmes.asset', verbose_name='asset')),
            ],
            options={
                'verbose_name': 'maintenance visit',
                'verbose_name_plural': 'maintenance visits',
                'ordering': ['asset', '-visited_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='Programme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=255, verbose_name='name (English)')),
                ('name_translations', sunbula.core.multilingual.TranslationsField(verbose_name='name in other languages')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('code', models.CharField(max_length=30, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9._-]*$', 'Letters, digits, dots and hyphens only.')], verbose_name='code')),
                ('description', models.TextField(blank=True, verbose_name='description (English)')),
                ('description_translations', sunbula.core.multilingual.TranslationsField(verbose_name='description in other languages')),
                ('iati_reporting_ref', models.CharField(help_text="Prefix of every project's IATI identifier.", max_length=60, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9-]*-[A-Za-z0-9-]+$', 'e.g. XM-DAC-41140')], verbose_name='IATI reporting organisation identifier')),
                ('reporting_organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reported_programmes', to='core.organisation', verbose_name='reporting organisation')),
            ],
            options={
                'verbose_name': 'programme',
                'verbose_name_plural': 'programmes',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='Project',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('code', models.CharField(max_length=40, unique=True, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9][A-Za-z0-9._-]*$', 'Letters, digits, dots and hyphens only.')], verbose_name='code')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('description', models.TextField(verbose_name='description (English)')),
                ('description_translations', sunbula.core.multilingual.TranslationsField(verbose_name='description in other languages')),
                ('recipient_region', models.CharField(blank=True, help_text='998: developing countries, unspecified.', max_length=3, validators=[django.core.validators.RegexValidator('^[0-9]{3}$', 'Three digits, e.g. 998.')], verbose_name='recipient region (OECD DAC code)')),
                ('status', models.CharField(choices=[('1', 'Pipeline or identification'), ('2', 'Implementation'), ('3', 'Finalisation'), ('4', 'Closed'), ('5', 'Cancelled'), ('6', 'Suspended')], max_length=1, verbose_name='status')),
                ('planned_start', models.DateField(verbose_name='planned start')),
                ('planned_end', models.DateField(verbose_name='planned end')),
                ('actual_start', models.DateField(blank=True, null=True, verbose_name='actual start')),
                ('actual_end', models.DateField(blank=True, null=True, verbose_name='actual end')),
                ('humanitarian', models.BooleanField(default=False, verbose_name='humanitarian')),
                ('humanitarian_scope_type', models.CharField(blank=True, choices=[('1', 'Emergency'), ('2', 'Appeal')], max_length=1, verbose_name='humanitarian scope type')),
                ('humanitarian_scope_code', models.CharField(blank=True, help_text='An FTS plan code (e.g. HAFG23) or a GLIDE number.', max_length=40, verbose_name='humanitarian plan or emergency code')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='default currency')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='programmes.programme', verbose_name='programme')),
                ('recipient_country', models.ForeignKey(blank=True, help_text='Leave empty for work across several countries; give a region instead.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='recipient country')),
            ],
            options={
                'verbose_name': 'project',
                'verbose_name_plural': 'projects',
                'ordering': ['code'],
            },
        ),
        migrations.AddField(
            model_name='asset',
            name='project',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assets', to='programmes.project', verbose_name='project'),
        ),
        migrations.CreateModel(
            name='ProjectDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('url', models.URLField(verbose_name='address')),
                ('file_format', models.CharField(max_length=80, verbose_name='file format (MIME type)')),
                ('category', models.CharField(max_length=3, validators=[django.core.validators.RegexValidator('^[AB][0-9]{2}$', 'e.g. A02')], verbose_name='IATI document category')),
                ('language', models.CharField(default='en', max_length=10, verbose_name='language')),
                ('document_date', models.DateField(blank=True, null=True, verbose_name='date')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'project document',
                'verbose_name_plural': 'project documents',
                'ordering': ['title'],
            },
        ),
        migrations.CreateModel(
            name='ReportingPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(verbose_name='period end')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='approved')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='approved by')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reporting_periods', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'reporting period',
                'verbose_name_plural': 'reporting periods',
                'ordering': ['period_start'],
            },
        ),
        migrations.CreateModel(
            name='IndicatorTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('value', models.DecimalField(decimal_places=2, max_digits=16, verbose_name='target')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='programmes.indicator', verbose_name='indicator')),
                ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='programmes.reportingperiod', verbose_name='period')),
            ],
            options={
                'verbose_name': 'indicator target',
                'verbose_name_plural': 'indicator targets',
            },
        ),
        migrations.CreateModel(
            name='IndicatorActual',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('sex', models.CharField(blank=True, choices=[('female', 'Female'), ('male', 'Male')], max_length=10, verbose_name='sex')),
                ('age_group', models.CharField(blank=True, choices=[('children', 'Children (under 18)'), ('adults', 'Adults (18 to 59)'), ('elderly', 'Elderly (60 and over)')], max_length=10, verbose_name='age group')),
                ('displacement', models.CharField(blank=True, choices=[('host', 'Host community'), ('idp', 'Internally displaced'), ('refugee', 'Refugee'), ('returnee', 'Returnee')], max_length=10, verbose_name='displacement status')),
                ('value', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='actual')),
                ('source', models.CharField(default='manual', help_text='Who fed this value.', max_length=40, verbose_name='source')),
                ('comment', models.CharField(blank=True, max_length=255, verbose_name='comment')),
                ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actuals', to='programmes.indicator', verbose_name='indicator')),
                ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actuals', to='programmes.reportingperiod', verbose_name='period')),
            ],
            options={
                'verbose_name': 'indicator actual',
                'verbose_name_plural': 'indicator actuals',
                'ordering': ['sex', 'age_group', 'displacement'],
            },
        ),
        migrations.CreateModel(
            name='Result',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('1', 'Output'), ('2', 'Outcome'), ('3', 'Impact')], max_length=1, verbose_name='level')),
                ('title', models.CharField(max_length=255, verbose_name='title (English)')),
                ('title_translations', sunbula.core.multilingual.TranslationsField(verbose_name='title in other languages')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'result',
                'verbose_name_plural': 'results',
                'ordering': ['level', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='indicator',
            name='result',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='programmes.result', verbose_name='result'),
        ),
        migrations.CreateModel(
            name='RoleProgramme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assignment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='programme_limits', to='core.roleassignment', verbose_name='role assignment')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='programmes.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'programme of a role',
                'verbose_name_plural': 'programmes of roles',
            },
        ),
        migrations.CreateModel(
            name='TargetGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('group', models.CharField(choices=[('patients', 'Patients of drug-treatment centres'), ('detainees', 'Prison detainees'), ('farmers', 'Farmers'), ('households', 'Vulnerable households'), ('returnees', 'Returnees'), ('refugees', 'Refugees'), ('host_communities', 'Host communities'), ('officials', 'Government officials')], max_length=20, verbose_name='group')),
                ('targeted', models.PositiveIntegerField(blank=True, null=True, verbose_name='people targeted')),
                ('targeted_female', models.PositiveIntegerField(blank=True, null=True, verbose_name='women and girls targeted')),
                ('targeted_male', models.PositiveIntegerField(blank=True, null=True, verbose_name='men and boys targeted')),
                ('reached', models.PositiveIntegerField(blank=True, null=True, verbose_name='people reached')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='target_groups', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'target group',
                'verbose_name_plural': 'target groups',
                'ordering': ['group'],
            },
        ),
        migrations.CreateModel(
            name='ThreeWImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_name', models.CharField(max_length=255, verbose_name='file name')),
                ('sha256', models.CharField(max_length=64, unique=True, verbose_name='SHA-256 of the file')),
                ('imported_at', models.DateTimeField(auto_now_add=True, verbose_name='imported')),
                ('country', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.country', verbose_name='country')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='shared by')),
            ],
            options={
                'verbose_name': '3W import',
                'verbose_name_plural': '3W imports',
                'ordering': ['-imported_at'],
            },
        ),
        migrations.CreateModel(
            name='ThreeWActivity',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('line', models.PositiveIntegerField(verbose_name='line in the file')),
                ('organisation_name', models.CharField(max_length=255, verbose_name='organisation')),
                ('organisation_type', models.CharField(blank=True, max_length=80, verbose_name='organisation type')),
                ('sector', models.CharField(choices=[('72040', 'Emergency food assistance'), ('52010', 'Food assistance'), ('31150', 'Agricultural inputs'), ('31161', 'Food crop production'), ('31181', 'Agricultural education and training'), ('31166', 'Agricultural extension'), ('31110', 'Agricultural policy and administrative management'), ('31140', 'Agricultural water resources'), ('43072', 'Household food security programmes'), ('43071', 'Food security policy and administrative management'), ('16063', 'Narcotics control'), ('15137', 'Prisons')], max_length=5, verbose_name='DAC sector')),
                ('activity', models.CharField(max_length=255, verbose_name='activity')),
                ('start', models.DateField(verbose_name='start')),
                ('end', models.DateField(verbose_name='end')),
                ('status', models.CharField(blank=True, max_length=20, verbose_name='status')),
                ('targeted', models.PositiveIntegerField(blank=True, null=True, verbose_name='people targeted')),
                ('reached', models.PositiveIntegerField(blank=True, null=True, verbose_name='people reached')),
                ('admin_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='programmes.threewimport', verbose_name='import')),
            ],
            options={
                'verbose_name': '3W activity',
                'verbose_name_plural': '3W activities',
                'ordering': ['source', 'line'],
            },
        ),
        migrations.CreateModel(
            name='GoverningBodyDecision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.CharField(max_length=200, verbose_name='governing body session')),
                ('body_translations', sunbula.core.multilingual.TranslationsField(verbose_name='session in other languages')),
                ('kind', models.CharField(choices=[('endorsement', 'Endorsement'), ('reaffirmation', 'Reaffirmation'), ('approval', 'Approval')], max_length=20, verbose_name='kind')),
                ('place', models.CharField(max_length=120, verbose_name='place')),
                ('held_from', models.DateField(verbose_name='held from')),
                ('held_until', models.DateField(verbose_name='held until')),
                ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='programmes.programme', verbose_name='programme')),
            ],
            options={
                'verbose_name': 'governing body decision',
                'verbose_name_plural': 'governing body decisions',
                'ordering': ['held_from'],
                'constraints': [models.CheckConstraint(condition=models.Q(('held_until__gte', models.F('held_from'))), name='programmes_decision_dates_in_order')],
            },
        ),
        migrations.CreateModel(
            name='ParticipatingOrganisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('1', 'Funding'), ('2', 'Accountable'), ('3', 'Extending'), ('4', 'Implementing')], max_length=1, verbose_name='IATI role')),
                ('funding_share', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='co-funding share (%)')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.organisation', verbose_name='organisation')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'participating organisation',
                'verbose_name_plural': 'participating organisations',
                'ordering': ['role', 'organisation__name'],
                'constraints': [models.UniqueConstraint(fields=('project', 'organisation', 'role'), name='programmes_participant_once')],
            },
        ),
        migrations.CreateModel(
            name='Budget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('is_illustrative', models.BooleanField(default=False, verbose_name='illustrative')),
                ('period_start', models.DateField(verbose_name='period start')),
                ('period_end', models.DateField(verbose_name='period end')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=16, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='amount')),
                ('status', models.CharField(choices=[('1', 'Indicative'), ('2', 'Committed')], default='1', max_length=1, verbose_name='status')),
                ('currency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.currency', verbose_name='currency')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='budgets', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'budget',
                'verbose_name_plural': 'budgets',
                'ordering': ['period_start'],
                'constraints': [models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='programmes_budget_dates_in_order'), models.UniqueConstraint(fields=('project', 'period_start'), name='programmes_budget_one_per_period')],
            },
        ),
        migrations.CreateModel(
            name='ProjectLocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('percentage', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='percentage')),
                ('admin_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.adminarea', verbose_name='admin area')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='locations', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'project location',
                'verbose_name_plural': 'project locations',
                'ordering': ['admin_area__p_code'],
                'constraints': [models.UniqueConstraint(fields=('project', 'admin_area'), name='programmes_location_once')],
            },
        ),
        migrations.CreateModel(
            name='ProjectSector',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('vocabulary', models.CharField(default='1', max_length=3, verbose_name='sector vocabulary')),
                ('code', models.CharField(choices=[('72040', 'Emergency food assistance'), ('52010', 'Food assistance'), ('31150', 'Agricultural inputs'), ('31161', 'Food crop production'), ('31181', 'Agricultural education and training'), ('31166', 'Agricultural extension'), ('31110', 'Agricultural policy and administrative management'), ('31140', 'Agricultural water resources'), ('43072', 'Household food security programmes'), ('43071', 'Food security policy and administrative management'), ('16063', 'Narcotics control'), ('15137', 'Prisons')], max_length=5, verbose_name='DAC sector')),
                ('percentage', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='percentage')),
                ('project', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sectors', to='programmes.project', verbose_name='project')),
            ],
            options={
                'verbose_name': 'project sector',
                'verbose_name_plural': 'project sectors',
                'ordering': ['-percentage', 'code'],
                'constraints': [models.UniqueConstraint(fields=('project', 'vocabulary', 'code'), name='programmes_sector_once')],
            },
        ),
        migrations.AddConstraint(
            model_name='reportingperiod',
            constraint=models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='programmes_period_dates_in_order'),
        ),
        migrations.AddConstraint(
            model_name='reportingperiod',
            constraint=models.UniqueConstraint(fields=('project', 'period_start'), name='programmes_period_once'),
        ),
        migrations.AddConstraint(
            model_name='indicatortarget',
            constraint=models.UniqueConstraint(fields=('indicator', 'period'), name='programmes_target_once'),
        ),
        migrations.AddConstraint(
            model_name='indicatoractual',
            constraint=models.UniqueConstraint(fields=('indicator', 'period', 'sex', 'age_group', 'displacement'), name='programmes_actual_once'),
        ),
        migrations.AddConstraint(
            model_name='roleprogramme',
            constraint=models.UniqueConstraint(fields=('assignment', 'programme'), name='programmes_roleprogramme_unique'),
        ),
        migrations.AddConstraint(
            model_name='targetgroup',
            constraint=models.UniqueConstraint(fields=('project', 'group'), name='programmes_group_once'),
        ),
    ]
